"""``[scanner] source = "evdev"`` against real kernel input devices, in a virtme-ng VM.

A machine without ``/dev/uinput`` (a container, this CI) cannot make or grab input devices, so
this boots Debian's stock kernel (``linux-image-amd64``) under qemu with software emulation
(``vng --disable-kvm``: no KVM needed), the host's own root file system shared read-only, and
runs ``pytest tests/vm/guest_evdev.py`` in it as root: one boot for every case (a member card
taken and hidden from other readers, a product code and typing keys passed on unchanged,
unplug and replug, a second grabber, no rights, SIGKILL releasing the grab). The guest's
pytest output comes back on stdout and its exit code is the VM's.

What the VM needs (``.ci/run`` installs it): apt ``qemu-system-x86``, ``linux-image-amd64``,
``busybox-static`` (.ci/apt-vm.txt); pip ``virtme-ng`` in the project venv. Under ``CI=true``
a VM that cannot start fails this test with the reason; elsewhere it is skipped with it.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import IN_CI, OUTPUT_DIR

pytestmark = [pytest.mark.vm, pytest.mark.timeout(900)]

REPO = Path(__file__).resolve().parents[2]
GUEST = Path(__file__).with_name("guest_evdev.py")
VM_TIMEOUT_S = 840.0  # TCG on 2 shared cores: a boot takes 20-60 s; the cases a few seconds


def guest_tests() -> list[str]:
    tree = ast.parse(GUEST.read_text(encoding="utf-8"))
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name[:5] == "test_"]


def kernel() -> tuple[Path | None, str]:
    """The newest stock kernel with its modules (not -cloud: it has no uinput and no 9p)."""
    found = []
    for image in Path("/boot").glob("vmlinuz-*"):
        version = image.name[len("vmlinuz-") :]
        if "cloud" not in version and Path("/lib/modules", version).is_dir():
            found.append((tuple(int(p) for p in re.findall(r"\d+", version)), image))
    if not found:
        return None, "no /boot/vmlinuz-* with /lib/modules (apt-get install linux-image-amd64)"
    return max(found)[1], ""


def vm_problem() -> tuple[str, Path | None, Path | None]:
    """Why the VM cannot start here ('' if it can), the vng command and the kernel."""
    if sys.platform != "linux" or os.uname().machine != "x86_64":
        return "the VM test needs Linux on x86_64", None, None
    vng = Path(sys.executable).with_name("vng")
    if not vng.exists():
        which = shutil.which("vng")
        if which is None:
            return "no vng (pip install virtme-ng into the project venv)", None, None
        vng = Path(which)
    if shutil.which("qemu-system-x86_64") is None:
        return "no qemu-system-x86_64 (apt-get install qemu-system-x86)", None, None
    if not any(shutil.which(b) for b in ("busybox-static", "busybox.static", "busybox")):
        return "no busybox for the VM's initramfs (apt-get install busybox-static)", None, None
    image, why = kernel()
    if image is None:
        return why, None, None
    try:
        import evdev  # noqa: F401  (the guest imports it from this same venv)
    except ImportError:
        return "python-evdev is not installed in this venv", None, None
    return "", vng, image


def test_evdev_source_in_a_vm() -> None:
    problem, vng, image = vm_problem()
    if problem:
        if IN_CI:
            pytest.fail(f"the VM cannot start: {problem}")
        pytest.skip(f"the VM cannot start: {problem}")
    assert vng is not None and image is not None
    guest = (
        'echo "guest: up after $(cut -d" " -f1 /proc/uptime) s"; '
        "modprobe uinput && modprobe evdev && "
        f"cd {REPO} && POS_PROFILE_IN_VM=1 PYTHONDONTWRITEBYTECODE=1 "
        f"{sys.executable} -m pytest -v -p no:hypothesispytest --timeout 120 "
        f"{GUEST.relative_to(REPO)}; rc=$?; "
        'echo "guest: done after $(cut -d" " -f1 /proc/uptime) s"; exit $rc'
    )
    env = dict(os.environ, PATH=f"{vng.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    command = [str(vng), "--disable-kvm", "--memory", "1G", "--cpus", "2"]
    command += ["--run", str(image), "--cwd", str(REPO), "--exec", guest]
    # The guest sees the host's / read-only, but some directories (/var/tmp, /var/cache …) as
    # empty tmpfs: mount the checkout and the venv at their own paths, wherever they are.
    venv = Path(sys.prefix).resolve()
    for shared in [REPO] if venv.is_relative_to(REPO) else [REPO, venv]:
        command += ["--rodir", f"{shared}={shared}"]
    started = time.monotonic()
    try:
        result = subprocess.run(
            command,
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=VM_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the VM did not finish in {VM_TIMEOUT_S:.0f} s: {exc.stdout!r:.4000}")
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    summary = f"VM test: {elapsed:.1f} s wall (boot + guest pytest), vng exit {result.returncode}"
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUTPUT_DIR / "vm-evdev.log").write_text(f"{summary}\n{output}", encoding="utf-8")
    print(f"{summary}\n{output[-6000:]}")
    if result.returncode != 0 and "passed" not in output and "failed" not in output:
        reason = f"the VM did not run the guest (vng exit {result.returncode}): {output[-3000:]}"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    assert result.returncode == 0, output[-6000:]
    for name in guest_tests():  # every case ran in the guest and passed, none skipped
        assert re.search(rf"{name} PASSED", output), f"{name} did not pass in the VM"
