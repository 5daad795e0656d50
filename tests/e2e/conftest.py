"""Run the installed ``pos-profile`` command as a subprocess, against a sandbox subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def command() -> list[str]:
    installed = Path(sys.executable).with_name("pos-profile")
    if installed.exists():
        return [str(installed)]
    found = shutil.which("pos-profile")
    return [found] if found else [sys.executable, "-m", "pos_profile"]


@dataclass
class Till:
    """A till's environment: its own HOME, config file and (test) keyring file."""

    home: Path
    config: Path
    env: dict[str, str]

    def run(
        self, *args: str, stdin: str | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command(), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=timeout,
            check=False,
            stdin=None if stdin is not None else subprocess.DEVNULL,
        )

    def configure(self, base_url: str, **engage: object) -> None:
        lines = ["[engage]", f'base_url = "{base_url}"']
        lines += [f"{key} = {value!r}".replace("'", '"') for key, value in engage.items()]
        self.config.write_text("\n".join(lines) + "\n")


@pytest.fixture
def till(tmp_path: Path) -> Till:
    home = tmp_path / "home"
    home.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("POS_PROFILE", "PYTHON_KEYRING", "XDG_"))
    }
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_STATE_HOME=str(home / ".local/state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        POS_PROFILE_CONFIG=str(tmp_path / "config.toml"),
        PYTHON_KEYRING_BACKEND="tests.helpers.file_keyring.FileKeyring",
        POS_PROFILE_TEST_KEYRING=str(tmp_path / "keyring.json"),
        PYTHONPATH=str(REPO),
    )
    return Till(home=home, config=tmp_path / "config.toml", env=env)


@dataclass
class SandboxProcess:
    process: subprocess.Popen[str]
    base_url: str


@pytest.fixture
def sandbox_process(till: Till) -> Iterator[SandboxProcess]:
    # The sandbox reads no till config: the till's file may not exist yet (a missing file
    # named by $POS_PROFILE_CONFIG fails every command, the sandbox included).
    env = {key: value for key, value in till.env.items() if key != "POS_PROFILE_CONFIG"}
    process = subprocess.Popen(
        [*command(), "sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # blocks until the server prints its address
    assert "listening on" in line, line + (process.stderr.read() if process.stderr else "")
    base_url = line.split("listening on", 1)[1].split()[0]
    yield SandboxProcess(process, base_url)
    process.terminate()
    process.communicate(timeout=10)  # reaps it and closes the pipes
