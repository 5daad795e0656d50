"""Benchmark 9: a fleet of tills on one API key, under Engage's per-key rate limit.

Engage answers 429 above about 200 requests/s per API key and asks for under 50/s in normal
operation (pos_profile/docs/engage-api.md, "Limits and retries"); a chain often gives every
till the same key. Each simulated till is a thread with its own real ``EngageClient``
(``RetryPolicy`` and all, over real loopback sockets: httpx's own transport, only counted)
doing what the window does: on a scan, the profile and then the points; after a reconnect,
the warm-up. Against them runs the sandbox with its per-key token bucket (``--rate-limit``),
in this process.

Traffic, a Saturday peak: one customer per till every 30–60 s (uniform), each a profile and a
points request; then a shared outage (the sandbox goes away, connections are refused), and
when it is back every till reconnects at once (a new client and its warm-up, as
``gui.app`` does on connecting), while customers keep coming.

To finish in minutes on 2 cores the run is compressed, in two ways that keep the load on the
limit the same: (1) fewer tills run than the fleet has (at most ``--simulated``, 200) and the
limit (rate and burst) shrinks by the same factor; (2) time runs ``--time-scale`` (3) times
faster for the arrivals, the limit's rate and the warm-up spread. The client's own waits
(backoff, Retry-After, its 4 s budget) are NOT scaled, so the latencies are what a cashier
would see, and a wait is worth more arrivals than in the real fleet (the run is harsher than
real life). Requests/s are given as the fleet's (the simulated rate times both factors).

Baseline, in the same run, interleaved size by size: the client as it was before the fleet
work, ``RetryPolicy.before_fleet()`` (backoff with up to 25 % jitter, Retry-After waited
exactly, no memory of a 429, points like any request, the warm-up probe at once with retries).

``python -m tests.perf.bench_fleet [--sizes 200,1000,3000] [--time-scale 3] [--simulated 200]``
"""

from __future__ import annotations

import argparse
import logging
import random
import ssl
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx

from pos_profile import errors
from pos_profile.engage.backoff import WARM_UP_SPREAD_SECONDS
from pos_profile.engage.client import EngageClient, RetryPolicy
from pos_profile.lookup import Lookup, LookupKind
from pos_profile.sandbox.rate_limit import KeyRateLimit
from pos_profile.sandbox.server import DEMO_API_KEY, SandboxServer
from tests.helpers.app_rig import DEMO_MEMBERS, Report, Row, percentile

ENGAGE_429_ABOVE_PER_S = 200.0
ENGAGE_ADVISED_PER_S = 50.0
CUSTOMER_EVERY_S = (30.0, 60.0)
SIZES = (200, 1_000, 3_000)
GOAL_TILLS = 1_000


@dataclass(frozen=True)
class FleetPlan:
    """One run: the fleet it stands for and how it is compressed."""

    tills: int
    simulated: int = 200
    time_scale: float = 3.0
    peak_s: float = 10.0
    """Time before the outage (compressed seconds, as every duration here)."""
    outage_s: float = 3.0
    recovery_s: float = 15.0
    seed: int = 9

    @property
    def running(self) -> int:
        return min(self.tills, self.simulated)

    @property
    def scale(self) -> float:
        """Fleet tills per simulated till."""
        return self.tills / self.running

    @property
    def limit_per_s(self) -> float:
        return ENGAGE_429_ABOVE_PER_S * self.time_scale / self.scale

    @property
    def burst(self) -> float:
        return max(1.0, ENGAGE_429_ABOVE_PER_S / self.scale)

    @property
    def customer_every_s(self) -> tuple[float, float]:
        low, high = CUSTOMER_EVERY_S
        return low / self.time_scale, high / self.time_scale

    @property
    def fleet_rate_factor(self) -> float:
        """Simulated requests/s times this = the fleet's requests/s."""
        return self.scale / self.time_scale


@dataclass
class LookupRecord:
    started: float
    ended: float
    outcome: str  # "ok", "limited", "offline", or an error class name
    points: str = "—"  # "ok", "none", "busy" (deferred past the budget / 429), "failed"


@dataclass
class FleetResult:
    plan: FleetPlan
    policy_name: str
    duration_s: float = 0.0
    statuses: Counter[int] = field(default_factory=Counter)
    request_times: list[float] = field(default_factory=list)
    lookups: list[LookupRecord] = field(default_factory=list)
    probes_sent: int = 0
    outage: tuple[float, float] = (0.0, 0.0)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def share_429(self) -> float:
        return self.statuses[429] / self.requests if self.requests else 0.0

    def fleet_rate(self) -> float:
        """Mean over the run, as the fleet's requests/s."""
        return self.requests / self.duration_s * self.plan.fleet_rate_factor

    def fleet_peak_rate(self) -> float:
        """The busiest (compressed) second, as the fleet's requests in one real second."""
        width = 1.0 / self.plan.time_scale
        bins = Counter(int(t / width) for t in self.request_times)
        return max(bins.values(), default=0) * self.plan.scale

    def overlaps_outage(self, record: LookupRecord) -> bool:
        start, end = self.outage
        return record.started <= end and record.ended >= start

    def lost(self) -> list[LookupRecord]:
        """Lookups that ended without a profile while the server was up: self-made."""
        return [r for r in self.lookups if r.outcome != "ok" and not self.overlaps_outage(r)]

    def lost_in_outage(self) -> list[LookupRecord]:
        return [r for r in self.lookups if r.outcome != "ok" and self.overlaps_outage(r)]

    def latencies_ms(self) -> list[float]:
        """Scan to profile (or to the message), of the lookups outside the outage."""
        return [(r.ended - r.started) * 1000 for r in self.lookups if not self.overlaps_outage(r)]

    def text(self) -> str:
        lat = self.latencies_ms()
        lost = self.lost()
        limited = sum(1 for r in lost if r.outcome == "limited")
        points = Counter(r.points for r in self.lookups if r.outcome == "ok")
        return (
            f"{self.fleet_rate():.0f} req/s (peak {self.fleet_peak_rate():.0f}), "
            f"429s {self.share_429:.1%}, p95 {percentile(lat, 95):.0f} / "
            f"max {max(lat, default=0):.0f} ms, "
            f"lost {len(lost)} ({limited} to 429) of {len(self.lookups)}, "
            f"{len(self.lost_in_outage())} in the outage; points busy {points['busy']}, "
            f"probes {self.probes_sent}"
        )


class _CountingTransport(httpx.BaseTransport):
    """httpx's own transport (real sockets), counting each answer's status and time."""

    def __init__(self, result: FleetResult, lock: threading.Lock, t0: float, ctx: ssl.SSLContext):
        self._inner = httpx.HTTPTransport(verify=ctx)
        self._result = result
        self._lock = lock
        self._t0 = t0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        with self._lock:
            self._result.statuses[response.status_code] += 1
            self._result.request_times.append(time.perf_counter() - self._t0)
            if request.url.params.get("contactId") == "00000000-0000-0000-0000-000000000000":
                self._result.probes_sent += 1
        return response

    def close(self) -> None:
        self._inner.close()


class _Till:
    """One till: its client, its customers, its reconnects."""

    def __init__(self, fleet: _Fleet, index: int) -> None:
        self.fleet = fleet
        self.rng = random.Random(fleet.plan.seed * 100_003 + index)
        self._lock = threading.Lock()
        self.client = fleet.new_client(self.rng)
        self.thread = threading.Thread(target=self.serve, name=f"till-{index}", daemon=True)
        self.warm_ups: list[threading.Thread] = []

    def reconnect(self) -> None:
        """What the app does when it connects again: a new client, then its warm-up."""
        with self._lock:
            old, self.client = self.client, self.fleet.new_client(self.rng)
        old.close()  # a lookup on it ends as cancelled and is asked again on the new one
        warm = threading.Thread(target=self.fleet.warm_up, args=(self.client,), daemon=True)
        self.warm_ups.append(warm)
        warm.start()

    def serve(self) -> None:
        fleet = self.fleet
        low, high = fleet.plan.customer_every_s
        next_at = fleet.t0 + self.rng.uniform(0.0, high)
        while next_at < fleet.end_at:
            if fleet.stopping.wait(max(0.0, next_at - time.perf_counter())):
                return
            fleet.record(self.customer())
            next_at += self.rng.uniform(low, high)

    def customer(self) -> LookupRecord:
        member = self.rng.choice(DEMO_MEMBERS)
        started = time.perf_counter()
        overview = None
        while True:
            client = self.client
            try:
                overview = client.contact_overview(Lookup(LookupKind.CUSTOM_KEY, member))
                outcome = "ok"
            except errors.RequestCancelledError:
                if client is not self.client:
                    continue  # the app asks the new connection again
                outcome = "cancelled"
            except errors.RateLimitedError:
                outcome = "limited"
            except (errors.OfflineError, errors.RequestTimeoutError):
                outcome = "offline"
            except errors.EngageError as exc:
                outcome = type(exc).__name__
            break
        record = LookupRecord(started - self.fleet.t0, time.perf_counter() - self.fleet.t0, outcome)
        if overview is not None and overview.id:
            record.points = self.points(overview.id)
        return record

    def points(self, contact_id: str) -> str:
        try:
            self.client.point_accounts(contact_id)
            return "ok"
        except errors.ContactNotFoundError:
            return "none"
        except errors.RateLimitedError:
            return "busy"  # the panel: "Points unavailable: Loyalty is busy right now. ..."
        except errors.EngageError:
            return "failed"


class _Fleet:
    def __init__(self, plan: FleetPlan, policy: RetryPolicy, policy_name: str, base_url: str):
        self.plan = plan
        self.policy = policy
        self.base_url = base_url
        self.result = FleetResult(plan, policy_name)
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.ctx = ssl.create_default_context()  # one for all: loopback is plain HTTP anyway
        self.t0 = time.perf_counter()
        self.end_at = self.t0 + plan.peak_s + plan.outage_s + plan.recovery_s

    def new_client(self, rng: random.Random) -> EngageClient:
        return EngageClient(
            self.base_url,
            DEMO_API_KEY,
            retry=self.policy,
            transport=_CountingTransport(self.result, self.lock, self.t0, self.ctx),
            rng=random.Random(rng.random()),
        )

    def warm_up(self, client: EngageClient) -> None:
        if self.policy.fleet_aware:  # a till's default (on loopback the default is no spread)
            client.warm_up(WARM_UP_SPREAD_SECONDS / self.plan.time_scale)
        else:
            client.warm_up()  # as gui.app did before

    def record(self, lookup: LookupRecord) -> None:
        with self.lock:
            self.result.lookups.append(lookup)


@contextmanager
def _quiet() -> Iterator[None]:
    """Failures are the point of this run: keep the client's and sandbox's log lines out."""
    logger = logging.getLogger("pos_profile")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def run_fleet(plan: FleetPlan, policy: RetryPolicy, policy_name: str) -> FleetResult:
    """One compressed Saturday peak with an outage and a reconnect of every till at once."""
    limit = KeyRateLimit(plan.limit_per_s, plan.burst)
    with _quiet():
        server = SandboxServer(rate_limit=limit)
        server.start()
        port = int(server.base_url.rsplit(":", 1)[1])
        fleet = _Fleet(plan, policy, policy_name, server.base_url)
        tills = [_Till(fleet, i) for i in range(plan.running)]
        fleet.t0 = time.perf_counter()
        fleet.end_at = fleet.t0 + plan.peak_s + plan.outage_s + plan.recovery_s
        for till in tills:
            till.thread.start()
        try:
            fleet.stopping.wait(plan.peak_s)
            outage_start = time.perf_counter() - fleet.t0
            server.stop()
            fleet.stopping.wait(plan.outage_s)
            server = SandboxServer(port=port, rate_limit=limit)
            server.start()
            outage_end = time.perf_counter() - fleet.t0
            fleet.result.outage = (outage_start, outage_end)
            for till in tills:  # every till at once
                till.reconnect()
            fleet.stopping.wait(max(0.0, fleet.end_at - time.perf_counter()))
            fleet.result.duration_s = time.perf_counter() - fleet.t0
            for till in tills:
                till.thread.join(30.0)  # the last customers' lookups
        finally:
            fleet.stopping.set()
            for till in tills:
                till.client.close()  # also ends warm-ups still waiting out their spread
            for till in tills:
                for warm in till.warm_ups:
                    warm.join(10.0)
            server.stop()
    return fleet.result


def run(report: Report, *, quick: bool, sizes: tuple[int, ...] = SIZES, **plan: float) -> None:
    if quick:
        plan = {"peak_s": 6.0, "outage_s": 2.0, "recovery_s": 10.0, **plan}
    for tills in sizes:
        fleet_plan = FleetPlan(tills, **plan)  # type: ignore[arg-type]
        before = run_fleet(fleet_plan, RetryPolicy.before_fleet(), "before")
        after = run_fleet(fleet_plan, RetryPolicy(), "fleet-aware")
        report.say(f"{tills} tills, before:      {before.text()}")
        report.say(f"{tills} tills, fleet-aware: {after.text()}")
        lost, lost_before = after.lost(), before.lost()
        lat, lat_before = after.latencies_ms(), before.latencies_ms()
        goal = tills <= GOAL_TILLS
        report.add(
            Row(
                f"Fleet of {tills:,} tills on one key (Saturday peak, outage, all reconnect)",
                after.text(),
                "before: " + before.text(),
                f"lost {len(lost)} vs {len(lost_before)}; 429s {after.share_429:.1%} vs "
                f"{before.share_429:.1%}; p95 "
                f"{percentile(lat, 95) / max(percentile(lat_before, 95), 1e-9):.2f}",
                "0 lookups lost to 429" if goal else "— (beyond the goal)",
                (not any(r.outcome == "limited" for r in lost)) if goal else None,
                f"{fleet_plan.running} tills run for {fleet_plan.tills:,} "
                f"(limit {fleet_plan.limit_per_s:.1f}/s, burst {fleet_plan.burst:.0f}), time "
                f"{fleet_plan.time_scale:g}x; req/s as the fleet's; advised ≤ "
                f"{ENGAGE_ADVISED_PER_S:.0f}/s, 429 above {ENGAGE_429_ABOVE_PER_S:.0f}/s",
            )
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--time-scale", type=float, default=3.0)
    parser.add_argument("--simulated", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="shorter phases")
    args = parser.parse_args(argv)
    report = Report()
    sizes = tuple(int(s) for s in args.sizes.split(","))
    run(report, quick=args.quick, sizes=sizes, time_scale=args.time_scale, simulated=args.simulated)
    for row in report.rows:
        print(f"{row.name}\n  after:  {row.figure}\n  {row.baseline}\n  {row.ratio}\n  {row.note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
