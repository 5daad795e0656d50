"""Which event nodes ``[scanner] evdev_device`` names, read from a sysfs tree laid out like the
kernel's (a USB scanner with a keyboard node, a consumer-control node and a second keyboard
interface; a USB keyboard; pos-profile's own pass-through device), and the config keys.

Grabbing and passing on need real devices: tests/vm/guest_evdev.py.
"""

from __future__ import annotations

import queue
from pathlib import Path

import pytest

from pos_profile.scanning.config import ScannerConfig
from pos_profile.scanning.evdev_keys import KEY_ENTER
from pos_profile.scanning.evdev_source import (
    EvdevSource,
    InputNode,
    find_nodes,
    list_nodes,
    passthrough_name,
)
from pos_profile.scanning.serial_source import SourceState, SourceStatus
from pos_profile.settings import SettingsError, load_settings

SCANNER = "Honeywell Imaging & Mobility 1900"
KEYBOARD_KEYS = [1, *range(2, 12), *range(16, 28), KEY_ENTER, *range(30, 54), 57]
CONSUMER_KEYS = [113, 114, 115, 163, 164, 165]  # mute, volume, media keys: no digits


def key_bitmap(codes: list[int]) -> str:
    """As the kernel prints capabilities/key: 64-bit hex words, highest first."""
    value = sum(1 << c for c in codes)
    words = []
    while value:
        words.append(value & (2**64 - 1))
        value >>= 64
    return " ".join(f"{w:x}" for w in reversed(words)) or "0"


def add_node(
    sys: Path,
    dev: Path,
    parent: str,
    number: int,
    name: str,
    keys: list[int],
    vendor: int = 0x0C2E,
    product: int = 0x0B61,
) -> None:
    device = sys / "devices" / parent / "input" / f"input{number}"
    event = device / f"event{number}"
    event.mkdir(parents=True)
    (event / "device").symlink_to(device)
    (device / "name").write_text(name + "\n")
    (device / "phys").write_text(f"phys-{number}\n")
    (device / "id").mkdir()
    (device / "id" / "vendor").write_text(f"{vendor:04x}\n")
    (device / "id" / "product").write_text(f"{product:04x}\n")
    (device / "capabilities").mkdir()
    (device / "capabilities" / "key").write_text(key_bitmap(keys) + "\n")
    (sys / "class" / "input").mkdir(parents=True, exist_ok=True)
    (sys / "class" / "input" / f"event{number}").symlink_to(event)
    (dev / f"event{number}").write_text("")  # stands in for the character device


@pytest.fixture
def machine(tmp_path: Path) -> tuple[str, str]:
    sys, dev = tmp_path / "sys", tmp_path / "dev" / "input"
    dev.mkdir(parents=True)
    usb = "pci0000:00/0000:00:14.0/usb1/1-3"
    (sys / "devices" / usb).mkdir(parents=True)
    (sys / "devices" / usb / "idVendor").write_text("0c2e\n")
    add_node(sys, dev, f"{usb}/1-3:1.0/0003:0C2E:0B61.0001", 3, SCANNER, KEYBOARD_KEYS)
    add_node(sys, dev, f"{usb}/1-3:1.1/0003:0C2E:0B61.0002", 4, SCANNER, CONSUMER_KEYS)
    add_node(
        sys, dev, f"{usb}/1-3:1.2/0003:0C2E:0B61.0003", 5, SCANNER + " Keyboard", KEYBOARD_KEYS
    )
    kbd = "pci0000:00/0000:00:14.0/usb1/1-4"
    (sys / "devices" / kbd).mkdir(parents=True)
    (sys / "devices" / kbd / "idVendor").write_text("046d\n")
    add_node(sys, dev, f"{kbd}/1-4:1.0/x", 6, "Logitech USB Keyboard", KEYBOARD_KEYS, 0x046D, 1)
    add_node(sys, dev, "virtual", 9, passthrough_name(SCANNER), KEYBOARD_KEYS, 1, 1)
    (dev / "by-id").mkdir()
    (dev / "by-id" / "usb-Honeywell_1900-event-kbd").symlink_to("../event3")
    return str(sys), str(dev)


def paths(nodes: list[InputNode]) -> list[str]:
    return [Path(n.path).name for n in nodes]


def test_sysfs_says_name_ids_and_which_nodes_carry_keys(machine: tuple[str, str]) -> None:
    sys, dev = machine
    nodes = list_nodes(sys, dev)
    assert paths(nodes) == ["event3", "event4", "event5", "event6", "event9"]
    assert [n.keys for n in nodes] == [True, False, True, True, True]
    first = nodes[0]
    assert (first.name, first.vendor, first.product) == (SCANNER, 0x0C2E, 0x0B61)
    assert first.usb_device.endswith("usb1/1-3") and nodes[4].usb_device == ""


def test_usb_vid_pid_takes_every_key_node_of_the_scanner(machine: tuple[str, str]) -> None:
    sys, dev = machine
    assert paths(find_nodes("usb:0c2e:0b61", list_nodes(sys, dev))) == ["event3", "event5"]
    assert paths(find_nodes("usb:C2E:B61", list_nodes(sys, dev))) == ["event3", "event5"]
    assert find_nodes("usb:dead:beef", list_nodes(sys, dev)) == []


def test_a_by_id_path_takes_the_other_key_nodes_of_the_same_usb_device(
    machine: tuple[str, str],
) -> None:
    sys, dev = machine
    link = f"{dev}/by-id/usb-Honeywell_1900-event-kbd"
    assert paths(find_nodes(link, list_nodes(sys, dev))) == ["event3", "event5"]
    assert paths(find_nodes(f"{dev}/event6", list_nodes(sys, dev))) == ["event6"]
    assert find_nodes(f"{dev}/by-id/usb-Gone-event-kbd", list_nodes(sys, dev)) == []


def test_name_matches_exactly_and_never_the_pass_through_device(machine: tuple[str, str]) -> None:
    sys, dev = machine
    assert paths(find_nodes(f"name:{SCANNER}", list_nodes(sys, dev))) == ["event3"]
    assert find_nodes(f"name:{passthrough_name(SCANNER)}", list_nodes(sys, dev)) == []
    assert find_nodes("name:Honeywell", list_nodes(sys, dev)) == []


def test_a_missing_scanner_is_disconnected_until_stopped(tmp_path: Path) -> None:
    statuses: queue.Queue[SourceStatus] = queue.Queue()
    config = ScannerConfig(source="evdev", evdev_device="usb:0c2e:0b61")
    source = EvdevSource(
        "usb:0c2e:0b61",
        config,
        on_judged=lambda judged: None,
        on_status=statuses.put,
        retry_s=0.01,
        sysfs=str(tmp_path / "sys"),
        devroot=str(tmp_path / "dev"),
    )
    source.start()
    status = statuses.get(timeout=5)
    assert status == SourceStatus(
        SourceState.DISCONNECTED,
        "Scanner disconnected (usb:0c2e:0b61: not plugged in)",
        "not plugged in",
    )
    source.stop()
    assert statuses.get(timeout=5).state is SourceState.STOPPED  # said once, not every retry


# ------------------------------------------------------------------------ [scanner] keys


@pytest.mark.parametrize(
    ("spec", "stored"),
    [
        ("/dev/input/by-id/usb-Honeywell_1900-event-kbd", None),
        ("usb:0C2E:0B61", "usb:0c2e:0b61"),
        ("name:Honeywell Imaging & Mobility 1900", None),
    ],
)
def test_the_three_ways_to_name_the_device(spec: str, stored: str | None) -> None:
    config = ScannerConfig(source="evdev", evdev_device=spec)
    assert config.evdev_device == (stored or spec)
    assert config.evdev_passthrough is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[scanner]\nsource = "evdev"\n',
            '[scanner]: source = "evdev" needs evdev_device (a /dev/input/by-id/... path, '
            "usb:VID:PID or name:<device name>)",
        ),
        (
            '[scanner]\nsource = "evdev"\nevdev_device = "event3"\n',
            "[scanner] evdev_device: must be a /dev/input/by-id/... path, usb:VID:PID in hex "
            "or name:<device name>",
        ),
        ('[scanner]\nevdev_device = "usb:0c2e"\n', "[scanner] evdev_device: must be usb:VID:PID"),
        ('[scanner]\nevdev_device = "name: "\n', "[scanner] evdev_device: name: needs the device"),
        ('[scanner]\nevdev_passthrough = "no"\n', "[scanner] evdev_passthrough: must be true"),
        ('[scanner]\nsource = "hid"\n', "[scanner] source: must be one of"),
    ],
)
def test_a_wrong_evdev_setting_is_one_line_naming_the_key(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as info:
        load_settings(path, environ={}, site_path=tmp_path / "no-site.toml")
    assert info.value.message.startswith(f"{path}: {expected}"), info.value.message
    assert "\n" not in info.value.message


def test_evdev_is_refused_off_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "win32")
    with pytest.raises(ValueError, match='source = "evdev" works on Linux only'):
        ScannerConfig(source="evdev", evdev_device="usb:0c2e:0b61")


def test_a_bug_while_taking_the_scanner_is_reported_and_retried(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: queue.Queue[int] = queue.Queue()

    def broken(*args: object) -> list[InputNode]:
        calls.put(1)
        raise RuntimeError("a bug")

    monkeypatch.setattr("pos_profile.scanning.evdev_source.list_nodes", broken)
    statuses: queue.Queue[SourceStatus] = queue.Queue()
    config = ScannerConfig(source="evdev", evdev_device="usb:0c2e:0b61")
    source = EvdevSource(
        "usb:0c2e:0b61", config, on_judged=lambda j: None, on_status=statuses.put, retry_s=0.01
    )
    source.start()
    try:
        assert statuses.get(timeout=5).reason == "failed, see the log"
        for _ in range(3):  # it goes on trying
            calls.get(timeout=5)
    finally:
        source.stop()
    assert statuses.get(timeout=5).state is SourceState.STOPPED
