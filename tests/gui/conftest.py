"""Fixtures the GUI tests share: the Engage sandbox on a real loopback socket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pos_profile.sandbox import DEMO_API_KEY
from pos_profile.sandbox.server import SandboxServer
from tests.helpers.fixtures import FIXTURES_NOW


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    """The demo contacts with dates that follow today (as the demo shows them)."""
    with SandboxServer(api_key=DEMO_API_KEY) as server:
        yield server


@pytest.fixture(scope="module")
def fixture_time_sandbox() -> Iterator[SandboxServer]:
    """The demo contacts with their dates as written, for tests frozen at FIXTURES_NOW."""
    with SandboxServer(api_key=DEMO_API_KEY, now=lambda: FIXTURES_NOW) as server:
        yield server
