<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv_SE">
<context>
    <name>App</name>
    <message>
        <source>Demo mode: built-in sandbox with invented customers</source>
        <translation>Demoläge: inbyggd sandlåda med påhittade kunder</translation>
    </message>
    <message>
        <source>Loyalty: Voyado Engage</source>
        <translation>Lojalitet: Voyado Engage</translation>
    </message>
    <message>
        <source>Engage: {host}</source>
        <translation>Engage: {host}</translation>
    </message>
    <message>
        <source>Demo: try 7001234567, 2400004711205 or familjen.holm@example.com.</source>
        <translation>Demo: prova 7001234567, 2400004711205 eller familjen.holm@example.com.</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Inte ansluten</translation>
    </message>
    <message>
        <source>Scanner: connecting to {port}…</source>
        <translation>Skanner: ansluter till {port}…</translation>
    </message>
    <message>
        <source>Scanner: {port}</source>
        <translation>Skanner: {port}</translation>
    </message>
    <message>
        <source>Scanner disconnected ({port}): waiting for it</source>
        <translation>Skannern är frånkopplad ({port}): väntar på den</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Ansluter…</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Startar…</translation>
    </message>
    <message>
        <source>Connecting to loyalty.</source>
        <translation>Ansluter till lojalitetssystemet.</translation>
    </message>
</context>
<context>
    <name>CandidateList</name>
    <message>
        <source>Matching members</source>
        <translation>Medlemmar som matchar</translation>
    </message>
    <message>
        <source>Several members match</source>
        <translation>Flera medlemmar hittades</translation>
    </message>
    <message>
        <source>{n} members have this {kind}.</source>
        <translation>{n} medlemmar har samma {kind}.</translation>
    </message>
    <message>
        <source>Showing {shown} of them.</source>
        <translation>{shown} av dem visas.</translation>
    </message>
    <message>
        <source>Ask the customer which one, then pick with ↑/↓ and Enter, or click. Nobody is picked automatically.</source>
        <translation>Fråga kunden vem av dem det är och välj med ↑/↓ och Enter, eller klicka. Ingen väljs automatiskt.</translation>
    </message>
    <message>
        <source>Fetching match {n}…</source>
        <translation>Hämtar träff {n}…</translation>
    </message>
    <message>
        <source>Match {n} could not be fetched.</source>
        <translation>Träff {n} kunde inte hämtas.</translation>
    </message>
</context>
<context>
    <name>CashierView</name>
    <message>
        <source>Scan a card, or type e-mail, phone, personal or member number</source>
        <translation>Skanna ett kort eller skriv e-post, telefon-, person- eller medlemsnummer</translation>
    </message>
    <message>
        <source>Search customer</source>
        <translation>Sök kund</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Medlem</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <source>Contact type (F3)</source>
        <translation>Kontakttyp (F3)</translation>
    </message>
    <message>
        <source>Scan a card or type</source>
        <translation>Skanna kort eller skriv</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Sök</translation>
    </message>
    <message>
        <source>Look up what is typed (Enter)</source>
        <translation>Sök på det som är skrivet (Enter)</translation>
    </message>
    <message>
        <source>Clear  Esc</source>
        <translation>Rensa  Esc</translation>
    </message>
    <message>
        <source>Clear the customer (Esc)</source>
        <translation>Rensa kunden (Esc)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Inställningar</translation>
    </message>
    <message>
        <source>Set up this till (F10, store IT)</source>
        <translation>Ställ in den här kassan (F10, butiks-IT)</translation>
    </message>
    <message>
        <source>Try again  F5</source>
        <translation>Försök igen  F5</translation>
    </message>
    <message>
        <source>Look the last customer up again (F5)</source>
        <translation>Sök på den senaste kunden igen (F5)</translation>
    </message>
    <message>
        <source>Press F5 to try again; no need to scan again.</source>
        <translation>Tryck F5 för att försöka igen – du behöver inte skanna om.</translation>
    </message>
    <message>
        <source>{reason} The customer stays on screen.</source>
        <translation>{reason} Kunden ligger kvar på skärmen.</translation>
    </message>
    <message>
        <source>No member for that card.</source>
        <translation>Ingen medlem har det kortet.</translation>
    </message>
    <message>
        <source>Found by {kind}</source>
        <translation>Hittad via {kind}</translation>
    </message>
    <message>
        <source>Clearing in {n} s — press any key to keep this customer</source>
        <translation>Rensas om {n} s – tryck på valfri tangent för att behålla kunden</translation>
    </message>
</context>
<context>
    <name>LookupKind</name>
    <message>
        <source>contact id</source>
        <translation>kontakt-id</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>e-post</translation>
    </message>
    <message>
        <source>phone number</source>
        <translation>telefonnummer</translation>
    </message>
    <message>
        <source>personal number</source>
        <translation>personnummer</translation>
    </message>
    <message>
        <source>member number</source>
        <translation>medlemsnummer</translation>
    </message>
    <message>
        <source>any identifier</source>
        <translation>alla id-typer</translation>
    </message>
</context>
<context>
    <name>ProfilePresentation</name>
    <message>
        <source>No expiry date</source>
        <translation>Inget slutdatum</translation>
    </message>
    <message>
        <source>No points account for the configured definition</source>
        <translation>Inget poängkonto för den inställda poängtypen</translation>
    </message>
    <message>
        <source>Points definition {id}</source>
        <translation>Poängtyp {id}</translation>
    </message>
    <message>
        <source>Points account {n}</source>
        <translation>Poängkonto {n}</translation>
    </message>
    <message>
        <source>1 more point account</source>
        <translation>1 poängkonto till</translation>
    </message>
    <message>
        <source>{n} more point accounts</source>
        <translation>{n} poängkonton till</translation>
    </message>
    <message>
        <source>Expired {date}</source>
        <translation>Gick ut {date}</translation>
    </message>
    <message>
        <source>Expires today</source>
        <translation>Går ut i dag</translation>
    </message>
    <message>
        <source>Expires tomorrow</source>
        <translation>Går ut i morgon</translation>
    </message>
    <message>
        <source>Expires in {n} days</source>
        <translation>Går ut om {n} dagar</translation>
    </message>
    <message>
        <source>Expires {date}</source>
        <translation>Går ut {date}</translation>
    </message>
    <message>
        <source>Member no.</source>
        <translation>Medlemsnr</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Butik</translation>
    </message>
    <message>
        <source>Protected identity</source>
        <translation>Skyddad identitet</translation>
    </message>
    <message>
        <source>{n} years</source>
        <translation>{n} år</translation>
    </message>
    <message>
        <source>Personal no.</source>
        <translation>Personnr</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Ålder</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-post</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>Mobil</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adress</translation>
    </message>
    <message>
        <source>No name on file</source>
        <translation>Inget namn registrerat</translation>
    </message>
    <message>
        <source>{points} points</source>
        <translation>{points} poäng</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Nivå</translation>
    </message>
    <message>
        <source>based on {points}</source>
        <translation>baserat på {points}</translation>
    </message>
    <message>
        <source>{points} to the next tier</source>
        <translation>{points} till nästa nivå</translation>
    </message>
    <message>
        <source>valid until {date}</source>
        <translation>giltig till {date}</translation>
    </message>
    <message>
        <source>Redeemed {date}</source>
        <translation>Inlöst {date}</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>Inlöst</translation>
    </message>
    <message>
        <source>Reward voucher</source>
        <translation>Bonuscheck</translation>
    </message>
    <message>
        <source>1 voucher has no value in {currency} and is not counted</source>
        <translation>1 bonuscheck saknar värde i {currency} och räknas inte med</translation>
    </message>
    <message>
        <source>{n} vouchers have no value in {currency} and are not counted</source>
        <translation>{n} bonuscheckar saknar värde i {currency} och räknas inte med</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Rabatt</translation>
    </message>
    <message>
        <source>{points} expire on {date}</source>
        <translation>{points} går ut {date}</translation>
    </message>
    <message>
        <source>{points} expire today</source>
        <translation>{points} går ut i dag</translation>
    </message>
    <message>
        <source>{points} expire tomorrow</source>
        <translation>{points} går ut i morgon</translation>
    </message>
    <message>
        <source>{points} expire in {n} days</source>
        <translation>{points} går ut om {n} dagar</translation>
    </message>
    <message>
        <source>Amount off</source>
        <translation>Kronor av</translation>
    </message>
    <message>
        <source>Offer code</source>
        <translation>Kampanjkod</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>Instruktion</translation>
    </message>
    <message>
        <source>Swipe</source>
        <translation>Skanna</translation>
    </message>
    <message>
        <source>Offer</source>
        <translation>Erbjudande</translation>
    </message>
    <message>
        <source>Web shop only</source>
        <translation>Endast webbutik</translation>
    </message>
    <message>
        <source>Not at the till</source>
        <translation>Inte i kassan</translation>
    </message>
    <message>
        <source>Promotion</source>
        <translation>Erbjudande</translation>
    </message>
    <message>
        <source>Member no. {number}</source>
        <translation>Medlemsnr {number}</translation>
    </message>
    <message>
        <source>Store {store}</source>
        <translation>Butik {store}</translation>
    </message>
    <message>
        <source>Ask for a mobile number</source>
        <translation>Be om mobilnummer</translation>
    </message>
    <message>
        <source>Ask the customer to check their mobile number</source>
        <translation>Be kunden kontrollera sitt mobilnummer</translation>
    </message>
    <message>
        <source>Ask for an e-mail address</source>
        <translation>Be om e-postadress</translation>
    </message>
    <message>
        <source>Ask the customer to check their e-mail address</source>
        <translation>Be kunden kontrollera sin e-postadress</translation>
    </message>
    <message>
        <source>Ask for a postal address</source>
        <translation>Be om postadress</translation>
    </message>
    <message>
        <source>Ask the customer to check their postal address</source>
        <translation>Be kunden kontrollera sin postadress</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nej</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>Inte angivet</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Okänt</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Medlem</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <source>No points account</source>
        <translation>Inget poängkonto</translation>
    </message>
    <message>
        <source>{points} pending</source>
        <translation>{points} preliminära</translation>
    </message>
</context>
<context>
    <name>ProfileView</name>
    <message>
        <source>No. {number}</source>
        <translation>Nr {number}</translation>
    </message>
    <message>
        <source>Points: loading…</source>
        <translation>Poäng: hämtas…</translation>
    </message>
    <message>
        <source>Points unavailable</source>
        <translation>Poäng inte tillgängliga</translation>
    </message>
    <message>
        <source>No code to key in for this one: apply it in the POS as the row says.</source>
        <translation>Ingen kod att slå in: gör i kassan som raden säger.</translation>
    </message>
    <message>
        <source>Copied {code}: paste it into the POS (Ctrl+V).</source>
        <translation>{code} är kopierad: klistra in i kassan (Ctrl+V).</translation>
    </message>
    <message>
        <source>Personal details are protected and not shown.</source>
        <translation>Personuppgifterna är skyddade och visas inte.</translation>
    </message>
    <message>
        <source>Tier {name}</source>
        <translation>Nivå {name}</translation>
    </message>
    <message>
        <source>No tier</source>
        <translation>Ingen nivå</translation>
    </message>
    <message>
        <source>Reward vouchers ({n})</source>
        <translation>Bonuscheckar ({n})</translation>
    </message>
    <message>
        <source>Usable {amount}</source>
        <translation>Att lösa in: {amount}</translation>
    </message>
    <message>
        <source>No usable reward vouchers.</source>
        <translation>Inga giltiga bonuscheckar.</translation>
    </message>
    <message>
        <source>▸ Show used and expired ({n})</source>
        <translation>▸ Visa använda och utgångna ({n})</translation>
    </message>
    <message>
        <source>▾ Hide used and expired ({n})</source>
        <translation>▾ Dölj använda och utgångna ({n})</translation>
    </message>
    <message>
        <source>Promotions ({n} at the till)</source>
        <translation>Erbjudanden ({n} i kassan)</translation>
    </message>
    <message>
        <source>Promotions ({n})</source>
        <translation>Erbjudanden ({n})</translation>
    </message>
    <message>
        <source>No promotions.</source>
        <translation>Inga erbjudanden.</translation>
    </message>
    <message>
        <source>⚠ 1 expires within {days} days</source>
        <translation>⚠ 1 går ut inom {days} dagar</translation>
    </message>
    <message>
        <source>⚠ {n} expire within {days} days</source>
        <translation>⚠ {n} går ut inom {days} dagar</translation>
    </message>
    <message>
        <source>Consents: {items}</source>
        <translation>Samtycken: {items}</translation>
    </message>
    <message>
        <source>Accepts: {items}</source>
        <translation>Vill ha utskick via: {items}</translation>
    </message>
    <message>
        <source>+{n} more</source>
        <translation>+{n} till</translation>
    </message>
    <message>
        <source>Audiences:</source>
        <translation>Målgrupper:</translation>
    </message>
</context>
<context>
    <name>RedeemBar</name>
    <message>
        <source>Undo</source>
        <translation>Ångra</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Försök igen</translation>
    </message>
    <message>
        <source>Redeem  F6</source>
        <translation>Lös in  F6</translation>
    </message>
    <message>
        <source>Redeem the selected one in Engage (F6)</source>
        <translation>Lös in den markerade i Engage (F6)</translation>
    </message>
</context>
<context>
    <name>RedeemController</name>
    <message>
        <source>Nobody could tell whether the redemption went through.</source>
        <translation>Det gick inte att avgöra om inlösen gick igenom.</translation>
    </message>
</context>
<context>
    <name>RedeemDialog</name>
    <message>
        <source>Redeem</source>
        <translation>Lös in</translation>
    </message>
    <message>
        <source>Redeem this reward voucher now?</source>
        <translation>Lösa in den här bonuschecken nu?</translation>
    </message>
    <message>
        <source>Redeem this promotion now?</source>
        <translation>Lösa in det här erbjudandet nu?</translation>
    </message>
    <message>
        <source>No. {number}</source>
        <translation>Nr {number}</translation>
    </message>
    <message>
        <source>It is marked as used in Engage at once. Enter redeems, Esc cancels.</source>
        <translation>Den markeras som använd i Engage direkt. Enter löser in, Esc avbryter.</translation>
    </message>
    <message>
        <source>Redeem  Enter</source>
        <translation>Lös in  Enter</translation>
    </message>
    <message>
        <source>Cancel  Esc</source>
        <translation>Avbryt  Esc</translation>
    </message>
</context>
<context>
    <name>RedeemPanel</name>
    <message>
        <source>Select a voucher or promotion first (Tab to the list), then press F6.</source>
        <translation>Markera först en bonuscheck eller ett erbjudande (Tabb till listan) och tryck sedan F6.</translation>
    </message>
    <message>
        <source>Undoing {name}…</source>
        <translation>Ångrar {name}…</translation>
    </message>
    <message>
        <source>Redeeming {name}…</source>
        <translation>Löser in {name}…</translation>
    </message>
    <message>
        <source>Undoing…</source>
        <translation>Ångrar…</translation>
    </message>
    <message>
        <source>Redeeming…</source>
        <translation>Löser in…</translation>
    </message>
    <message>
        <source>Earlier customer, {name}: {message}</source>
        <translation>Förra kunden, {name}: {message}</translation>
    </message>
    <message>
        <source>Redeemed now</source>
        <translation>Inlöst nu</translation>
    </message>
    <message>
        <source>Redeemed now: {name}.</source>
        <translation>Inlöst nu: {name}.</translation>
    </message>
    <message>
        <source>Undone: {name} can be used again.</source>
        <translation>Ångrat: {name} kan användas igen.</translation>
    </message>
    <message>
        <source>Outcome unknown: check in Engage</source>
        <translation>Okänt utfall: kontrollera i Engage</translation>
    </message>
    <message>
        <source>{message} Check in Engage before trying again.</source>
        <translation>{message} Kontrollera i Engage innan du försöker igen.</translation>
    </message>
    <message>
        <source>Redeem in progress</source>
        <translation>Inlösen pågår</translation>
    </message>
    <message>
        <source>A redemption is still being sent to Engage. If you quit now, you will not see whether it went through (check in Engage). Quit anyway?</source>
        <translation>En inlösen skickas fortfarande till Engage. Om du avslutar nu ser du inte om den gick igenom (kontrollera i Engage). Avsluta ändå?</translation>
    </message>
</context>
<context>
    <name>ScannerDiagnosticsWindow</name>
    <message>
        <source>Scan a card or type. Thresholds: max gap {max_gap} ms, mean gap {mean_gap} ms, min length {min_length}, silence {silence} ms, host layout {host_layout}, scanner layout {scanner_layout}.</source>
        <translation>Skanna ett kort eller skriv. Gränser: största mellanrum {max_gap} ms, medelmellanrum {mean_gap} ms, minsta längd {min_length}, tystnad {silence} ms, kassans layout {host_layout}, skannerns layout {scanner_layout}.</translation>
    </message>
    <message>
        <source>Waiting for input…</source>
        <translation>Väntar på inmatning…</translation>
    </message>
    <message>
        <source>Test field: typed text lands here, scans do not</source>
        <translation>Testfält: skriven text hamnar här, skanningar gör det inte</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Tangent</translation>
    </message>
    <message>
        <source>Gap (ms)</source>
        <translation>Mellanrum (ms)</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Hållen</translation>
    </message>
    <message>
        <source>Detector</source>
        <translation>Detektor</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Rensa</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nej</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>✕ Engage refused the key (HTTP {status}). Check the key, and the IP allowlist of the API connection in Engage.</source>
        <translation>✕ Engage avvisade nyckeln (HTTP {status}). Kontrollera nyckeln och listan över tillåtna IP-adresser för API-anslutningen i Engage.</translation>
    </message>
    <message>
        <source>✕ The secure connection failed: the certificate is not trusted or the till&apos;s clock is wrong. Check the address, the clock and any TLS-inspecting proxy.</source>
        <translation>✕ Den säkra anslutningen misslyckades: certifikatet är inte betrott eller kassans klocka går fel. Kontrollera adressen, klockan och eventuell TLS-granskande proxy.</translation>
    </message>
    <message>
        <source>✕ The host did not answer in time. Check the address, network and proxy.</source>
        <translation>✕ Servern svarade inte i tid. Kontrollera adress, nätverk och proxy.</translation>
    </message>
    <message>
        <source>✕ Cannot reach the host. Check the address (https://TENANT.voyado.com) and the network.</source>
        <translation>✕ Servern går inte att nå. Kontrollera adressen (https://TENANT.voyado.com) och nätverket.</translation>
    </message>
    <message>
        <source>✕ The address and the key work, but this tenant has no contact type “{contact_type}”. Type the contact type&apos;s handle as Engage spells it (e.g. member).</source>
        <translation>✕ Adressen och nyckeln fungerar, men den här Engage-miljön har ingen kontakttyp ”{contact_type}”. Skriv kontakttypens namn som Engage stavar det (t.ex. member).</translation>
    </message>
    <message>
        <source>✕ Unexpected problem; the log file has the details.</source>
        <translation>✕ Oväntat fel; loggfilen har detaljerna.</translation>
    </message>
    <message>
        <source>Set up pos-profile</source>
        <translation>Ställ in pos-profile</translation>
    </message>
    <message>
        <source>Store IT: connect this till to Voyado Engage. The API key is kept in the operating system&apos;s keyring, never in a file.</source>
        <translation>Butiks-IT: anslut den här kassan till Voyado Engage. API-nyckeln sparas i operativsystemets nyckelring, aldrig i en fil.</translation>
    </message>
    <message>
        <source>leave empty to keep the stored key</source>
        <translation>lämna tomt för att behålla den sparade nyckeln</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Testa anslutningen</translation>
    </message>
    <message>
        <source>Engage address</source>
        <translation>Engage-adress</translation>
    </message>
    <message>
        <source>Contact type</source>
        <translation>Kontakttyp</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-nyckel</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Testar…</translation>
    </message>
    <message>
        <source>✓ Connected: the address, the key and the contact type “{contact_type}” work.</source>
        <translation>✓ Ansluten: adressen, nyckeln och kontakttypen ”{contact_type}” fungerar.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Sparar…</translation>
    </message>
    <message>
        <source>Till settings</source>
        <translation>Kassainställningar</translation>
    </message>
    <message>
        <source>These settings are for store IT. Change how this till connects to loyalty?</source>
        <translation>Inställningarna är till för butiks-IT. Vill du ändra hur den här kassan ansluter till lojalitetssystemet?</translation>
    </message>
</context>
<context>
    <name>StatusView</name>
    <message>
        <source>The sale can go on without loyalty.</source>
        <translation>Köpet kan genomföras utan lojalitetssystemet.</translation>
    </message>
    <message>
        <source>Ready to scan</source>
        <translation>Redo att skanna</translation>
    </message>
    <message>
        <source>Scan the member card, or type an e-mail, phone, personal or member number.</source>
        <translation>Skanna medlemskortet eller skriv e-post, telefon-, person- eller medlemsnummer.</translation>
    </message>
    <message>
        <source>Looking up by {kind}…</source>
        <translation>Söker på {kind}…</translation>
    </message>
    <message>
        <source>No member found</source>
        <translation>Ingen medlem hittades</translation>
    </message>
    <message>
        <source>The sale can go on; the customer can join later.</source>
        <translation>Köpet kan genomföras; kunden kan bli medlem senare.</translation>
    </message>
    <message>
        <source>Several members match</source>
        <translation>Flera medlemmar hittades</translation>
    </message>
    <message>
        <source>Nobody was picked automatically.</source>
        <translation>Ingen har valts automatiskt.</translation>
    </message>
    <message>
        <source>Cannot look that up</source>
        <translation>Kan inte söka på det</translation>
    </message>
    <message>
        <source>Check the text and try again, or scan the member card.</source>
        <translation>Kontrollera texten och försök igen, eller skanna medlemskortet.</translation>
    </message>
    <message>
        <source>Loyalty is not set up on this till</source>
        <translation>Lojalitetssystemet är inte inställt på den här kassan</translation>
    </message>
    <message>
        <source>Loyalty needs store IT</source>
        <translation>Lojalitetssystemet behöver butiks-IT</translation>
    </message>
    <message>
        <source>{sale_goes_on} Store IT: open Settings (F10).</source>
        <translation>{sale_goes_on} Butiks-IT: öppna Inställningar (F10).</translation>
    </message>
    <message>
        <source>Loyalty offline</source>
        <translation>Lojalitetssystemet nås inte</translation>
    </message>
    <message>
        <source>Scan again in a moment.</source>
        <translation>Skanna igen om en stund.</translation>
    </message>
    <message>
        <source>Loyalty unavailable</source>
        <translation>Lojalitetssystemet är inte tillgängligt</translation>
    </message>
    <message>
        <source>pos-profile hit an unexpected problem; it has been logged.</source>
        <translation>pos-profile stötte på ett oväntat fel; det har loggats.</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Something went wrong.</source>
        <translation>Något gick fel.</translation>
    </message>
    <message>
        <source>That is not a member number, e-mail, phone or personal number.</source>
        <translation>Det är inte ett medlemsnummer, en e-postadress, ett telefonnummer eller ett personnummer.</translation>
    </message>
    <message>
        <source>pos-profile is not configured. Ask store IT to set it up.</source>
        <translation>pos-profile är inte inställt. Be butiks-IT att ställa in det.</translation>
    </message>
    <message>
        <source>The system keyring cannot be used. Ask store IT to check it.</source>
        <translation>Systemets nyckelring kan inte användas. Be butiks-IT att kontrollera den.</translation>
    </message>
    <message>
        <source>Loyalty lookup failed. The sale can go on without it.</source>
        <translation>Lojalitetssökningen misslyckades. Köpet kan genomföras ändå.</translation>
    </message>
    <message>
        <source>Engage does not accept that e-mail address. Check the spelling.</source>
        <translation>Engage godtar inte den e-postadressen. Kontrollera stavningen.</translation>
    </message>
    <message>
        <source>Engage does not accept that phone number. Type it with the country code, e.g. +46 70 123 45 67.</source>
        <translation>Engage godtar inte det telefonnumret. Skriv det med landsnummer, t.ex. +46 70 123 45 67.</translation>
    </message>
    <message>
        <source>Engage does not accept that personal number. Check the digits.</source>
        <translation>Engage godtar inte det personnumret. Kontrollera siffrorna.</translation>
    </message>
    <message>
        <source>Engage could not search for that value. Try another identifier.</source>
        <translation>Engage kunde inte söka på det värdet. Prova med en annan uppgift.</translation>
    </message>
    <message>
        <source>Engage does not know the configured contact type. Ask store IT to check the contact type setting.</source>
        <translation>Engage känner inte till den inställda kontakttypen. Be butiks-IT att kontrollera inställningen för kontakttyp.</translation>
    </message>
    <message>
        <source>Engage refused the lookup as invalid. Try another identifier.</source>
        <translation>Engage avvisade sökningen som ogiltig. Prova med en annan uppgift.</translation>
    </message>
    <message>
        <source>No member found. Ask for the member card, or search by e-mail or phone number.</source>
        <translation>Ingen medlem hittades. Be om medlemskortet eller sök på e-post eller telefonnummer.</translation>
    </message>
    <message>
        <source>Several members match. Ask for the member card or another identifier.</source>
        <translation>Flera medlemmar matchar. Be om medlemskortet eller en annan uppgift.</translation>
    </message>
    <message>
        <source>Engage refused the API key. Ask store IT to check the key and the IP allowlist.</source>
        <translation>Engage avvisade API-nyckeln. Be butiks-IT att kontrollera nyckeln och listan över tillåtna IP-adresser.</translation>
    </message>
    <message>
        <source>Loyalty is offline. The sale can go on without it.</source>
        <translation>Lojalitetssystemet nås inte. Köpet kan genomföras ändå.</translation>
    </message>
    <message>
        <source>The secure connection to Engage failed (certificate problem). Ask store IT to check the till&apos;s clock and network.</source>
        <translation>Den säkra anslutningen till Engage misslyckades (certifikatproblem). Be butiks-IT att kontrollera kassans klocka och nätverk.</translation>
    </message>
    <message>
        <source>Loyalty did not answer in time. The sale can go on without it.</source>
        <translation>Lojalitetssystemet svarade inte i tid. Köpet kan genomföras ändå.</translation>
    </message>
    <message>
        <source>Loyalty is busy right now. Try again in a moment.</source>
        <translation>Lojalitetssystemet är upptaget just nu. Försök igen om en stund.</translation>
    </message>
    <message>
        <source>Loyalty server error. The sale can go on without it.</source>
        <translation>Serverfel i lojalitetssystemet. Köpet kan genomföras ändå.</translation>
    </message>
    <message>
        <source>Loyalty sent an answer pos-profile cannot read. The sale can go on without it.</source>
        <translation>Lojalitetssystemet skickade ett svar som pos-profile inte kan läsa. Köpet kan genomföras ändå.</translation>
    </message>
    <message>
        <source>The lookup was cancelled.</source>
        <translation>Sökningen avbröts.</translation>
    </message>
    <message>
        <source>This voucher is already redeemed. Do not accept it.</source>
        <translation>Värdechecken är redan inlöst. Ta inte emot den.</translation>
    </message>
    <message>
        <source>This voucher has expired. Do not accept it.</source>
        <translation>Värdechecken har gått ut. Ta inte emot den.</translation>
    </message>
    <message>
        <source>Loyalty has no such voucher for this customer.</source>
        <translation>Lojalitet har ingen sådan värdecheck för den här kunden.</translation>
    </message>
    <message>
        <source>This offer is already redeemed. Do not give it again.</source>
        <translation>Erbjudandet är redan inlöst. Ge det inte igen.</translation>
    </message>
    <message>
        <source>This offer cannot be used at the till.</source>
        <translation>Erbjudandet kan inte användas i kassan.</translation>
    </message>
    <message>
        <source>This offer has expired. Do not give it.</source>
        <translation>Erbjudandet har gått ut. Ge det inte.</translation>
    </message>
    <message>
        <source>Loyalty has no such offer for this customer.</source>
        <translation>Lojalitet har inget sådant erbjudande för den här kunden.</translation>
    </message>
    <message>
        <source>That is not a valid voucher id. Nothing was redeemed.</source>
        <translation>Det är inget giltigt id för en värdecheck. Ingenting löstes in.</translation>
    </message>
    <message>
        <source>This voucher is not redeemed, so there is nothing to undo.</source>
        <translation>Värdechecken är inte inlöst, så det finns inget att ångra.</translation>
    </message>
    <message>
        <source>This voucher has expired and cannot be reactivated.</source>
        <translation>Värdechecken har gått ut och kan inte återaktiveras.</translation>
    </message>
    <message>
        <source>This voucher has been reactivated too many times and cannot be reactivated again.</source>
        <translation>Värdechecken har återaktiverats för många gånger och kan inte återaktiveras igen.</translation>
    </message>
    <message>
        <source>That is not a valid voucher id. Nothing was reactivated.</source>
        <translation>Det är inget giltigt id för en värdecheck. Ingenting återaktiverades.</translation>
    </message>
    <message>
        <source>This offer does not belong to this customer. Nothing was redeemed.</source>
        <translation>Erbjudandet tillhör inte den här kunden. Ingenting löstes in.</translation>
    </message>
    <message>
        <source>That is not a valid offer id. Nothing was redeemed.</source>
        <translation>Det är inget giltigt id för ett erbjudande. Ingenting löstes in.</translation>
    </message>
    <message>
        <source>Loyalty refused the till as redemption channel. Nothing was redeemed.</source>
        <translation>Lojalitet godtog inte kassan som inlösenkanal. Ingenting löstes in.</translation>
    </message>
    <message>
        <source>Loyalty refused the voucher id as invalid. Nothing was redeemed.</source>
        <translation>Lojalitet avvisade värdecheckens id som ogiltigt. Ingenting löstes in.</translation>
    </message>
    <message>
        <source>Loyalty refused to redeem this voucher now. Nothing was redeemed.</source>
        <translation>Lojalitet vägrade lösa in värdechecken nu. Ingenting löstes in.</translation>
    </message>
    <message>
        <source>Loyalty refused the voucher id as invalid. Nothing was reactivated.</source>
        <translation>Lojalitet avvisade värdecheckens id som ogiltigt. Ingenting återaktiverades.</translation>
    </message>
    <message>
        <source>Loyalty refused to reactivate this voucher. Nothing was changed.</source>
        <translation>Lojalitet vägrade återaktivera värdechecken. Ingenting ändrades.</translation>
    </message>
    <message>
        <source>Loyalty refused the offer id as invalid. Nothing was redeemed.</source>
        <translation>Lojalitet avvisade erbjudandets id som ogiltigt. Ingenting löstes in.</translation>
    </message>
    <message>
        <source>Loyalty refused to redeem this offer now. Nothing was redeemed.</source>
        <translation>Lojalitet vägrade lösa in erbjudandet nu. Ingenting löstes in.</translation>
    </message>
    <message>
        <source>No id was given. Nothing was redeemed.</source>
        <translation>Inget id angavs. Ingenting löstes in.</translation>
    </message>
    <message>
        <source>No member found by {first}. Ask for the member card, or search by e-mail or phone number.</source>
        <translation>Ingen medlem hittades via {first}. Be om medlemskortet eller sök på e-post eller telefonnummer.</translation>
    </message>
    <message>
        <source>No member found by {first} or {second}. Ask for the member card, or search by e-mail or phone number.</source>
        <translation>Ingen medlem hittades via {first} eller {second}. Be om medlemskortet eller sök på e-post eller telefonnummer.</translation>
    </message>
    <message>
        <source>No member found by {first}, {second} or {third}. Ask for the member card, or search by e-mail or phone number.</source>
        <translation>Ingen medlem hittades via {first}, {second} eller {third}. Be om medlemskortet eller sök på e-post eller telefonnummer.</translation>
    </message>
    <message>
        <source>Loyalty could not redeem it. Nothing was redeemed.</source>
        <translation>Lojalitet kunde inte lösa in det. Ingenting löstes in.</translation>
    </message>
    <message>
        <source>Engage does not accept that contact id. Check that the whole id was typed.</source>
        <translation>Engage godtar inte det kontakt-id:t. Kontrollera att hela id:t är inskrivet.</translation>
    </message>
    <message>
        <source>The certificate of the Engage server is not trusted on this till. Ask store IT to add the company&apos;s CA certificate to the system&apos;s certificate store, or to set [engage] ca_file.</source>
        <translation>Engage-serverns certifikat är inte betrott på den här kassan. Be butiks-IT att lägga till företagets CA-certifikat i systemets certifikatarkiv eller att ställa in [engage] ca_file.</translation>
    </message>
    <message>
        <source>The certificate of the Engage server is not valid at this till&apos;s date and time. Ask store IT to check the till&apos;s clock.</source>
        <translation>Engage-serverns certifikat gäller inte vid kassans datum och tid. Be butiks-IT att kontrollera kassans klocka.</translation>
    </message>
    <message>
        <source>The certificate of the Engage server does not match its address. Ask store IT to check [engage] base_url and any TLS-inspecting proxy.</source>
        <translation>Engage-serverns certifikat stämmer inte med adressen. Be butiks-IT att kontrollera [engage] base_url och eventuell TLS-granskande proxy.</translation>
    </message>
    <message>
        <source>The points request was cancelled.</source>
        <translation>Poänghämtningen avbröts.</translation>
    </message>
    <message>
        <source>The secure connection to loyalty failed while fetching the points. Ask store IT to check the certificate.</source>
        <translation>Den säkra anslutningen till lojalitetssystemet misslyckades när poängen hämtades. Be butiks-IT att kontrollera certifikatet.</translation>
    </message>
    <message>
        <source>Loyalty did not answer about points in time.</source>
        <translation>Lojalitetssystemet svarade inte i tid om poängen.</translation>
    </message>
    <message>
        <source>The connection to loyalty broke off while fetching the points.</source>
        <translation>Anslutningen till lojalitetssystemet bröts när poängen hämtades.</translation>
    </message>
    <message>
        <source>The API key may not read points. Ask store IT to allow points for the API connection in Engage.</source>
        <translation>API-nyckeln får inte läsa poäng. Be butiks-IT att tillåta poäng för API-anslutningen i Engage.</translation>
    </message>
    <message>
        <source>Loyalty has no points for this member.</source>
        <translation>Lojalitetssystemet har inga poäng för den här medlemmen.</translation>
    </message>
    <message>
        <source>Loyalty refused the points request. Ask store IT if it happens again.</source>
        <translation>Lojalitetssystemet avvisade poänghämtningen. Kontakta butiks-IT om det händer igen.</translation>
    </message>
    <message>
        <source>Loyalty is busy right now. Scan again in a moment to see the points.</source>
        <translation>Lojalitetssystemet är upptaget just nu. Skanna igen om en stund för att se poängen.</translation>
    </message>
    <message>
        <source>Loyalty sent points pos-profile cannot read.</source>
        <translation>Lojalitetssystemet skickade poäng som pos-profile inte kan läsa.</translation>
    </message>
    <message>
        <source>Loyalty had a problem fetching the points.</source>
        <translation>Lojalitetssystemet fick problem med att hämta poängen.</translation>
    </message>
    <message>
        <source>Type something to search for.</source>
        <translation>Skriv något att söka på.</translation>
    </message>
    <message>
        <source>Search text contains a tab, line break or other control character.</source>
        <translation>Söktexten innehåller en tabb, radbrytning eller ett annat styrtecken.</translation>
    </message>
    <message>
        <source>Search text contains characters that cannot be searched for.</source>
        <translation>Söktexten innehåller tecken som det inte går att söka på.</translation>
    </message>
    <message>
        <source>That e-mail address has a space in it.</source>
        <translation>E-postadressen innehåller ett mellanslag.</translation>
    </message>
    <message>
        <source>That e-mail address has more than one @.</source>
        <translation>E-postadressen har mer än ett @.</translation>
    </message>
    <message>
        <source>That e-mail address is missing the @.</source>
        <translation>E-postadressen saknar @.</translation>
    </message>
    <message>
        <source>That e-mail address is missing the part before @.</source>
        <translation>E-postadressen saknar delen före @.</translation>
    </message>
    <message>
        <source>That e-mail address is missing the part after @.</source>
        <translation>E-postadressen saknar delen efter @.</translation>
    </message>
    <message>
        <source>That e-mail address needs a domain like example.com after @.</source>
        <translation>E-postadressen behöver en domän som example.com efter @.</translation>
    </message>
    <message>
        <source>That personal identity code&apos;s date is not a real date.</source>
        <translation>Personbeteckningens datum finns inte.</translation>
    </message>
    <message>
        <source>That personal identity code&apos;s individual number is not in use.</source>
        <translation>Personbeteckningens individnummer används inte.</translation>
    </message>
    <message>
        <source>That personal identity code&apos;s check character is wrong.</source>
        <translation>Personbeteckningens kontrolltecken är fel.</translation>
    </message>
    <message>
        <source>That personal number&apos;s check digit is wrong.</source>
        <translation>Personnumrets kontrollsiffra är fel.</translation>
    </message>
    <message>
        <source>That personal number&apos;s date is not a real date.</source>
        <translation>Personnumrets datum finns inte.</translation>
    </message>
    <message>
        <source>That personal number&apos;s date is not a possible birth date.</source>
        <translation>Personnumrets datum kan inte vara ett födelsedatum.</translation>
    </message>
    <message>
        <source>A phone number can only have + at the start.</source>
        <translation>Ett telefonnummer kan bara ha + först.</translation>
    </message>
    <message>
        <source>A phone number can only have digits, spaces, + - ( ) . and /.</source>
        <translation>Ett telefonnummer kan bara innehålla siffror, mellanslag, + - ( ) . och /.</translation>
    </message>
    <message>
        <source>That phone number&apos;s country code is not known.</source>
        <translation>Telefonnumrets landsnummer är okänt.</translation>
    </message>
    <message>
        <source>That phone number is too long.</source>
        <translation>Telefonnumret är för långt.</translation>
    </message>
    <message>
        <source>That phone number is too short.</source>
        <translation>Telefonnumret är för kort.</translation>
    </message>
    <message>
        <source>That is not a member number, e-mail, phone or personal number (a member number has only letters, digits, - _ and .).</source>
        <translation>Det är inte ett medlemsnummer, en e-postadress, ett telefonnummer eller ett personnummer (ett medlemsnummer har bara bokstäver, siffror, - _ och .).</translation>
    </message>
    <message>
        <source>That is not a Swedish personal number (YYYYMMDD-NNNN) or a Finnish personal identity code (DDMMYY-NNNC).</source>
        <translation>Det är inte ett svenskt personnummer (ÅÅÅÅMMDD-NNNN) eller en finsk personbeteckning (DDMMÅÅ-NNNC).</translation>
    </message>
    <message>
        <source>That is not a contact id (a GUID like 3f2504e0-4f89-11d3-9a0c-0305e82c3301).</source>
        <translation>Det är inte ett kontakt-id (ett GUID som 3f2504e0-4f89-11d3-9a0c-0305e82c3301).</translation>
    </message>
    <message>
        <source>No contact type is configured. Ask store IT to set engage.contact_type.</source>
        <translation>Ingen kontakttyp är inställd. Be butiks-IT att ställa in engage.contact_type.</translation>
    </message>
    <message>
        <source>This is being redeemed right now. Wait for the answer.</source>
        <translation>Det här håller på att lösas in just nu. Vänta på svaret.</translation>
    </message>
    <message>
        <source>Loyalty did not answer, so it is not known whether it was redeemed. Check in Engage before trying again.</source>
        <translation>Lojalitet svarade inte, så det är okänt om det löstes in. Kontrollera i Engage innan du försöker igen.</translation>
    </message>
    <message>
        <source>Loyalty could not be reached to check it. Nothing was redeemed. Try again.</source>
        <translation>Lojalitet gick inte att nå för att kontrollera det. Ingenting löstes in. Försök igen.</translation>
    </message>
    <message>
        <source>Loyalty had a problem checking it. Nothing was redeemed. Try again later.</source>
        <translation>Lojalitet fick ett problem vid kontrollen. Ingenting löstes in. Försök igen senare.</translation>
    </message>
    <message>
        <source>Loyalty does not accept that contact id. Nothing was redeemed.</source>
        <translation>Lojalitet godtar inte det kontakt-id:t. Ingenting löstes in.</translation>
    </message>
    <message>
        <source>Loyalty has no such customer. Nothing was redeemed.</source>
        <translation>Lojalitet har ingen sådan kund. Ingenting löstes in.</translation>
    </message>
    <message>
        <source>Only a voucher&apos;s redemption can be undone.</source>
        <translation>Bara inlösen av en värdecheck kan ångras.</translation>
    </message>
    <message>
        <source>Voucher reactivated: the redemption is undone.</source>
        <translation>Värdechecken återaktiverad: inlösen är ångrad.</translation>
    </message>
    <message>
        <source>Voucher reactivated: the answer was lost, but a check shows the redemption is undone.</source>
        <translation>Värdechecken återaktiverad: svaret gick förlorat, men en kontroll visar att inlösen är ångrad.</translation>
    </message>
    <message>
        <source>The undo did not go through: the voucher is still redeemed. Try again.</source>
        <translation>Ångringen gick inte igenom: värdechecken är fortfarande inlöst. Försök igen.</translation>
    </message>
    <message>
        <source>Voucher redeemed.</source>
        <translation>Värdechecken inlöst.</translation>
    </message>
    <message>
        <source>Offer redeemed.</source>
        <translation>Erbjudandet inlöst.</translation>
    </message>
    <message>
        <source>Voucher redeemed: the answer was lost, but a check shows it went through.</source>
        <translation>Värdechecken inlöst: svaret gick förlorat, men en kontroll visar att den gick igenom.</translation>
    </message>
    <message>
        <source>Offer redeemed: the answer was lost, but a check shows it went through.</source>
        <translation>Erbjudandet inlöst: svaret gick förlorat, men en kontroll visar att det gick igenom.</translation>
    </message>
    <message>
        <source>The voucher was not redeemed (a check shows it is still unused). Try again.</source>
        <translation>Värdechecken löstes inte in (en kontroll visar att den fortfarande är oanvänd). Försök igen.</translation>
    </message>
    <message>
        <source>The offer was not redeemed (a check shows it is still unused). Try again.</source>
        <translation>Erbjudandet löstes inte in (en kontroll visar att det fortfarande är oanvänt). Försök igen.</translation>
    </message>
    <message>
        <source>Payment card — use the member card.</source>
        <translation>Betalkort — använd medlemskortet.</translation>
    </message>
    <message>
        <source>Card read incomplete — swipe again.</source>
        <translation>Kortet lästes inte helt — dra igen.</translation>
    </message>
    <message>
        <source>That is not a member card — scan the member card.</source>
        <translation>Det är inte ett medlemskort — skanna medlemskortet.</translation>
    </message>
    <message>
        <source>Scanner keyboard layout mismatch — the code was not looked up. Ask store IT to set the scanner to the till&apos;s keyboard layout.</source>
        <translation>Skannerns tangentbordslayout stämmer inte — koden söktes inte. Be butiks-IT att ställa in skannern på kassans tangentbordslayout.</translation>
    </message>
    <message>
        <source>Code not recognised — scan again.</source>
        <translation>Koden känns inte igen — skanna igen.</translation>
    </message>
    <message>
        <source>No Engage API key is stored on this till. Ask store IT to set it up.</source>
        <translation>Ingen API-nyckel för Engage är sparad på den här kassan. Be butiks-IT att ställa in den.</translation>
    </message>
    <message>
        <source>No Engage address is configured. Ask store IT to set [engage] base_url.</source>
        <translation>Ingen Engage-adress är inställd. Be butiks-IT att ställa in [engage] base_url.</translation>
    </message>
    <message>
        <source>Loyalty sent an answer that is far too large. The sale can go on without it.</source>
        <translation>Lojalitetssystemet skickade ett alldeles för stort svar. Köpet kan genomföras ändå.</translation>
    </message>
    <message>
        <source>Loyalty could not be reached in time. The sale can go on without it.</source>
        <translation>Lojalitetssystemet gick inte att nå i tid. Köpet kan genomföras ändå.</translation>
    </message>
    <message>
        <source>The connection to loyalty broke off. The sale can go on without it.</source>
        <translation>Anslutningen till lojalitetssystemet bröts. Köpet kan genomföras ändå.</translation>
    </message>
    <message>
        <source>Engage reports a configuration problem for this kind of lookup. Ask store IT to contact Voyado.</source>
        <translation>Engage rapporterar ett konfigurationsproblem för den här typen av sökning. Be butiks-IT att kontakta Voyado.</translation>
    </message>
    <message>
        <source>The API key is empty. Paste the key from Engage.</source>
        <translation>API-nyckeln är tom. Klistra in nyckeln från Engage.</translation>
    </message>
    <message>
        <source>The API key contains spaces or line breaks. Paste it again as one word.</source>
        <translation>API-nyckeln innehåller mellanslag eller radbrytningar. Klistra in den igen som ett enda ord.</translation>
    </message>
    <message>
        <source>The API key contains control characters. Paste it again.</source>
        <translation>API-nyckeln innehåller styrtecken. Klistra in den igen.</translation>
    </message>
    <message>
        <source>The API key contains characters other than ASCII letters, digits and punctuation.</source>
        <translation>API-nyckeln innehåller andra tecken än ASCII-bokstäver, siffror och skiljetecken.</translation>
    </message>
    <message>
        <source>No Engage base URL is configured, so there is no key to look up. Set [engage] base_url first.</source>
        <translation>Ingen Engage-adress är inställd, så det finns ingen nyckel att hämta. Ställ in [engage] base_url först.</translation>
    </message>
    <message>
        <source>pos-profile could not start its connection; the log has the details.</source>
        <translation>pos-profile kunde inte starta sin anslutning; loggen har detaljerna.</translation>
    </message>
    <message>
        <source>No Engage address is configured. Store IT: open Settings (F10).</source>
        <translation>Ingen Engage-adress är inställd. Butiks-IT: öppna Inställningar (F10).</translation>
    </message>
    <message>
        <source>No Engage API key is stored on this till. Store IT: open Settings (F10).</source>
        <translation>Ingen API-nyckel för Engage är sparad på den här kassan. Butiks-IT: öppna Inställningar (F10).</translation>
    </message>
    <message>
        <source>Type the API key: none is stored for this address.</source>
        <translation>Skriv API-nyckeln: ingen är sparad för den här adressen.</translation>
    </message>
    <message>
        <source>{count} members match. Ask for the member card or another identifier.</source>
        <translation>{count} medlemmar matchar. Be om medlemskortet eller en annan uppgift.</translation>
    </message>
    <message>
        <source>Search text is too long (max {n} characters).</source>
        <translation>Söktexten är för lång (högst {n} tecken).</translation>
    </message>
    <message>
        <source>That member number is too long (max {n} characters).</source>
        <translation>Medlemsnumret är för långt (högst {n} tecken).</translation>
    </message>
    <message>
        <source>That phone number has an extra 0 after {cc}.</source>
        <translation>Telefonnumret har en extra nolla efter {cc}.</translation>
    </message>
    <message>
        <source>That phone number is too long for {cc}.</source>
        <translation>Telefonnumret är för långt för {cc}.</translation>
    </message>
    <message>
        <source>That phone number is too short for {cc}.</source>
        <translation>Telefonnumret är för kort för {cc}.</translation>
    </message>
    <message>
        <source>That phone number does not have the right number of digits for {cc}.</source>
        <translation>Telefonnumret har fel antal siffror för {cc}.</translation>
    </message>
    <message>
        <source>Engage answered with a redirect (HTTP {status}). Ask store IT to check [engage] base_url.</source>
        <translation>Engage svarade med en omdirigering (HTTP {status}). Be butiks-IT att kontrollera [engage] base_url.</translation>
    </message>
    <message>
        <source>Loyalty gave an unexpected answer (HTTP {status}). The sale can go on without it.</source>
        <translation>Lojalitetssystemet gav ett oväntat svar (HTTP {status}). Köpet kan genomföras ändå.</translation>
    </message>
</context>
</TS>
