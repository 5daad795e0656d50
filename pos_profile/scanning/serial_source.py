"""SerialSource: scans from a scanner or card reader in serial mode (USB-COM, CDC-ACM, RS-232).

In serial mode a scanner sends each code as a line of bytes on a (virtual) COM port instead
of typing it as keys, so scans reach pos-profile whatever window has the keyboard focus —
the POS keeps its focus and its product scans, if the POS reads another device. pyserial
reads the port on a worker thread; each finished line goes to ``on_line`` (raw text, not yet
judged: :mod:`pos_profile.scanning` decides what it is, exactly as for a keyboard burst).

Framing: a line ends at CR, LF or CRLF (CRLF counts once); a scanner that sends no suffix
ends its line by ``silence_s`` of quiet. A line longer than ``max_length`` characters is
dropped whole (it is no scan) and reported through ``on_status``; bytes that are not text
(not UTF-8, control characters) are dropped with the line they belong to. Nothing read is
ever logged: only lengths and states.

The port is ``port`` as the OS names it (``COM3``, ``/dev/ttyACM0``, a
``/dev/serial/by-id/…`` link) or ``usb:VID:PID`` in hex (``usb:0c2e:0b61``), found with
``serial.tools.list_ports``. When the port cannot be opened, or disappears (unplugged), the
source reports ``DISCONNECTED`` with the reason and tries again every ``retry_s`` until it
comes back; it never raises into the app.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

DEFAULT_BAUDRATE = 9600


class SourceState(enum.Enum):
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    DROPPED = "dropped"  # a line was refused before it reached the scan rules
    STOPPED = "stopped"


@dataclasses.dataclass(frozen=True)
class SourceStatus:
    """What the source is doing, worded for the status line and the diagnostics.

    ``reason`` (any source): why it is ``DISCONNECTED`` in a few words for store IT, e.g.
    "busy: another program has grabbed it" (the evdev source); "" when there is nothing to add.
    """

    state: SourceState
    detail: str
    reason: str = ""


LineHandler = Callable[[str], None]
StatusHandler = Callable[[SourceStatus], None]


def find_port(spec: str) -> str | None:
    """The device path for ``spec``: itself, or the first port matching ``usb:VID:PID``."""
    if not spec.lower().startswith("usb:"):
        return spec
    try:
        vid_text, pid_text = spec[4:].split(":", 1)
        vid, pid = int(vid_text, 16), int(pid_text, 16)
    except ValueError:
        return None
    from serial.tools import list_ports

    for port in list_ports.comports():
        if port.vid == vid and port.pid == pid:
            return str(port.device)
    return None


def is_usb_spec(spec: str) -> bool:
    return spec.lower().startswith("usb:")


class LineFramer:
    """Bytes in, finished lines out (pure: the reading thread feeds it)."""

    def __init__(self, *, max_length: int = 256) -> None:
        self.max_length = max_length
        self._buffer = bytearray()
        self._overlong = False
        self._last_was_cr = False

    @property
    def pending(self) -> bool:
        return bool(self._buffer) or self._overlong

    def feed(self, data: bytes) -> list[str | SourceStatus]:
        """Lines (str) and refusals (SourceStatus) completed by ``data``, in order."""
        out: list[str | SourceStatus] = []
        for byte in data:
            if byte in (0x0D, 0x0A):
                if byte == 0x0A and self._last_was_cr:
                    self._last_was_cr = False
                    continue  # the LF of a CRLF
                self._last_was_cr = byte == 0x0D
                out.extend(self._finish())
                continue
            self._last_was_cr = False
            if self._overlong:
                continue
            self._buffer.append(byte)
            if len(self._buffer) > self.max_length * 4:  # UTF-8 is at most 4 bytes a character
                self._overlong = True
                self._buffer.clear()
        return out

    def flush(self) -> list[str | SourceStatus]:
        """End the line in progress (silence after a scanner without a suffix)."""
        self._last_was_cr = False
        return self._finish()

    def _finish(self) -> list[str | SourceStatus]:
        raw, overlong = bytes(self._buffer), self._overlong
        self._buffer.clear()
        self._overlong = False
        if overlong:
            return [SourceStatus(SourceState.DROPPED, f"line over {self.max_length} characters")]
        if not raw:
            return []
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return [SourceStatus(SourceState.DROPPED, f"{len(raw)} bytes that are not text")]
        if len(text) > self.max_length:
            return [SourceStatus(SourceState.DROPPED, f"line over {self.max_length} characters")]
        if any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in text):
            return [SourceStatus(SourceState.DROPPED, f"{len(raw)} bytes with control characters")]
        return [text]


class SerialSource:
    """Reads lines from a serial port on a daemon thread until :meth:`stop`."""

    def __init__(
        self,
        port: str,
        *,
        on_line: LineHandler,
        on_status: StatusHandler,
        baudrate: int = DEFAULT_BAUDRATE,
        max_length: int = 256,
        silence_s: float = 0.1,
        retry_s: float = 1.0,
    ) -> None:
        self.port = port
        self.baudrate = baudrate
        self._on_line = on_line
        self._on_status = on_status
        self._max_length = max_length
        self._silence_s = silence_s
        self._retry_s = retry_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._serial: object | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="pos-profile-serial", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        self._close()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    # ------------------------------------------------------------------ the thread

    def _run(self) -> None:
        said_waiting = False
        while not self._stop.is_set():
            device = find_port(self.port)
            opened = self._open(device) if device is not None else None
            if opened is None:
                if not said_waiting:
                    why = (
                        f"no USB serial device {self.port[4:]} is plugged in"
                        if is_usb_spec(self.port)
                        else f"cannot open {self.port}"
                    )
                    self._status(SourceState.DISCONNECTED, f"Scanner disconnected ({why})")
                    said_waiting = True
                self._stop.wait(self._retry_s)
                continue
            said_waiting = False
            self._status(SourceState.CONNECTED, f"serial {device} open")
            self._read(opened)
            self._close()
            if not self._stop.is_set():
                self._status(SourceState.DISCONNECTED, f"Scanner disconnected ({device})")
                said_waiting = True
        self._status(SourceState.STOPPED, "stopped")

    def _open(self, device: str) -> object | None:
        import serial

        try:
            port = serial.Serial(device, self.baudrate, timeout=0.05)
        except (serial.SerialException, OSError, ValueError) as exc:
            log.debug("serial: cannot open the port (%s)", type(exc).__name__)
            return None
        with self._lock:
            if self._stop.is_set():
                port.close()
                return None
            self._serial = port
        opened: object = port
        return opened

    def _read(self, port: object) -> None:
        import serial

        assert isinstance(port, serial.Serial)
        framer = LineFramer(max_length=self._max_length)
        last_byte = time.monotonic()
        while not self._stop.is_set():
            try:
                waiting = port.in_waiting
                data = port.read(waiting or 1)
            except (serial.SerialException, OSError, TypeError, AttributeError) as exc:
                # unplugged (EIO / device gone), or closed by stop() under our feet
                log.info("serial: read ended (%s)", type(exc).__name__)
                return
            now = time.monotonic()
            if data:
                last_byte = now
                self._deliver(framer.feed(data))
            elif framer.pending and now - last_byte >= self._silence_s:
                self._deliver(framer.flush())

    def _deliver(self, items: list[str | SourceStatus]) -> None:
        for item in items:
            if isinstance(item, str):
                log.info("serial: line of %d characters", len(item))
                self._on_line(item)
            else:
                log.info("serial: dropped a line: %s", item.detail)
                self._on_status(item)

    def _status(self, state: SourceState, detail: str) -> None:
        log.info("serial: %s: %s", state.value, detail)
        self._on_status(SourceStatus(state, detail))

    def _close(self) -> None:
        with self._lock:
            port, self._serial = self._serial, None
        if port is not None:
            try:
                port.close()  # type: ignore[attr-defined]
            except Exception:  # closing a port that vanished may fail; it is gone anyway
                log.debug("serial: close failed", exc_info=True)


__all__ = [
    "DEFAULT_BAUDRATE",
    "LineFramer",
    "SerialSource",
    "SourceState",
    "SourceStatus",
    "find_port",
]
