"""`pos-profile --demo` starts the sandbox on its way to "Ready to scan": it starts light."""

from __future__ import annotations

import subprocess
import sys


def test_starting_the_sandbox_loads_neither_phonenumbers_nor_stdnum() -> None:
    """phonenumbers and python-stdnum (60-70 ms) wait for the first identifier needing them;
    a phone number and a personnummer are then still judged as before."""
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from pos_profile.sandbox.server import DEMO_API_KEY, SandboxServer\n"
        "with SandboxServer('127.0.0.1', 0, api_key=DEMO_API_KEY):\n"
        "    pass\n"
        "heavy = ('phonenumbers', 'stdnum')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
        "from pos_profile.sandbox import validation as v\n"
        "print(v.normalize_phone('+46701234567'), v.normalize_phone('+4670'))\n"
        "print(v.normalize_ssn('19121212-1212', date(2026, 12, 3)))\n"
        "print(v.normalize_ssn('131052-308T', date(2026, 12, 3)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == [
        "[]",
        "+46701234567 None",
        "191212121212",
        "131052-308T",
    ]
