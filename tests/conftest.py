"""Shared fixtures. QT_QPA_PLATFORM is set before any QApplication can exist."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from tests.helpers.memory_keyring import MemoryKeyring

SHARED_FIXTURES = Path(__file__).resolve().parent / "fixtures"
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    old = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(old)


def load_fixture(name: str) -> bytes:
    """A synthetic payload from tests/fixtures (in the shapes of pos_profile/docs/engage-api.md)."""
    return (SHARED_FIXTURES / name).read_bytes()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark Qt tests ``gui``; skip X11/Secret Service tests outside CI, but never in CI."""
    no_secret_service = not os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    no_x = not (os.environ.get("DISPLAY") and shutil.which("xdotool"))
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures:
            item.add_marker(pytest.mark.gui)
        if IN_CI:
            continue  # in CI a missing service is a failure, not a skip
        if no_secret_service and "secretservice" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="no D-Bus session bus (runs in .ci/run)"))
        if no_x and "x11" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="no DISPLAY or xdotool (runs in .ci/run)"))


OUTPUT_DIR = Path(
    os.environ.get("POS_PROFILE_TEST_OUTPUT", Path(__file__).resolve().parents[1] / "test-output")
)


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where GUI tests save what the cashier saw (test-output/screenshots, gitignored)."""
    path = OUTPUT_DIR / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
