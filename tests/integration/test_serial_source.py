"""SerialSource against a real pseudo-terminal and real pyserial (what a USB-COM scanner is).

The "scanner" is the master side of a pty; the source opens the slave through a symlink,
as a till opens ``/dev/serial/by-id/…``. Unplugging closes the master (the slave then
fails with EIO, as a USB device that vanished does); plugging in makes a new pty and points
the link at it.
"""

from __future__ import annotations

import queue
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pos_profile.scanning.serial_source import (
    LineFramer,
    SerialSource,
    SourceState,
    SourceStatus,
    find_port,
)
from tests.helpers.pty_scanner import PtyScanner

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

WAIT_S = 5.0
EAN = "7350053850019"


class Collected:
    def __init__(self) -> None:
        self.items: queue.Queue[str | SourceStatus] = queue.Queue()

    def line(self, text: str) -> None:
        self.items.put(text)

    def status(self, status: SourceStatus) -> None:
        self.items.put(status)

    def next_line(self) -> str:
        while True:
            item = self.items.get(timeout=WAIT_S)
            if isinstance(item, str):
                return item

    def next_status(self, state: SourceState) -> SourceStatus:
        while True:
            item = self.items.get(timeout=WAIT_S)
            if isinstance(item, SourceStatus) and item.state is state:
                return item

    def next_item(self) -> str | SourceStatus:
        return self.items.get(timeout=WAIT_S)


@pytest.fixture
def scanner(tmp_path: Path) -> Iterator[PtyScanner]:
    device = PtyScanner(tmp_path / "ttyScanner")
    yield device
    device.unplug()


@pytest.fixture
def source(scanner: PtyScanner) -> Iterator[tuple[SerialSource, Collected]]:
    got = Collected()
    reader = SerialSource(
        str(scanner.link), on_line=got.line, on_status=got.status, silence_s=0.1, retry_s=0.05
    )
    reader.start()
    got.next_status(SourceState.CONNECTED)
    yield reader, got
    reader.stop()


@pytest.mark.parametrize("suffix", [b"\r", b"\n", b"\r\n"])
def test_each_suffix_ends_one_line(
    scanner: PtyScanner, source: tuple[SerialSource, Collected], suffix: bytes
) -> None:
    _, got = source
    scanner.send(EAN.encode() + suffix + b"2400004711205" + suffix)
    assert got.next_line() == EAN
    assert got.next_line() == "2400004711205"
    assert got.items.empty()  # CRLF counted once: no empty line in between


def test_a_scanner_without_suffix_ends_its_line_by_silence(
    scanner: PtyScanner, source: tuple[SerialSource, Collected]
) -> None:
    _, got = source
    scanner.send(EAN.encode())
    assert got.next_line() == EAN


def test_garbage_and_a_10_kb_line_are_dropped_and_the_next_scan_works(
    scanner: PtyScanner, source: tuple[SerialSource, Collected]
) -> None:
    _, got = source
    scanner.send(b"\xff\xfe\x00\x01garbage\r")
    dropped = got.next_item()
    assert isinstance(dropped, SourceStatus) and dropped.state is SourceState.DROPPED
    assert "garbage" not in dropped.detail  # what was read is never repeated
    scanner.send(b"9" * 10_240 + b"\r\n")
    dropped = got.next_item()
    assert isinstance(dropped, SourceStatus) and "over 256 characters" in dropped.detail
    scanner.send(EAN.encode() + b"\r\n")
    assert got.next_line() == EAN


def test_unplug_says_disconnected_and_replug_reconnects_by_itself(
    scanner: PtyScanner, source: tuple[SerialSource, Collected]
) -> None:
    _, got = source
    scanner.unplug()
    status = got.next_status(SourceState.DISCONNECTED)
    assert status.detail.startswith("Scanner disconnected")
    scanner.plug_in()
    got.next_status(SourceState.CONNECTED)
    scanner.send(EAN.encode() + b"\r")
    assert got.next_line() == EAN


def test_a_missing_port_waits_for_the_device(tmp_path: Path) -> None:
    got = Collected()
    link = tmp_path / "ttyLater"
    reader = SerialSource(str(link), on_line=got.line, on_status=got.status, retry_s=0.05)
    reader.start()
    try:
        status = got.next_status(SourceState.DISCONNECTED)
        assert status.detail == f"Scanner disconnected (cannot open {link})"
        device = PtyScanner(link)
        try:
            got.next_status(SourceState.CONNECTED)
            device.send(b"ABC-123\n")
            assert got.next_line() == "ABC-123"
        finally:
            device.unplug()
    finally:
        reader.stop()
    assert got.next_status(SourceState.STOPPED)


def test_stop_ends_the_thread_promptly(source: tuple[SerialSource, Collected]) -> None:
    reader, got = source
    reader.stop(timeout=2.0)
    assert reader._thread is None
    got.next_status(SourceState.STOPPED)


# ------------------------------------------------------------------ pure parts


def test_framer_handles_split_crlf_and_utf8() -> None:
    framer = LineFramer()
    assert framer.feed(b"ABC\r") == ["ABC"]
    assert framer.feed(b"\nD\xc3") == []  # the LF of CRLF; half a UTF-8 character
    assert framer.feed(b"\xa5\n") == ["D\u00e5"]


def test_an_unknown_usb_device_is_not_found() -> None:
    assert find_port("usb:ffff:fffe") is None
    assert find_port("usb:zz:1") is None
    assert find_port("/dev/ttyACM0") == "/dev/ttyACM0"
