; Inno Setup 6 script for pos-profile: a per-machine install of the PyInstaller one-folder build.
;
; Build (on Windows, from the repository root, after `py packaging\build.py`):
;   py packaging\make_icons.py build\icons
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\pos-profile.iss
; Output: dist\installer\pos-profile-setup-<version>.exe
;
; Silent install for deployment tools (Intune, SCCM, PDQ...):
;   pos-profile-setup-<version>.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /TASKS="autostart"
;     tasks: autostart (start when any user signs in), desktopicon;  /TASKS="" for neither
; Silent uninstall (keeps the API key; add /CLEARKEY=1 to remove it, see [Code]):
;   "C:\Program Files\pos-profile\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES
;
; A site-wide config: put `site-config.toml` next to this script before compiling and it is
; installed as C:\ProgramData\pos-profile\config.toml (platformdirs' site_config_dir), never
; overwritten by an upgrade and never removed by the uninstaller. Or deploy that file yourself.

#define AppName "pos-profile"
#define DistDir "..\..\dist\pos-profile"
#define AppExe "pos-profile.exe"
#define CliExe "pos-profile-cli.exe"
#define AppVersion GetStringFileInfo(AddBackslash(SourcePath) + DistDir + "\" + AppExe, "ProductVersion")

[Setup]
AppId={{6C0D5E3A-7F41-4B8E-9A52-3D1F0B7C2E94}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=pos-profile
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist\installer
OutputBaseFilename=pos-profile-setup-{#AppVersion}
#ifexist "..\..\build\icons\pos-profile.ico"
SetupIconFile=..\..\build\icons\pos-profile.ico
#endif
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no
VersionInfoVersion={#AppVersion}

[Tasks]
Name: "autostart"; Description: "Start pos-profile when a user signs in (all users)"; Flags: unchecked
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
#ifexist "site-config.toml"
Source: "site-config.toml"; DestDir: "{commonappdata}\{#AppName}"; DestName: "config.toml"; Flags: onlyifdoesntexist uninsneveruninstall
#endif

[Dirs]
; The site config folder; only administrators should edit it (the file holds no secret).
Name: "{commonappdata}\{#AppName}"; Flags: uninsneveruninstall

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Customer loyalty profile at the checkout"
Name: "{autoprograms}\{#AppName} demo"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"; Comment: "Training mode with invented customers"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon
Name: "{commonstartup}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: autostart

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Code]
{ The API key lives in the Windows Credential Manager of the user who ran
  `pos-profile credentials set`. Uninstalling keeps it (a reinstall or upgrade then works
  without IT), unless the admin ticks "yes" here or passes /CLEARKEY=1 to a silent uninstall.
  Note: Credential Manager entries are per user; this clears the entry of the account that
  runs the uninstaller. }
var
  ClearKey: Boolean;

function InitializeUninstall(): Boolean;
begin
  ClearKey := ExpandConstant('{param:CLEARKEY|0}') = '1';
  if (not ClearKey) and (not UninstallSilent) then
    ClearKey := MsgBox('Also remove the Engage API key stored in the Windows Credential Manager?' + #13#10 + #13#10 +
                       'Choose No to keep it for a later reinstall (recommended).',
                       mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
  Result := True;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  ResultCode: Integer;
begin
  if (CurUninstallStep = usUninstall) and ClearKey then
    Exec(ExpandConstant('{app}\{#CliExe}'), 'credentials clear', '', SW_HIDE, ewWaitUntilTerminated, ResultCode);
end;
