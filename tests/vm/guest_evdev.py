"""The evdev source against real kernel input devices: runs INSIDE the VM (test_evdev_vm.py
boots it and runs ``pytest tests/vm/guest_evdev.py`` there, as root). Not collected on the host:
the file name does not match ``test_*.py`` and every test needs ``POS_PROFILE_IN_VM=1``.

The scanner is an ``evdev.UInput`` device named like one (vendor 0c2e, a USB-HID-like MSC_SCAN
per key); the source selects it with ``name:``. What the POS would get is read back from the
pass-through device (a second uinput device, made by the source); what other programs would get
from the scanner is read with a second ``InputDevice`` on the scanner's own node.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import grp
import os
import queue
import select
import shutil
import signal
import stat
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

if os.environ.get("POS_PROFILE_IN_VM") != "1":
    pytest.skip("runs inside the VM (tests/vm/test_evdev_vm.py)", allow_module_level=True)

from evdev import InputDevice, UInput, ecodes

from pos_profile.scanning.config import ScannerConfig
from pos_profile.scanning.decision import Outcome
from pos_profile.scanning.evdev_keys import (
    US_KEYS,
    Frame,
    HolderAction,
    Judged,
    KeyHolder,
    RawEvent,
)
from pos_profile.scanning.evdev_source import EvdevSource
from pos_profile.scanning.serial_source import SourceState, SourceStatus
from tests.helpers.evdev_typing import events, tap, typed

SCANNER_NAME = "VM Test Barcode Scanner"
MEMBER = "7001234567"
PRODUCT_EAN = "7350053850019"
WAIT_S = 10.0
CONFIG = ScannerConfig(
    source="evdev",
    evdev_device=f"name:{SCANNER_NAME}",
    member_prefix="7001",
    ean_prefixes=("2400",),
    member_only=True,
    silence_ms=1000.0,  # an emulated CPU may take a while to wake the reader between keys
    max_duration_ms=30_000.0,
)
TYPING = [ecodes.KEY_BACKSPACE, ecodes.KEY_LEFT, ecodes.KEY_F2, ecodes.KEY_ESC]


def make_scanner() -> UInput:
    keys = [*US_KEYS, ecodes.KEY_ENTER, ecodes.KEY_TAB, ecodes.KEY_LEFTSHIFT, *TYPING]
    keys += [ecodes.KEY_LEFTCTRL]
    return UInput(
        {ecodes.EV_KEY: keys, ecodes.EV_MSC: [ecodes.MSC_SCAN]},
        name=SCANNER_NAME,
        vendor=0x0C2E,
        product=0x0B61,
        phys="usb-0000:00:14.0-1/input0",
    )


class CountingHolder(KeyHolder):
    """The real holder; counts the frames the source has read and fed it."""

    fed = 0
    changed = threading.Condition()

    def feed(self, frame: Frame, now_ms: float) -> list[HolderAction]:
        actions = super().feed(frame, now_ms)
        with CountingHolder.changed:
            CountingHolder.fed += 1
            CountingHolder.changed.notify_all()
        return actions


def send(scanner: UInput, sent: list[RawEvent]) -> None:
    """Write ``sent`` frame by frame, each once the source has read the one before. A real
    scanner sends one HID report per USB poll (1-8 ms), which any till reads in time; written
    all at once, 70 events overflow the kernel's 64-event buffer of a reader that an emulated
    CPU wakes late (SYN_DROPPED)."""
    for event in sent:
        if event.type != ecodes.EV_SYN:
            scanner.write(event.type, event.code, event.value)
            continue
        with CountingHolder.changed:
            target = CountingHolder.fed + 1
            scanner.write(event.type, event.code, event.value)
            read = CountingHolder.changed.wait_for(
                functools.partial(frames_fed_reach, target), timeout=WAIT_S
            )
        assert read, "the source did not read the frame"


def frames_fed_reach(target: int) -> bool:
    return CountingHolder.fed >= target


def read_events(device: InputDevice[str], count: int, timeout: float = WAIT_S) -> list[RawEvent]:
    """The next ``count`` events of ``device`` (fewer if they do not come in time)."""
    got: list[RawEvent] = []
    end = time.monotonic() + timeout
    while len(got) < count and time.monotonic() < end:
        event = device.read_one()
        if event is None:
            select.select([device.fd], [], [], max(0.0, end - time.monotonic()))
            continue
        got.append(RawEvent(event.type, event.code, event.value))
    return got


def pending(device: InputDevice[str]) -> list[RawEvent]:
    out = []
    while (event := device.read_one()) is not None:
        out.append(RawEvent(event.type, event.code, event.value))
    return out


class Collected:
    def __init__(self) -> None:
        self.items: queue.Queue[Judged | SourceStatus] = queue.Queue()

    def judged(self, item: Judged) -> None:
        self.items.put(item)

    def status(self, item: SourceStatus) -> None:
        self.items.put(item)

    def next_judged(self) -> Judged:
        while True:
            item = self.items.get(timeout=WAIT_S)
            if isinstance(item, Judged):
                return item

    def next_item_state(self) -> SourceStatus:
        """The first status other than STOPPED: connected, or why not."""
        while True:
            item = self.items.get(timeout=WAIT_S)
            if isinstance(item, SourceStatus) and item.state is not SourceState.STOPPED:
                return item

    def next_status(self, state: SourceState) -> SourceStatus:
        while True:
            item = self.items.get(timeout=WAIT_S)
            if isinstance(item, SourceStatus) and item.state is state:
                return item


@pytest.fixture
def scanner() -> Iterator[UInput]:
    device = make_scanner()
    yield device
    device.close()


@pytest.fixture
def running(scanner: UInput) -> Iterator[tuple[EvdevSource, Collected]]:
    got = Collected()
    source = EvdevSource(
        CONFIG.evdev_device or "",
        CONFIG,
        on_judged=got.judged,
        on_status=got.status,
        retry_s=0.05,
        holder_factory=CountingHolder,
    )
    source.start()
    got.next_status(SourceState.CONNECTED)
    yield source, got
    source.stop()
    got.next_status(SourceState.STOPPED)


def passthrough(source: EvdevSource) -> InputDevice[str]:
    assert source.passthrough_path is not None
    return InputDevice(source.passthrough_path)


def test_a_member_card_is_taken_and_no_other_reader_sees_it(
    scanner: UInput, running: tuple[EvdevSource, Collected]
) -> None:
    source, got = running
    other = InputDevice(scanner.device.path)  # another program reading the scanner
    pos = passthrough(source)  # what the POS gets
    send(scanner, events(typed(MEMBER)))
    judged = got.next_judged()
    assert judged.taken and judged.decision.outcome is Outcome.SCAN
    assert judged.decision.lookup is not None and judged.decision.lookup.value == MEMBER
    marker = events(tap(ecodes.KEY_F2))  # a key that goes on at once: everything before it is in
    send(scanner, marker)
    assert read_events(pos, len(marker)) == marker  # the F2 and nothing of the member card
    assert pending(pos) == []
    assert pending(other) == []  # the grab: not one event of the card nor the F2
    other.close()
    pos.close()


def test_a_product_code_reaches_the_pos_unchanged(
    scanner: UInput, running: tuple[EvdevSource, Collected]
) -> None:
    source, got = running
    pos = passthrough(source)
    sent = events(typed(PRODUCT_EAN))
    send(scanner, sent)
    judged = got.next_judged()
    assert not judged.taken and judged.decision.outcome is Outcome.REJECTED
    assert read_events(pos, len(sent)) == sent  # event for event, MSC_SCAN and SYN included
    assert pending(pos) == []
    pos.close()


def test_typing_keys_and_a_chord_reach_the_pos_unchanged(
    scanner: UInput, running: tuple[EvdevSource, Collected]
) -> None:
    source, got = running
    pos = passthrough(source)
    sent = [e for code in TYPING for e in events(tap(code))]
    sent += events([*typed("ab", suffix="")])  # two letters, then Ctrl+C: no scan
    chord = events(tap(ecodes.KEY_LEFTCTRL))
    sent += [*chord[:3], *events(tap(ecodes.KEY_C)), *chord[3:]]
    send(scanner, sent)
    assert read_events(pos, len(sent)) == sent
    assert not any(isinstance(item, Judged) for item in list(got.items.queue))
    pos.close()


def test_unplug_says_disconnected_and_a_replug_reconnects(
    scanner: UInput, running: tuple[EvdevSource, Collected]
) -> None:
    source, got = running
    scanner.close()
    status = got.next_status(SourceState.DISCONNECTED)
    assert status.reason == "not plugged in"
    assert source.passthrough_path is None  # the pass-through device went with it
    again = make_scanner()
    try:
        got.next_status(SourceState.CONNECTED)
        send(again, events(typed(MEMBER)))
        assert got.next_judged().taken
    finally:
        again.close()


def test_a_scanner_grabbed_by_another_program_is_busy_until_it_lets_go(
    scanner: UInput,
) -> None:
    rival = InputDevice(scanner.device.path)
    rival.grab()
    got = Collected()
    source = EvdevSource(
        CONFIG.evdev_device or "", CONFIG, on_judged=got.judged, on_status=got.status, retry_s=0.05
    )
    source.start()
    try:
        status = got.next_status(SourceState.DISCONNECTED)
        assert status.reason == "busy: another program has grabbed it"
        assert source.passthrough_path is None  # nothing half made is left behind
        rival.ungrab()
        got.next_status(SourceState.CONNECTED)
        with pytest.raises(OSError, match="Device or resource busy") as busy:
            rival.grab()  # and now the other way round
        assert busy.value.errno == errno.EBUSY
    finally:
        source.stop()
        rival.close()


def test_without_uinput_nothing_is_grabbed_and_the_pos_keeps_the_scanner(
    scanner: UInput,
) -> None:
    got = Collected()
    source = EvdevSource(
        CONFIG.evdev_device or "",
        CONFIG,
        on_judged=got.judged,
        on_status=got.status,
        retry_s=0.05,
        uinput="/dev/no-uinput",
    )
    source.start()
    try:
        status = got.next_status(SourceState.DISCONNECTED)
        assert status.reason == "cannot pass keys on: no /dev/no-uinput (modprobe uinput)"
        other = InputDevice(scanner.device.path)
        other.grab()  # the scanner is free: pos-profile never grabs what it cannot pass on
        other.ungrab()
        other.close()
    finally:
        source.stop()


def test_a_user_without_rights_gets_permission_denied(scanner: UInput) -> None:
    read_fd, write_fd = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        code = 1
        try:
            os.setgid(65534)
            os.setuid(65534)
            got = Collected()
            source = EvdevSource(
                CONFIG.evdev_device or "", CONFIG, on_judged=got.judged, on_status=got.status
            )
            source.start()
            status = got.next_status(SourceState.DISCONNECTED)
            source.stop()
            os.write(write_fd, status.reason.encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    _, wait_status = os.waitpid(child, 0)
    reason = os.read(read_fd, 4096).decode()
    os.close(read_fd)
    assert os.waitstatus_to_exitcode(wait_status) == 0
    assert reason.startswith("permission denied on /dev/input/event"), reason
    assert reason.endswith("(udev rule, group input)")


def say(fd: int, line: str) -> None:
    os.write(fd, line.encode() + b"\n")


def test_a_killed_pos_profile_gives_the_scanner_back(scanner: UInput) -> None:
    """SIGKILL: no clean-up runs, yet the kernel drops the grab with the process's files."""
    read_fd, write_fd = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - a pos-profile holding the scanner, until it is killed
        try:
            source = EvdevSource(
                CONFIG.evdev_device or "",
                CONFIG,
                on_judged=lambda judged: None,
                on_status=lambda status: say(write_fd, status.state.value),
            )
            source.start()
            threading.Event().wait(WAIT_S * 6)
        finally:
            os._exit(1)
    os.close(write_fd)
    with os.fdopen(read_fd) as said:
        try:
            assert said.readline().strip() == "connected"
            other = InputDevice(scanner.device.path)
            with pytest.raises(OSError, match="busy"):
                other.grab()
            os.kill(child, signal.SIGKILL)
            _, wait_status = os.waitpid(child, 0)
            assert os.waitstatus_to_exitcode(wait_status) == -signal.SIGKILL
            other.grab()  # free again, and pos-profile's pass-through device went with it
            other.ungrab()
            other.close()
        finally:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(child, signal.SIGKILL)
                os.waitpid(child, 0)


def test_the_shipped_udev_rules_let_group_input_grab_and_pass_on() -> None:
    """packaging/linux/99-pos-profile-scanner.rules under a real udevd: the scanner (0c2e:0b61,
    the ids the file ships with) gets its SYMLINK and group input, /dev/uinput group input, and
    a user who is only in group input runs the source: grabbed, pass-through device made."""
    rules = Path(__file__).resolve().parents[2] / "packaging/linux/99-pos-profile-scanner.rules"
    Path("/etc/udev/rules.d").mkdir(parents=True, exist_ok=True)
    shutil.copy(rules, "/etc/udev/rules.d/")
    udevd = subprocess.Popen(
        ["/lib/systemd/systemd-udevd"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    scanner = None
    try:
        subprocess.run(["udevadm", "control", "--ping", "--timeout=30"], check=True)
        scanner = make_scanner()
        for step in (["trigger", "--action=add"], ["settle", "--timeout=30"]):
            subprocess.run(["udevadm", *step], check=True)
        input_gid = grp.getgrnam("input").gr_gid
        uinput = os.stat("/dev/uinput")
        assert (uinput.st_gid, stat.S_IMODE(uinput.st_mode)) == (input_gid, 0o660)
        link = "/dev/input/pos-profile-scanner"
        assert os.path.realpath(link) == scanner.device.path
        assert os.stat(link).st_gid == input_gid
        read_fd, write_fd = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover - the child reports through the pipe
            try:
                os.setgroups([input_gid])
                os.setgid(65534)
                os.setuid(65534)
                got = Collected()
                config = CONFIG.model_copy(update={"evdev_device": link})
                source = EvdevSource(link, config, on_judged=got.judged, on_status=got.status)
                source.start()
                status = got.next_item_state()
                made = source.passthrough_path is not None
                source.stop()
                say(write_fd, f"{status.state.value} {made} {status.reason}")
            finally:
                os._exit(0)
        os.close(write_fd)
        with os.fdopen(read_fd) as said:
            report = said.read().strip()
        os.waitpid(child, 0)
        assert report == "connected True", report
    finally:
        if scanner is not None:
            scanner.close()
        udevd.terminate()
        udevd.wait(timeout=WAIT_S)
