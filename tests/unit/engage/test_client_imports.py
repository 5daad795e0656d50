"""What building an EngageClient costs: the window builds one on its way to "Ready to scan"."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pos_profile import errors
from pos_profile.engage.client import EngageClient

HEAVY = ("httpx", "httpcore", "h11", "pos_profile.engage.models")


def test_building_and_closing_a_client_imports_neither_httpx_nor_the_models() -> None:
    """httpx and httpcore (~100 ms on a till) and the response models load with the first
    request (the warm-up after "Ready to scan"), not with the client."""
    code = (
        "import sys\n"
        "from pos_profile.engage.client import EngageClient\n"
        "client = EngageClient('https://tenant.voyado.com', 'k3y')\n"
        "client.close()\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_client_closed_before_its_first_request_sends_nothing() -> None:
    client = EngageClient("https://tenant.voyado.com", "k3y")
    client.close()
    with pytest.raises(errors.RequestCancelledError):
        client.check_connection()
    client.close()  # twice is fine
