"""Build the one-folder bundle, smoke-test it, print its size and cold start.

    .venv/bin/python packaging/build.py [--dist DIR] [--runs N] [--no-timing]

1. cleans ``DIR/pos-profile`` (default ``dist/``) and the work dir (``build/pyinstaller``);
2. installs PyInstaller into this interpreter's environment if it is missing
   (the ``packaging`` extra of pyproject.toml);
3. runs PyInstaller on ``packaging/pos_profile.spec`` (cache in ``build/pyinstaller-cache``,
   never in the home directory or the source tree);
4. runs ``pos-profile --self-test --demo`` (its lookup goes to the built-in sandbox, not a
   tenant) from the bundle, and from the source for comparison, and checks both report the
   same keyring backend;
5. starts the demo window headless (``--demo --screenshot PNG --quit-after 2``);
6. prints the bundle size and the cold start, frozen vs source (median of N runs of
   ``--demo --screenshot PNG --quit-after 0.1``).

Exits 0 when the bundle passed everything, 1 otherwise. Run with the project's venv so the
bundle contains exactly the project's dependencies.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "packaging" / "pos_profile.spec"
NAME = "pos-profile"
SIZE_BUDGET_MB = 120.0
START_BUDGET_RATIO = 1.5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dist", type=Path, default=REPO / "dist", help="output dir (default dist/)"
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=REPO / "build" / "pyinstaller",
        help="PyInstaller work dir (default build/pyinstaller)",
    )
    parser.add_argument("--runs", type=int, default=5, help="cold-start runs each (default 5)")
    parser.add_argument("--no-timing", action="store_true", help="skip the cold-start figures")
    parser.add_argument("--no-build", action="store_true", help="test an existing bundle")
    args = parser.parse_args(argv)

    bundle = args.dist.resolve() / NAME
    if not args.no_build:
        ensure_pyinstaller()
        seconds = build(args.dist.resolve(), args.work.resolve())
        print(
            f"build:        {seconds:.1f} s with Python {platform.python_version()} "
            f"({sys.base_prefix})"
        )
    exe = executable(bundle)
    if not exe.exists():
        print(f"FAIL: no executable at {exe}")
        return 1

    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="pos-profile-build-") as scratch:
        env = isolated_env(Path(scratch))
        frozen_keyring = self_test("frozen", [str(cli_executable(bundle))], env, failures)
        source_keyring = self_test("source", [sys.executable, "-m", "pos_profile"], env, failures)
        if frozen_keyring != source_keyring:
            failures.append("keyring")
            print(f"FAIL keyring differs: frozen {frozen_keyring!r}, source {source_keyring!r}")
        else:
            print(f"keyring:      same in both ({frozen_keyring or 'no keyring line'})")
        demo(exe, Path(scratch) / "demo.png", env, failures)
        size_mb = bundle_size_mb(bundle)
        over = "" if size_mb <= SIZE_BUDGET_MB else f"  OVER the {SIZE_BUDGET_MB:.0f} MB budget"
        print(f"size:         {size_mb:.1f} MB on disk ({bundle}){over}")
        print_largest(bundle)
        if not args.no_timing:
            png = str(Path(scratch) / "start.png")
            argv_tail = ["--demo", "--screenshot", png, "--quit-after", "0.1"]
            try:
                frozen = cold_start([str(exe), *argv_tail], env, args.runs)
                source = cold_start(
                    [sys.executable, "-m", "pos_profile", *argv_tail], env, args.runs
                )
            except subprocess.SubprocessError as exc:
                failures.append("cold start")
                print(f"FAIL cold start: {exc}")
                frozen = source = float("nan")
            ratio = frozen / source
            print(
                f"cold start:   frozen {frozen:.2f} s, source {source:.2f} s, "
                f"ratio {ratio:.2f} (median of {args.runs}; includes a 0.1 s timer)"
                f"{'' if ratio <= START_BUDGET_RATIO else '  OVER the 1.5x budget'}"
            )
    if failures:
        print(f"bundle FAILED: {', '.join(failures)}")
        return 1
    print(f"bundle OK: {bundle}")
    return 0


# --------------------------------------------------------------------------- steps


def ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        print("PyInstaller missing: installing it (the 'packaging' extra)")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "pyinstaller>=6.10"], check=True
        )


def build(dist: Path, work: Path) -> float:
    shutil.rmtree(dist / NAME, ignore_errors=True)
    shutil.rmtree(dist / f"{NAME}.app", ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    env = dict(os.environ)
    env.setdefault("PYINSTALLER_CONFIG_DIR", str(REPO / "build" / "pyinstaller-cache"))
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        check=True,
        cwd=REPO,
        env=env,
    )
    return time.perf_counter() - started


def executable(bundle: Path) -> Path:
    return bundle / (f"{NAME}.exe" if sys.platform == "win32" else NAME)


def cli_executable(bundle: Path) -> Path:
    """Windows: the console twin (a windowed .exe has no stdout); elsewhere the same file."""
    return bundle / f"{NAME}-cli.exe" if sys.platform == "win32" else executable(bundle)


def isolated_env(scratch: Path) -> dict[str, str]:
    """No user config, logs in the scratch dir; the keyring session (D-Bus) is kept."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_PROFILE")}
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(scratch / name.lower())
    if sys.platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def self_test(label: str, command: list[str], env: dict[str, str], failures: list[str]) -> str:
    """Run --self-test --demo (the sandbox, not a tenant); returns the keyring backend."""
    result = subprocess.run(
        [*command, "--self-test", "--demo"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    print(f"--- self-test ({label}): exit {result.returncode}")
    print(result.stdout.rstrip())
    if result.returncode != 0:
        failures.append(f"self-test ({label})")
        print(result.stderr.rstrip()[-2000:])
    found = re.search(r"^\S+ +keyring: backend ([\w.]+)", result.stdout, re.MULTILINE)
    return found.group(1) if found else ""


def demo(exe: Path, png: Path, env: dict[str, str], failures: list[str]) -> None:
    result = subprocess.run(
        [str(exe), "--demo", "--screenshot", str(png), "--quit-after", "2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    ok = result.returncode == 0 and png.exists() and png.stat().st_size > 1000
    print(
        f"demo:         {'ok' if ok else 'FAIL'} (exit {result.returncode}, "
        f"screenshot {png.stat().st_size if png.exists() else 0} bytes)"
    )
    if not ok:
        failures.append("demo")
        print(result.stderr.rstrip()[-2000:])


def bundle_size_mb(bundle: Path) -> float:
    if shutil.which("du"):
        out = subprocess.run(
            ["du", "-sk", str(bundle)], capture_output=True, text=True, check=True
        ).stdout
        return int(out.split()[0]) / 1024
    return sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file()) / 1024**2


def print_largest(bundle: Path, count: int = 8) -> None:
    files = sorted(
        (p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()),
        key=lambda p: p.stat().st_size,
        reverse=True,
    )[:count]
    for path in files:
        print(f"    {path.stat().st_size / 1024**2:6.1f} MB  {path.relative_to(bundle)}")


def cold_start(command: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, env=env, cwd=REPO, timeout=60, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


if __name__ == "__main__":
    sys.exit(main())
