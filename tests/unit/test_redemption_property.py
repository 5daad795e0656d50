"""Property: never two redeem POSTs for one id without a GET between them that showed it
unredeemed, and the outcome never claims what the (fake) Engage does not hold.

A fake Engage (httpx.MockTransport, no sockets: hypothesis runs hundreds of sequences)
answers each request with the next fault of a random script: fine, refused connection, 503,
a 409, a timeout or a reset AFTER the POST took effect, or garbage. Between the till's calls,
another till may redeem or reactivate the same items.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_profile.engage.client import EngageClient, RetryPolicy
from pos_profile.redemption import Redeemer, RedeemKind, RedeemStatus, RedeemTarget

CONTACT = "50a74cff-026f-4c84-aa8f-f5f8d837115f"
VOUCHER = "f99e6ae5-c3c7-4558-bad3-67d4ab3e1d35"
PROMOTION = "1ea7b5e5-1fe5-4838-927f-92fd7d21e6ef"
FAULTS = ("ok", "connect-error", "503", "409", "applied-timeout", "applied-reset", "garbage")
APPLYING = {"ok", "applied-timeout", "applied-reset", "garbage"}


@dataclass
class FakeEngage:
    script: list[str]
    redeemed: dict[str, bool] = field(default_factory=lambda: {VOUCHER: False, PROMOTION: False})
    events: list[tuple[str, str]] = field(default_factory=list)

    def fault(self) -> str:
        return self.script.pop(0) if self.script else "ok"

    def __call__(self, request: httpx.Request) -> httpx.Response:
        fault = self.fault()
        path = request.url.path
        if fault == "connect-error":
            raise httpx.ConnectError("refused", request=request)
        if fault == "503":
            return httpx.Response(503, json={"errorCode": "ServiceUnavailable"})
        if request.method == "POST":
            return self.post(request, path, fault)
        if fault in ("applied-timeout", "applied-reset"):
            raise httpx.ReadTimeout("slow", request=request)
        if fault == "garbage":
            return httpx.Response(200, content=b"{not json")
        if fault == "409":
            return httpx.Response(409, json={"errorCode": "MultipleMatches"})
        return self.get(path)

    def get(self, path: str) -> httpx.Response:
        if path.endswith("/promotions"):
            item = {"id": PROMOTION, "redeemed": self.redeemed[PROMOTION]}
            self.saw(PROMOTION, item)
            return httpx.Response(200, json=[item])
        item = {"id": VOUCHER, "redeemed": self.redeemed[VOUCHER]}
        items = [] if path.endswith("/available") and item["redeemed"] else [item]
        for shown in items:
            self.saw(VOUCHER, shown)
        return httpx.Response(200, json={"count": len(items), "items": items})

    def saw(self, item_id: str, item: dict[str, object]) -> None:
        if item["redeemed"] is False:
            self.events.append(("unredeemed-get", item_id))

    def post(self, request: httpx.Request, path: str, fault: str) -> httpx.Response:
        item_id = VOUCHER if "/reward-vouchers/" in path else PROMOTION
        undo = path.endswith("/reactivate")
        if not undo:
            self.events.append(("post", item_id))
        if fault == "409" or self.redeemed[item_id] != undo:
            code = "RewardVoucherAlreadyActivated" if undo else "RewardVoucherAlreadyRedeemed"
            return httpx.Response(409, json={"errorCode": code})
        self.redeemed[item_id] = not undo
        if fault == "applied-timeout":
            raise httpx.ReadTimeout("past the point of no return", request=request)
        if fault == "applied-reset":
            raise httpx.RemoteProtocolError("connection reset", request=request)
        if fault == "garbage":
            return httpx.Response(502, content=b"<html>bad gateway</html>")
        return httpx.Response(200, content=json.dumps({"id": item_id}).encode())


OPERATIONS = st.sampled_from(
    ["redeem", "retry", "undo", "other-till-redeems", "other-till-reactivates"]
)


@settings(max_examples=300, deadline=None)
@given(
    script=st.lists(st.sampled_from(FAULTS), max_size=40),
    steps=st.lists(st.tuples(OPERATIONS, st.sampled_from([VOUCHER, PROMOTION])), max_size=12),
)
def test_never_two_posts_without_an_unredeemed_get_between(
    script: list[str], steps: list[tuple[str, str]]
) -> None:
    engage = FakeEngage(list(script))
    client = EngageClient(
        "https://tenant.example.com",
        "key",
        transport=httpx.MockTransport(engage),
        sleep=lambda _seconds: None,
        retry=RetryPolicy(budget_seconds=1.0),
    )
    redeemer = Redeemer(client, store="0042")
    with client:
        for operation, item_id in steps:
            kind = RedeemKind.VOUCHER if item_id == VOUCHER else RedeemKind.PROMOTION
            target = RedeemTarget(kind, item_id, CONTACT)
            if operation == "other-till-redeems":
                engage.redeemed[item_id] = True
                continue
            if operation == "other-till-reactivates":
                engage.redeemed[item_id] = False
                continue
            call = {"redeem": redeemer.redeem, "retry": redeemer.retry, "undo": redeemer.undo}
            posts_before = engage.events.count(("post", item_id))
            outcome = call[operation](target)
            posted = engage.events.count(("post", item_id)) > posts_before
            # the outcome tells the truth about what Engage now holds
            if outcome.status is RedeemStatus.REDEEMED:
                assert engage.redeemed[item_id]
            if outcome.status is RedeemStatus.UNDONE:
                assert not engage.redeemed[item_id]
            if outcome.status is RedeemStatus.NOT_REDEEMED and posted:
                assert not engage.redeemed[item_id]  # "the check shows it did not go through"

    licensed = {VOUCHER: False, PROMOTION: False}
    for event, item_id in engage.events:
        if event == "unredeemed-get":
            licensed[item_id] = True
        else:
            assert licensed[item_id], engage.events
            licensed[item_id] = False
