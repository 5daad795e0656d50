"""Every way Engage can fail, through the whole app over a real socket.

The cases and the rig are in tests/helpers/fault_matrix.py (also run by tests/perf/run.py).

For each fault: the cashier sees the right state within the timeout + 1 s (+ the retry
budget where a retry is allowed), the server saw a bounded number of attempts, nothing
reached sys.excepthook, and the next scan (fault gone) shows the next customer. The matrix
is printed at the end of the module, with or without ``-s``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers import fault_matrix

OUTCOMES: list[fault_matrix.Outcome] = []


@pytest.fixture(scope="module")
def sandbox(request: pytest.FixtureRequest) -> Iterator[Any]:
    server = fault_matrix.new_sandbox()
    yield server
    server.stop()
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if capture is not None and OUTCOMES:
        with capture.global_and_fixture_disabled():
            print("\nFault matrix (fault → state, requests, time):")
            print(fault_matrix.matrix_text(OUTCOMES), flush=True)


@pytest.mark.parametrize("case", fault_matrix.CASES, ids=[c.fault for c in fault_matrix.CASES])
def test_fault_shows_the_right_state_and_the_app_still_scans(
    qtbot: QtBot, memory_keyring: object, sandbox: Any, case: fault_matrix.Case
) -> None:
    outcome = fault_matrix.run_case(case, sandbox)
    OUTCOMES.append(outcome)
    assert outcome.state == case.state, outcome.texts
    assert outcome.seconds <= outcome.limit_seconds
    if outcome.requests is not None:
        assert 1 <= outcome.requests <= fault_matrix.MAX_ATTEMPTS
        if not case.retried:
            assert outcome.requests == 1  # no retry where a retry is not safe or useful
    assert not outcome.hooked
    assert outcome.recovered, outcome.recovered_state
    if case.state != "profile":
        shown = " ".join(outcome.texts).lower()
        assert fault_matrix.MEMBER not in shown  # the scanned number is not echoed
