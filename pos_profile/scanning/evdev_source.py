"""EvdevSource: one scanner shared with the POS on Linux (``[scanner] source = "evdev"``).

The scanner's input device is grabbed exclusively (python-evdev, ``EVIOCGRAB``): no other
program — not the X server, not a Wayland compositor, not the POS — sees its keys. Its raw
events go through :class:`~pos_profile.scanning.evdev_keys.KeyHolder` on a worker thread:
member cards are taken (``on_judged`` with ``taken=True``); every other scan and every key
that is not part of a scan is written unchanged to ONE uinput device cloned from the scanner
(the pass-through device), so the focused program gets exactly what the scanner typed. The
rule and its reasons: :mod:`pos_profile.scanning.evdev_keys`.

Which device: ``spec`` is a path (``/dev/input/by-id/usb-…-event-kbd``, or a udev SYMLINK),
``usb:VID:PID`` in hex, or ``name:<device name>`` (as ``/sys/class/input/event*/device/name``
says). Every event node of that device that carries keys is grabbed (a USB scanner often has
a second node, consumer control, with no digits); for a path, the other nodes of the same USB
device too. Devices are found in sysfs, so finding needs no rights; opening and grabbing need
read access to the node (group ``input`` by a udev rule), the pass-through device write access
to ``/dev/uinput`` (packaging/linux/99-pos-profile-scanner.rules sets both up).

Order of things, so the POS never loses the scanner by pos-profile's doing: the pass-through
device is made first and the grab comes last; when either fails nothing stays grabbed. The
kernel drops a grab when its file is closed, so if pos-profile dies (even SIGKILL) the scanner
types into the POS again, as it did before pos-profile was installed.

Status (``on_status``, :class:`~pos_profile.scanning.serial_source.SourceStatus`, each change
once): ``CONNECTED`` once grabbed; ``DISCONNECTED`` with a ``reason`` when there is no such
device (unplugged: ``ENODEV``), the node cannot be opened (``EACCES``), another program holds
a grab (``EBUSY``) or ``/dev/uinput`` cannot be used; the source tries again every
``retry_s`` until it works (a replug reconnects by itself). ``STOPPED`` after :meth:`stop`.
Nothing typed is ever logged: only counts, lengths and states.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import math
import os
import re
import select
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pos_profile.scanning.config import ScannerConfig
from pos_profile.scanning.evdev_keys import (
    Frame,
    FrameSplitter,
    HolderAction,
    Judged,
    KeyHolder,
    PassOn,
    RawEvent,
    carries_keys,
)
from pos_profile.scanning.serial_source import SourceState, SourceStatus, StatusHandler

if TYPE_CHECKING:
    from evdev import InputDevice, UInput

log = logging.getLogger(__name__)

__all__ = [
    "PASSTHROUGH_NAME",
    "PASSTHROUGH_PHYS",
    "PASS_ON_GAP_MS",
    "EvdevSource",
    "InputNode",
    "find_nodes",
    "list_nodes",
    "passthrough_name",
]

#: The pass-through device's name starts with this; it is never taken for a scanner.
PASSTHROUGH_NAME = "pos-profile pass-through"
PASSTHROUGH_PHYS = "pos-profile/pass-through"
_UINPUT_NAME_MAX = 79  # UINPUT_MAX_NAME_SIZE - 1
#: EV_SYN, EV_FF, EV_REP, EV_LED: not copied to the pass-through device (see _make_clone).
#: Any: python-evdev annotates ``filtered_types`` as a 1-tuple.
_NOT_FORWARDED: Any = (0x00, 0x15, 0x14, 0x11)

#: Held frames go on at most one per this many ms (about a USB scanner's own pace): written
#: at once, a code's 80-odd events would overflow the kernel's 64-event buffer of a reader
#: (the X server, libinput) that is not woken in time, and the POS would lose keys.
PASS_ON_GAP_MS = 1.0

JudgedHandler = Callable[[Judged], None]


@dataclass(frozen=True)
class InputNode:
    """One ``/dev/input/eventN`` as sysfs describes it (readable without any rights)."""

    path: str  # /dev/input/eventN
    name: str
    phys: str
    vendor: int
    product: int
    usb_device: str  # the sysfs path of the USB device it belongs to ("" if none)
    keys: bool  # it can type a code (Enter or digits)


def passthrough_name(scanner_name: str) -> str:
    return f"{PASSTHROUGH_NAME} ({scanner_name})"[:_UINPUT_NAME_MAX]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def _key_bits(text: str) -> list[int]:
    """The key codes set in a sysfs ``capabilities/key`` bitmap (hex words, highest first)."""
    width = struct.calcsize("L") * 8
    value = 0
    for word in text.split():
        try:
            value = (value << width) | int(word, 16)
        except ValueError:
            return []
    return [bit for bit in range(value.bit_length()) if value >> bit & 1]


def _usb_device(device_dir: Path) -> str:
    """The USB device (the sysfs directory with ``idVendor``) an input device hangs off."""
    try:
        path = device_dir.resolve()
    except OSError:
        return ""
    for parent in (path, *path.parents):
        if (parent / "idVendor").is_file():
            return str(parent)
    return ""


def list_nodes(sysfs: str = "/sys", devroot: str = "/dev/input") -> list[InputNode]:
    """Every event node the kernel has, in number order."""
    nodes = []
    for entry in Path(sysfs, "class", "input").glob("event*"):
        device = entry / "device"
        number = entry.name[len("event") :]
        if not number.isdigit():
            continue
        try:
            vendor = int(_read(device / "id" / "vendor") or "0", 16)
            product = int(_read(device / "id" / "product") or "0", 16)
        except ValueError:
            vendor = product = 0
        nodes.append(
            InputNode(
                path=f"{devroot}/{entry.name}",
                name=_read(device / "name"),
                phys=_read(device / "phys"),
                vendor=vendor,
                product=product,
                usb_device=_usb_device(device),
                keys=carries_keys(_key_bits(_read(device / "capabilities" / "key"))),
            )
        )
    return sorted(nodes, key=lambda n: int(n.path.rsplit("event", 1)[1]))


def _parse_usb(spec: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"usb:([0-9A-Fa-f]{1,4}):([0-9A-Fa-f]{1,4})", spec.strip())
    return (int(match[1], 16), int(match[2], 16)) if match else None


def find_nodes(spec: str, nodes: list[InputNode], devroot: str = "/dev/input") -> list[InputNode]:
    """The key-carrying nodes of the device ``spec`` names (never a pass-through device)."""
    candidates = [n for n in nodes if n.keys and not n.name.startswith(PASSTHROUGH_NAME)]
    if spec.startswith("name:"):
        return [n for n in candidates if n.name == spec[len("name:") :]]
    usb = _parse_usb(spec)
    if usb is not None:
        return [n for n in candidates if (n.vendor, n.product) == usb]
    try:
        target = os.path.realpath(spec)
    except OSError:
        return []
    name = os.path.basename(target)
    node = next((n for n in nodes if os.path.basename(n.path) == name), None)
    if node is None or not os.path.exists(target):
        return []
    if not node.usb_device:
        return [node] if node.keys else []
    return [n for n in candidates if n.usb_device == node.usb_device]


class _Outbox:
    """Frames on their way to the pass-through device, in order, one per ``gap_ms``."""

    def __init__(self, clone: UInput, gap_ms: float) -> None:
        self._clone = clone
        self._gap_ms = gap_ms
        self._frames: deque[Frame] = deque()
        self._last_ms = -math.inf

    def put(self, frames: Iterable[Frame]) -> None:
        self._frames.extend(frames)

    def due(self) -> float | None:
        """When the next frame may be written (monotonic ms), None when nothing waits."""
        return self._last_ms + self._gap_ms if self._frames else None

    def write_due(self, now_ms: float) -> None:
        while self._frames and now_ms >= self._last_ms + self._gap_ms:
            self._write(self._frames.popleft())
            self._last_ms = now_ms
            if self._gap_ms > 0:
                break

    def drain(self) -> None:
        while self._frames:
            self._write(self._frames.popleft())

    def _write(self, frame: Frame) -> None:
        try:
            for event in frame:
                self._clone.write(event.type, event.code, event.value)
        except OSError as exc:
            log.warning("evdev: passing keys on failed (%s)", type(exc).__name__)


class _Unavailable(Exception):
    """The device is there but cannot be used now; ``reason`` says why, for store IT."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class EvdevSource:
    """Grabs the scanner and runs the key holder on a daemon thread until :meth:`stop`.

    ``holder_factory`` makes the :class:`KeyHolder` for each connection (tests count the
    frames it is fed); ``sysfs``, ``devroot`` and ``uinput`` are where the kernel's files are.
    """

    def __init__(
        self,
        spec: str,
        config: ScannerConfig,
        *,
        on_judged: JudgedHandler,
        on_status: StatusHandler,
        passthrough: bool = True,
        retry_s: float = 1.0,
        sysfs: str = "/sys",
        devroot: str = "/dev/input",
        uinput: str = "/dev/uinput",
        holder_factory: Callable[[ScannerConfig], KeyHolder] = KeyHolder,
        pass_on_gap_ms: float = PASS_ON_GAP_MS,
    ) -> None:
        self.spec = spec
        self.config = config
        self.passthrough = passthrough
        self._on_judged = on_judged
        self._on_status = on_status
        self._retry_s = retry_s
        self._sysfs = sysfs
        self._devroot = devroot
        self._uinput = uinput
        self._holder_factory = holder_factory
        self._pass_on_gap_ms = pass_on_gap_ms
        self._stop = threading.Event()
        self._wake_r, self._wake_w = -1, -1
        self._thread: threading.Thread | None = None
        self._last_status: tuple[SourceState, str] | None = None
        self.passthrough_path: str | None = None
        """The pass-through device's event node while connected (for tests and diagnostics)."""

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threading.Thread(target=self._run, name="pos-profile-evdev", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._wake_w >= 0:
            with contextlib.suppress(OSError):  # the thread may have closed it already
                os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        for fd in (self._wake_r, self._wake_w):
            if fd >= 0:
                os.close(fd)
        self._wake_r = self._wake_w = -1

    # ------------------------------------------------------------------ the thread

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    devices, clone = self._connect()
                except _Unavailable as problem:
                    self._wait(problem.reason)
                    continue
                except Exception:
                    log.exception("evdev: cannot take the scanner")
                    self._wait("failed, see the log")
                    continue
                try:
                    paths = ", ".join(str(d.path) for d in devices)
                    self._status(SourceState.CONNECTED, f"evdev {paths} grabbed")
                    gone = self._read(devices, clone)
                except Exception:  # a bug must not leave the till without its scanner
                    log.exception("evdev: the source failed; the scanner is let go")
                    self._wait("failed, see the log")
                    continue
                finally:
                    self._disconnect(devices, clone)  # closing the nodes ends the grab
                if gone and not self._stop.is_set():
                    self._wait("not plugged in", retry=False)
        finally:
            self._status(SourceState.STOPPED, "stopped")

    def _wait(self, reason: str, *, retry: bool = True) -> None:
        """Say DISCONNECTED and why (once per reason), then wait ``retry_s`` to try again."""
        detail = f"Scanner disconnected ({self.spec}: {reason})"
        self._status(SourceState.DISCONNECTED, detail, reason)
        if retry:
            self._stop.wait(self._retry_s)

    def _connect(self) -> tuple[list[InputDevice[str]], UInput | None]:
        from evdev import InputDevice

        nodes = find_nodes(self.spec, list_nodes(self._sysfs, self._devroot), self._devroot)
        if not nodes:
            raise _Unavailable("not plugged in")
        devices: list[InputDevice[str]] = []
        clone: UInput | None = None
        try:
            for node in nodes:
                try:
                    devices.append(InputDevice(node.path))
                except OSError as exc:
                    raise _Unavailable(_open_problem(exc, node.path)) from None
            if self.passthrough:
                clone = self._make_clone(devices)
            for device in devices:
                try:
                    device.grab()
                except OSError as exc:
                    raise _Unavailable(_open_problem(exc, str(device.path))) from None
        except BaseException:
            self._disconnect(devices, clone)
            raise
        return devices, clone

    def _make_clone(self, devices: list[InputDevice[str]]) -> UInput:
        """ONE uinput device with the keys of every grabbed node. Not copied: force feedback;
        the kernel's own auto-repeat (EV_REP: the scanner's repeats are passed on as they
        come, the clone must not add its own); LEDs (a scanner has none worth mirroring)."""
        from evdev import UInput, UInputError

        if not os.path.exists(self._uinput):
            raise _Unavailable(f"cannot pass keys on: no {self._uinput} (modprobe uinput)")
        try:
            clone = UInput.from_device(
                *devices,
                filtered_types=_NOT_FORWARDED,
                name=passthrough_name(devices[0].name),
                phys=PASSTHROUGH_PHYS,
                devnode=self._uinput,
            )
        except UInputError:
            raise _Unavailable(
                f"cannot pass keys on: {self._uinput} is not writable (udev rule, group input)"
            ) from None
        except OSError as exc:
            raise _Unavailable(f"cannot pass keys on: {_open_problem(exc, self._uinput)}") from None
        if clone.device is not None:
            self.passthrough_path = str(clone.device.path)
            clone.device.close()  # pos-profile never reads its own pass-through device
        return clone

    def _disconnect(self, devices: list[InputDevice[str]], clone: UInput | None) -> None:
        for device in devices:
            try:
                device.close()  # closing ends the grab
            except OSError:
                log.debug("evdev: close failed", exc_info=True)
        devices.clear()
        if clone is not None:
            try:
                clone.close()  # destroying it releases any key still down on it
            except OSError:
                log.debug("evdev: closing the pass-through device failed", exc_info=True)
        self.passthrough_path = None

    def _read(self, devices: list[InputDevice[str]], clone: UInput | None) -> bool:
        """Read until stopped (False) or the device is gone (True)."""
        holder = self._holder_factory(self.config)
        outbox = _Outbox(clone, self._pass_on_gap_ms) if clone is not None else None
        splitters = {device.fd: FrameSplitter() for device in devices}
        by_fd = {device.fd: device for device in devices}
        poller = select.poll()
        for fd in by_fd:
            poller.register(fd, select.POLLIN)
        poller.register(self._wake_r, select.POLLIN)
        try:
            while not self._stop.is_set():
                now_ms = time.monotonic() * 1000.0
                next_write = outbox.due() if outbox is not None else None
                due = [t for t in (holder.deadline(), next_write) if t is not None]
                ready = poller.poll(max(0.0, min(due) - now_ms) + 0.5 if due else None)
                for fd, mask in ready:
                    device = by_fd.get(fd)
                    if device is None:
                        continue  # the wake-up pipe: stop() was called
                    try:
                        events = list(device.read())
                    except BlockingIOError:
                        if mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                            log.info("evdev: the device hung up")
                            return True
                        continue
                    except OSError as exc:
                        why = errno.errorcode.get(exc.errno or 0, "?")
                        log.info("evdev: read ended (%s)", why)
                        return True
                    splitter = splitters[fd]
                    for event in events:
                        raw = RawEvent(event.type, event.code, event.value)
                        for frame in splitter.feed(raw):
                            now_ms = time.monotonic() * 1000.0
                            self._carry_out(holder.feed(frame, now_ms), outbox)
                    if splitter.dropped:
                        splitter.dropped = False
                        log.warning("evdev: the kernel dropped events (SYN_DROPPED)")
                        self._carry_out(holder.flush("events were dropped"), outbox)
                now_ms = time.monotonic() * 1000.0
                self._carry_out(holder.poll(now_ms), outbox)
                if outbox is not None:
                    outbox.write_due(now_ms)
            self._carry_out(holder.flush("source stopped"), outbox)
            return False
        finally:
            if outbox is not None:
                outbox.drain()  # what was on its way still reaches the POS

    def _carry_out(self, actions: list[HolderAction], outbox: _Outbox | None) -> None:
        for action in actions:
            if isinstance(action, PassOn):
                if outbox is None:
                    log.debug("evdev: %d frames kept (no pass-through)", len(action.frames))
                else:
                    log.debug("evdev: %d frames to pass on: %s", len(action.frames), action.reason)
                    outbox.put(action.frames)
            else:
                log.info(
                    "evdev: %s of %d characters %s",
                    action.decision.outcome,
                    action.decision.length,
                    "taken" if action.taken else "passed on",
                )
                self._on_judged(action)

    def _status(self, state: SourceState, detail: str, reason: str = "") -> None:
        if self._last_status == (state, reason) and state is not SourceState.STOPPED:
            return
        self._last_status = (state, reason)
        log.info("evdev: %s: %s", state.value, detail)
        self._on_status(SourceStatus(state, detail, reason))


def _open_problem(exc: OSError, path: str) -> str:
    """Why a node cannot be used, worded for store IT (never "errno 16")."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied on {path} (udev rule, group input)"
    if exc.errno == errno.EBUSY:
        return "busy: another program has grabbed it"
    if exc.errno in (errno.ENODEV, errno.ENOENT, errno.ENXIO):
        return "not plugged in"
    return f"cannot open {path} ({errno.errorcode.get(exc.errno or 0, type(exc).__name__)})"
