"""Render ``resources/icons/pos-profile.svg`` into the icon files installers need.

    python packaging/make_icons.py OUT_DIR

writes ``pos-profile.ico`` (Windows: 16-256 px, PNG-compressed entries, one file),
``pos-profile.icns`` (macOS, when Qt's icns writer is available) and
``pos-profile-<N>.png`` for the Linux icon theme (hicolor 16-512). Qt renders the SVG
(Pillow is not needed); the ICO container is written here because Qt's ICO writer stores
one size only. Runs offscreen, so it works on a build machine without a display.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SVG = REPO / "resources" / "icons" / "pos-profile.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file holding one PNG per size (Windows Vista and later read PNG entries)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    directory = b""
    payload = b""
    for size, data in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        payload += data
        offset += len(data)
    return header + directory + payload


def render(out_dir: Path, svg: Path = SVG) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: cannot read {svg}")

    def image(size: int) -> QImage:
        picture = QImage(size, size, QImage.Format.Format_ARGB32)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        return picture

    def png(picture: QImage) -> bytes:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        picture.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    ico = out_dir / "pos-profile.ico"
    ico.write_bytes(ico_bytes({size: png(image(size)) for size in ICO_SIZES}))
    written.append(ico)
    for size in PNG_SIZES:
        path = out_dir / f"pos-profile-{size}.png"
        if not image(size).save(str(path), "PNG"):
            raise SystemExit(f"make_icons: cannot write {path}")
        written.append(path)
    if b"icns" in [bytes(f.data()) for f in QImageWriter.supportedImageFormats()]:
        icns = out_dir / "pos-profile.icns"
        if image(512).save(str(icns), "ICNS"):
            written.append(icns)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    for path in render(Path(argv[1])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
