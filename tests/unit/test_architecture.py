"""House rules a machine can check: the layers and the Qt boundary, lint and types.

These checks never skip: ruff, mypy and import-linter are in the ``dev`` extra, and a missing
tool fails the test (a skipped architecture check is a check nobody ran).
"""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "pos_profile"
FRONT_ENDS = {"pos_profile.gui"}  # the only package that may import Qt
ENTRY = {"pos_profile.cli", "pos_profile.__main__"}  # may import gui (lazily) to dispatch


def tool(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    found = str(path) if path.exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: pip install -e '.[dev]' (this check never skips)")
    return found


def top_level_modules() -> set[str]:
    """Every module and package directly under pos_profile, as it is on disk now."""
    return {f"pos_profile.{info.name}" for info in pkgutil.iter_modules([str(PACKAGE)])}


def headless_modules() -> list[str]:
    """Every module outside pos_profile.gui, packages walked (``__main__`` would run the app)."""
    names = []
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="pos_profile."):
        top = ".".join(info.name.split(".")[:2])
        if top not in FRONT_ENDS and info.name != "pos_profile.__main__":
            names.append(info.name)
    return sorted(names)


def contracts() -> dict[str, dict[str, Any]]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    found = config["tool"]["importlinter"]["contracts"]
    return {contract["type"] + ":" + contract["name"]: contract for contract in found}


def contract(prefix: str) -> dict[str, Any]:
    (match,) = [c for key, c in contracts().items() if key.startswith(prefix)]
    return match


def test_import_linter_contracts_are_kept() -> None:
    result = subprocess.run(
        [tool("lint-imports")], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_module_is_in_a_layer_and_under_the_boundaries() -> None:
    """A module added under pos_profile must be placed in the contracts, not slip past them."""
    modules = top_level_modules()
    layered = [
        name.strip()
        for layer in contract("layers:")["layers"]
        for name in layer.replace("|", ":").split(":")
    ]
    assert sorted(set(layered)) == sorted(layered), "a module is in two layers"
    assert set(layered) == modules, "pyproject.toml [tool.importlinter] layers"
    no_qt = set(contract("forbidden:Only pos_profile.gui imports Qt")["source_modules"])
    assert no_qt == modules - FRONT_ENDS, "the 'Only pos_profile.gui imports Qt' contract"
    no_gui = set(contract("forbidden:The headless core never imports the GUI")["source_modules"])
    assert no_gui == modules - FRONT_ENDS - ENTRY, "the 'headless core' contract"


def test_headless_modules_do_not_load_qt() -> None:
    """`pos-profile lookup`, `credentials` and `sandbox` must start without PySide6."""
    names = headless_modules()
    assert "pos_profile.cli" in names and "pos_profile.engage.client" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [tool("ruff"), "check", "pos_profile", "tests", "packaging"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.slow
def test_mypy_is_clean() -> None:
    result = subprocess.run([tool("mypy")], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


def test_a_missing_tool_fails_instead_of_skipping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="never skips"):
        tool("no-such-linter")
