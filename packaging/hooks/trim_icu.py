"""Shrink the PySide6 wheel's ``libicudata.so.NN`` (31 MB) to the ICU data Qt can reach.

Not a PyInstaller hook (those are the ``hook-*.py`` files): ``pos_profile.spec`` imports it.

Qt 6's ``libQt6Core`` calls ICU for four things only (its imports, ``nm -D --undefined-only
libQt6Core.so.6 | grep _73``): locale-aware case mapping (``u_strToUpper/Lower``), collation
(``ucol_*``), time zones (``ucal_*``) and legacy text codecs (``ucnv_*``). No other Qt library
calls ICU. So the data trees those calls never open are removed from the ICU data package:

==========  ====  ===================================================================
tree        MB    what it serves (never reached from the four APIs above)
==========  ====  ===================================================================
unit/       4.9   measure-unit names (MeasureFormat)
curr/       4.7   currency names and symbols (NumberFormat)
lang/       4.2   language names (LocaleDisplayNames)
brkitr/     3.4   word/line break rules and CJK/Thai dictionaries (BreakIterator)
region/     2.7   region names (LocaleDisplayNames)
translit/   1.1   transliterators (Transliterator)
rbnf/       0.9   spelled-out numbers (RuleBasedNumberFormat)
==========  ====  ===================================================================

Kept: the core properties, case mapping and normalization data, every converter, ``coll/``
(collation), ``zone/`` and the tz rules (``zoneinfo64``, ``metaZones``...), and the locale
``.res`` files (calendar data used by ``ucal_open``). Even a removed item would only make ICU
return ``U_MISSING_RESOURCE_ERROR``, which Qt turns into a fallback (untranslated name), never
a crash.

How: the data is one read-only symbol ``icudtNN_dat`` in an otherwise empty shared library
(an ICU "common data" package: header, table of contents sorted by name, items aligned to
16 bytes). The package is rewritten without the removed items and the ELF file is rewritten
in place with everything after the symbol moved down by whole pages. No ICU tools and no
compiler are needed; anything unexpected in the file makes :func:`trim` return ``None`` and
the spec keeps the original library.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

DROP_TREES = ("unit", "curr", "lang", "brkitr", "region", "translit", "rbnf")
_PAGE = 0x1000
_ALIGN = 16


def trim(source: Path, target: Path, drop: tuple[str, ...] = DROP_TREES) -> int | None:
    """Write a trimmed copy of ``source`` (libicudata.so.NN) to ``target``.

    Returns the number of bytes saved, or None (and writes nothing) when the file does not
    look like the expected ICU data library.
    """
    elf = bytearray(source.read_bytes())
    try:
        start, size, symbol_entry = _data_symbol(elf)
        package = _trim_package(bytes(elf[start : start + size]), drop)
        patched = _replace_blob(elf, start, size, package, symbol_entry)
    except (ValueError, struct.error):
        return None
    target.write_bytes(patched)
    target.chmod(source.stat().st_mode & 0o777)
    return len(elf) - len(patched)


# ------------------------------------------------------------------------ ICU package


def _trim_package(blob: bytes, drop: tuple[str, ...]) -> bytes:
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD" or blob[8] != 0:
        raise ValueError("not a little-endian ICU common data package")
    (count,) = struct.unpack_from("<I", blob, header_size)
    entries = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    toc_base = header_size
    names = [_c_string(blob, toc_base + name_offset) for name_offset, _ in entries]
    starts = [toc_base + data_offset for _, data_offset in entries]
    ends = [*starts[1:], len(blob)]
    if starts != sorted(starts) or names != sorted(names):
        raise ValueError("unexpected package layout")
    prefix = names[0].split("/", 1)[0] + "/"  # "icudt73l/"
    pattern = re.compile("^" + re.escape(prefix) + "(" + "|".join(drop) + ")/")
    kept = [
        (name, blob[s:e])
        for name, s, e in zip(names, starts, ends, strict=True)
        if not pattern.match(name)
    ]

    names_blob = b"".join(name.encode("ascii") + b"\0" for name, _ in kept)
    toc_size = 4 + 8 * len(kept)
    data_start = _round_up(toc_size + len(names_blob), _ALIGN)
    toc = bytearray(struct.pack("<I", len(kept)))
    name_offset, data_offset = toc_size, data_start
    items = bytearray()
    for name, item in kept:
        toc += struct.pack("<II", name_offset, data_offset)
        name_offset += len(name) + 1
        padded = item + b"\0" * (_round_up(len(item), _ALIGN) - len(item))
        items += padded
        data_offset += len(padded)
    body = bytes(toc) + names_blob + b"\0" * (data_start - toc_size - len(names_blob))
    return blob[:header_size] + body + bytes(items)


def _c_string(blob: bytes, offset: int) -> str:
    end = blob.index(b"\0", offset)
    return blob[offset:end].decode("ascii")


# ------------------------------------------------------------------------ ELF


def _data_symbol(elf: bytearray) -> tuple[int, int, int]:
    """File offset and size of ``icudtNN_dat``, and the offset of its .dynsym entry."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise ValueError("not a little-endian ELF64 file")
    sections = _sections(elf)
    dynsym = next(s for s in sections if s["type"] == 11)  # SHT_DYNSYM
    strtab = sections[dynsym["link"]]
    for entry in range(dynsym["offset"], dynsym["offset"] + dynsym["size"], 24):
        name_index, _info, _other, _shndx, value, size = struct.unpack_from("<IBBHQQ", elf, entry)
        name = _c_string(bytes(elf), strtab["offset"] + name_index)
        if re.fullmatch(r"icudt\d+_dat", name):
            return _file_offset(elf, value), size, entry
    raise ValueError("no icudtNN_dat symbol")


def _sections(elf: bytearray) -> list[dict[str, int]]:
    (shoff,) = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3A)
    result = []
    for i in range(shnum):
        base = shoff + i * shentsize
        _name, kind, _flags, addr, offset, size, link = struct.unpack_from("<IIQQQQI", elf, base)
        result.append(
            {"base": base, "type": kind, "addr": addr, "offset": offset, "size": size, "link": link}
        )
    return result


def _segments(elf: bytearray) -> list[dict[str, int]]:
    (phoff,) = struct.unpack_from("<Q", elf, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", elf, 0x36)
    result = []
    for i in range(phnum):
        base = phoff + i * phentsize
        kind, _flags, offset, vaddr, _paddr, filesz, memsz, align = struct.unpack_from(
            "<IIQQQQQQ", elf, base
        )
        result.append(
            {
                "base": base,
                "type": kind,
                "offset": offset,
                "vaddr": vaddr,
                "filesz": filesz,
                "memsz": memsz,
                "align": align,
            }
        )
    return result


def _file_offset(elf: bytearray, vaddr: int) -> int:
    for seg in _segments(elf):
        if seg["type"] == 1 and seg["vaddr"] <= vaddr < seg["vaddr"] + seg["filesz"]:
            return vaddr - seg["vaddr"] + seg["offset"]
    raise ValueError("symbol outside the loaded segments")


def _replace_blob(
    elf: bytearray, start: int, size: int, package: bytes, symbol_entry: int
) -> bytes:
    """Put ``package`` where the old data was; move what follows down by whole pages."""
    end = start + size
    segments, sections = _segments(elf), _sections(elf)
    # Only a data-only library is handled: no relocations, no code, nothing pointing into
    # or past the data except the headers fixed up below.
    allowed = {0, 1, 2, 3, 6, 7, 8, 11, 0x6FFFFFF6}  # null progbits symtab strtab dynamic
    if any(s["type"] not in allowed for s in sections):  # note nobits dynsym gnu_hash
        raise ValueError("unexpected section types")
    if any(
        seg["type"] == 1 and seg["offset"] < end < seg["offset"] + seg["filesz"] for seg in segments
    ):
        raise ValueError("data is not at the end of its segment")
    align = max([_PAGE] + [seg["align"] for seg in segments if seg["type"] == 1])
    shift = (size - len(package)) // align * align
    if shift <= 0:
        raise ValueError("nothing to gain")
    new_size = size - shift
    blob = package + b"\0" * (new_size - len(package))
    out = bytearray(elf[:start] + blob + elf[end:])

    def moved(offset: int) -> bool:
        return offset >= end

    for seg in segments:
        b = seg["base"]
        if seg["filesz"] and moved(seg["offset"]):
            struct.pack_into(
                "<QQQ",
                out,
                b + 8,
                seg["offset"] - shift,
                seg["vaddr"] - shift,
                seg["vaddr"] - shift,
            )
        elif seg["type"] == 1 and seg["offset"] <= start and seg["offset"] + seg["filesz"] >= end:
            struct.pack_into("<QQ", out, b + 32, seg["filesz"] - shift, seg["memsz"] - shift)
    (shoff,) = struct.unpack_from("<Q", elf, 0x28)
    header_shift = shift if moved(shoff) else 0
    for sec in sections:
        b = sec["base"] - header_shift
        if sec["type"] == 0:
            continue
        if moved(sec["offset"]):
            struct.pack_into(
                "<QQ", out, b + 16, sec["addr"] - shift if sec["addr"] else 0, sec["offset"] - shift
            )
        elif sec["offset"] <= start and sec["offset"] + sec["size"] >= end:
            struct.pack_into("<Q", out, b + 32, sec["size"] - shift)
    struct.pack_into("<Q", out, 0x28, shoff - header_shift)
    for sec in sections:  # symbols (.dynsym, and .symtab if not stripped) after the data
        if sec["type"] in (2, 11):
            base = sec["offset"] - shift if moved(sec["offset"]) else sec["offset"]
            for entry in range(base, base + sec["size"], 24):
                (value,) = struct.unpack_from("<Q", out, entry + 8)
                if value >= end:
                    struct.pack_into("<Q", out, entry + 8, value - shift)
    struct.pack_into("<Q", out, symbol_entry + 16, len(package))
    _check_dynamic(out, end - shift)
    return bytes(out)


def _check_dynamic(elf: bytearray, limit: int) -> None:
    """The .dynamic pointers (hash, symbols, strings) must all lie before the data."""
    dynamic = next(s for s in _sections(elf) if s["type"] == 6)
    pointer_tags = {4, 5, 6, 0x6FFFFEF5}  # DT_HASH DT_STRTAB DT_SYMTAB DT_GNU_HASH
    for entry in range(dynamic["offset"], dynamic["offset"] + dynamic["size"], 16):
        tag, value = struct.unpack_from("<qQ", elf, entry)
        if tag == 0:
            break
        if tag in pointer_tags and value >= limit:
            raise ValueError("dynamic section points past the data")
        if tag not in pointer_tags | {1, 14, 16, 29, 10, 11, 0x6FFFFFFB, 0x6FFFFFF0}:
            raise ValueError(f"unexpected dynamic tag {tag:#x}")


def _round_up(value: int, step: int) -> int:
    return (value + step - 1) // step * step
