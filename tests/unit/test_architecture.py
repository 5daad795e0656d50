"""House rules a machine can check: the Qt boundary, lint and types."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HEADLESS_MODULES = [
    "pos_profile.cli", "pos_profile.engage.client", "pos_profile.engage.models",
    "pos_profile.engage.identifiers", "pos_profile.scanning.detector",
    "pos_profile.scanning.codes", "pos_profile.sandbox.server", "pos_profile.settings",
    "pos_profile.credentials", "pos_profile.logs", "pos_profile.presentation",
    "pos_profile.lookup_report",
]


def tool(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    found = str(path) if path.exists() else shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
    return found


def test_import_linter_contracts_are_kept() -> None:
    result = subprocess.run([tool("lint-imports")], cwd=REPO, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_headless_modules_do_not_load_qt() -> None:
    """`pos-profile lookup`, `credentials` and `sandbox` must start without PySide6."""
    code = (
        "import importlib, sys\n"
        f"for name in {HEADLESS_MODULES!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    result = subprocess.run([tool("ruff"), "check", "pos_profile", "tests", "packaging"],
                            cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


@pytest.mark.slow
def test_mypy_is_clean() -> None:
    result = subprocess.run([tool("mypy")], cwd=REPO, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout
