"""A scanner in serial mode, for tests: the master side of a real pseudo-terminal.

The code under test opens the slave through a symlink, as a till opens
``/dev/serial/by-id/…``. :meth:`PtyScanner.unplug` closes the master (the slave then fails
with EIO, as a USB device that vanished does); :meth:`PtyScanner.plug_in` makes a new pty
and points the link at it.
"""

from __future__ import annotations

import os
from pathlib import Path


class PtyScanner:
    def __init__(self, link: Path) -> None:
        self.link = link
        self.master: int | None = None
        self.plug_in()

    def plug_in(self) -> None:
        master, slave = os.openpty()
        name = os.ttyname(slave)
        os.close(slave)  # the source opens it by name, as a till opens the device
        tmp = self.link.with_suffix(".new")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(name)
        tmp.replace(self.link)
        self.master = master

    def send(self, data: bytes) -> None:
        assert self.master is not None
        os.write(self.master, data)

    def unplug(self) -> None:
        if self.master is not None:
            os.close(self.master)
            self.master = None
