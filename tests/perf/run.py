"""Run every benchmark and print one table: ``python -m tests.perf.run [--quick] [--markdown]``.

Each row has the figure, the baseline measured in the same run, their ratio, the target and
pass/fail; the machine summary (CPU, cores, Python, Qt, date) heads the table. ``--quick``
uses fewer iterations; ``--markdown`` prints the table as Markdown for the README.
``--only NAME`` (latency, render, memory, startup, faults, fleet) runs a subset. ``--hogs N`` runs
N CPU hogs (busy Python processes) beside the benchmarks for the whole run, and the table
says so. ``--display :N`` names the X server the start-up benchmark maps its windows on
(an Xvfb; default ``$POS_PROFILE_BENCH_DISPLAY``, then ``$DISPLAY``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

if __package__ in (None, ""):  # python tests/perf/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.helpers import fault_matrix
from tests.helpers.app_rig import Report, Row, machine_summary, qapp
from tests.perf import (
    bench_fleet,
    bench_latency,
    bench_memory,
    bench_render,
    bench_startup,
)


def run_faults(report: Report, *, quick: bool) -> None:
    outcomes = fault_matrix.run_matrix()
    report.details.append("Fault matrix:\n" + fault_matrix.matrix_text(outcomes))
    failed = [o.case.name for o in outcomes if not o.ok]
    report.add(
        Row(
            f"Fault matrix ({len(outcomes)} faults through the whole app)",
            f"{len(outcomes) - len(failed)}/{len(outcomes)} right state, bounded retries, "
            "next scan works",
            "—",
            "—",
            "all pass",
            not failed,
            ", ".join(failed),
        )
    )


BENCHES: dict[str, Callable[..., None]] = {
    "latency": bench_latency.run,
    "render": bench_render.run,
    "memory": bench_memory.run,
    "startup": bench_startup.run,
    "faults": run_faults,
    "fleet": bench_fleet.run,
}


@contextlib.contextmanager
def cpu_hogs(count: int) -> Iterator[None]:
    """``count`` processes spinning on a core each, ended when the block ends."""
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()


def verdict(passed: bool | None) -> str:
    return "—" if passed is None else ("PASS" if passed else "**OVER**")


def markdown(report: Report, machine: dict[str, str]) -> str:
    lines = [
        f"Measured {machine['date']} on {machine['cpu']} ({machine['cores']} cores), "
        f"{machine['os']}, Python {machine['python']}, {machine['qt']}, "
        f"QPA {machine['qpa']}; load: {machine['load']}; the run took {machine['duration']}.",
        "",
        "| Benchmark | Figure | Baseline (same run) | Ratio | Target | Result | Note |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in report.rows:
        cells = (r.name, r.figure, r.baseline, r.ratio, r.target, verdict(r.passed), r.note)
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def plain(report: Report, machine: dict[str, str]) -> str:
    out = ["Machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()), ""]
    for r in report.rows:
        out.append(f"[{verdict(r.passed).strip('*'):4}] {r.name}")
        out.append(f"       figure:   {r.figure}")
        out.append(f"       baseline: {r.baseline}   ratio: {r.ratio}   target: {r.target}")
        if r.note:
            out.append(f"       note:     {r.note}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer iterations")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--only", action="append", choices=sorted(BENCHES), default=None)
    parser.add_argument("--hogs", type=int, default=0, metavar="N", help="N CPU hogs beside")
    parser.add_argument("--display", default=None, metavar=":N", help="X server for startup")
    args = parser.parse_args(argv)
    if args.display:
        os.environ["POS_PROFILE_BENCH_DISPLAY"] = args.display
    qapp()
    machine = machine_summary()
    machine["load"] = f"{args.hogs} CPU hogs beside" if args.hogs else "no extra load added"
    report = Report()
    started = time.monotonic()
    with cpu_hogs(args.hogs):
        run_all(args, report)
    machine["duration"] = f"{time.monotonic() - started:.0f} s"
    print(markdown(report, machine) if args.markdown else plain(report, machine))
    for detail in report.details:
        if "\n" in detail:
            print()
            print(detail)
    return 0 if all(r.passed is not False for r in report.rows) else 1


def run_all(args: argparse.Namespace, report: Report) -> None:
    for name, bench in BENCHES.items():
        if args.only and name not in args.only:
            continue
        print(f"running {name}…", file=sys.stderr, flush=True)
        t0 = time.monotonic()
        try:
            bench(report, quick=args.quick)
        except Exception as exc:  # one broken benchmark must not hide the others
            report.add(
                Row(name, f"benchmark crashed: {type(exc).__name__}: {exc}", "—", "—", "—", False)
            )
        print(f"  {name} took {time.monotonic() - t0:.0f} s", file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
