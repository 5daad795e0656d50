"""A keyring backend for subprocess tests only: keys in a JSON file named by an env var.

Subprocesses cannot see the in-memory test keyring, and the real Secret Service exists
only inside .ci/run's D-Bus session. Tests that run ``pos-profile`` as a command select
this backend with ``PYTHON_KEYRING_BACKEND=tests.helpers.file_keyring.FileKeyring``.
Never used by the app itself.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend


class FileKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def _path(self) -> Path:
        return Path(os.environ["POS_PROFILE_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        try:
            return dict(json.loads(self._path.read_text()))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\n{username}"] = password
        self._path.write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}\n{username}", None) is None:
            import keyring.errors

            raise keyring.errors.PasswordDeleteError("not found")
        self._path.write_text(json.dumps(data))
