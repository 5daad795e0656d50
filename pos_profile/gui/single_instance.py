"""One window per user: a second start asks the first to come to the front, then exits.

Uses a QLocalServer named per user (a Unix socket / Windows named pipe). A stale socket
left by a crashed instance is detected (nobody answers) and replaced.
"""

from __future__ import annotations

import getpass
import zlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

_RAISE = b"raise\n"
_CONNECT_TIMEOUT_MS = 500


def default_server_name(suffix: str = "") -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "user"
    # A checksum, not a secret: it keeps odd user names out of the socket/pipe name. (zlib,
    # not hashlib: OpenSSL's ~4 ms load is on the first screen's path.)
    checksum = zlib.crc32(f"{user}{suffix}".encode("utf-8", "surrogateescape"))
    return f"pos-profile-{checksum:08x}"


class SingleInstance(QObject):
    """Claims the per-user name.

    Signals:
        raise_requested(): another start of pos-profile asked this one to come forward.
    """

    raise_requested = Signal()

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or default_server_name()
        self._server: QLocalServer | None = None

    def notify_running_instance(self) -> bool:
        """True if another instance runs (it has been asked to raise its window)."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(_CONNECT_TIMEOUT_MS):
            return False
        socket.write(_RAISE)
        socket.waitForBytesWritten(_CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        return True

    def claim(self) -> bool:
        """Become the running instance. False if the name cannot be taken."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            QLocalServer.removeServer(self.name)  # stale socket of a crashed instance
            if not server.listen(self.name):
                return False
        server.newConnection.connect(self._on_new_connection)
        self._server = server
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    def _on_new_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(self._on_ready_read)
            socket.disconnected.connect(socket.deleteLater)

    def _on_ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket) and bytes(socket.readAll().data()).startswith(
            _RAISE.strip()
        ):
            self.raise_requested.emit()
