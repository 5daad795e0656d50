"""Texts a person reads, marked where they are written. No Qt.

Modules outside ``pos_profile.gui`` write English and stay Qt-free. Every text of theirs that
the window can show is marked at the spot where it is written, and the GUI translates it
(``pos_profile.gui.translations``); the Swedish catalogue is checked against these marks, so a
new message cannot miss its translation (``tests/gui/test_translations.py``).

Marks:

* :func:`N_` ``(context, text)`` marks a fixed text or a template with ``{fields}`` and
  returns it unchanged. ``context`` is one of :data:`ERRORS`, :data:`PRESENTATION`,
  :data:`LOOKUP_KIND` (or a string literal): the ``<context>`` of the ``.ts``.
* In ``pos_profile/presentation/`` a call ``tr("...")`` with a literal is a mark too, in
  context :data:`PRESENTATION`: the display model hands its templates to the ``tr`` callable
  it is given (identity by default, Qt's translator in the window).
* :func:`english_only` marks a text deliberately shown in English in every language: store
  IT's detail that names settings, files or keyring backends and is composed from English
  phrases of lower layers (``[engage] ca_file: file not found. …``). The command line is
  English-only as a whole (``cli.py``, ``admin_text.py``, ``tenant_check.py``).

A message with values is a :class:`Message`: the marked template and its fields. Errors
carry one (:class:`pos_profile.errors.PosProfileError`: ``template``, ``fields``,
``message`` — the English text for logs and the command line); the GUI translates the
template and then fills in the fields (a field that is itself a Message is translated too).

:func:`marked_texts` finds every mark in the sources (an AST walk, nothing is imported);
``python -m pos_profile.i18n OUT.py`` writes them as ``QT_TRANSLATE_NOOP`` lines for
``pyside6-lupdate`` (``resources/translations/README.md``).
"""

from __future__ import annotations

import logging
import string
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    import ast

log = logging.getLogger(__name__)

ERRORS = "errors"
"""Context of error messages (``pos_profile/errors.py`` and every module raising one)."""
PRESENTATION = "ProfilePresentation"
"""Context of the display model's templates (``pos_profile/presentation/``)."""
LOOKUP_KIND = "LookupKind"
"""Context of the lookup kind labels ("Looking up by {kind}…")."""

CONTEXTS: Mapping[str, str] = MappingProxyType(
    {"ERRORS": ERRORS, "PRESENTATION": PRESENTATION, "LOOKUP_KIND": LOOKUP_KIND}
)
"""The context constants by name (what a mark may name instead of a literal)."""

Translate: TypeAlias = Callable[[str, str], str]
"""``(context, english) -> text in the shown language`` (``QCoreApplication.translate``)."""


def N_(context: str, text: str) -> str:
    """Mark ``text`` (fixed, or a template with ``{fields}``) for translation in
    ``context``; returns it unchanged."""
    return text


def english_only(text: str) -> str:
    """Mark ``text`` as shown in English in every language (store IT's detail); returns
    it unchanged."""
    return text


def _english(context: str, text: str) -> str:
    return text


Field: TypeAlias = "str | int | Message"


@dataclass(frozen=True)
class Message:
    """A marked ``template`` and the values of its ``{fields}``.

    ``Message(N_(ERRORS, "{count} members match. …"), {"count": 3})``. A field may be a
    Message itself; it is translated along with the template.
    """

    template: str
    fields: Mapping[str, Field] = field(default_factory=dict, hash=False)
    context: str = ERRORS

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", MappingProxyType(dict(self.fields)))

    @property
    def english(self) -> str:
        """The text in English (for logs and the command line)."""
        return self.translated(_english)

    def translated(self, translate: Translate) -> str:
        """The template through ``translate``, then formatted with the fields.

        A translation whose ``{fields}`` do not fit is logged and the English text used.
        A template without fields is not formatted (braces in it stay as they are).
        """
        text = translate(self.context, self.template)
        if not self.fields:
            return text
        values = {
            name: value.translated(translate) if isinstance(value, Message) else value
            for name, value in self.fields.items()
        }
        try:
            return text.format_map(values)
        except (KeyError, IndexError, ValueError):
            log.warning("translation of a %s template has wrong fields", self.context)
            return self.template.format_map(values)

    def __str__(self) -> str:
        return self.english


# --------------------------------------------------------------------------- extraction

PACKAGE = Path(__file__).resolve().parent
"""``pos_profile/``: where :func:`marked_texts` looks by default."""


@dataclass(frozen=True)
class Marked:
    """One marked text found in the sources."""

    context: str
    text: str
    path: Path
    line: int

    @property
    def fields(self) -> list[str]:
        return sorted(
            name for _, name, _, _ in string.Formatter().parse(self.text) if name is not None
        )


@dataclass(frozen=True)
class Extraction:
    """What :func:`marked_texts` found: the texts and the marks it could not read."""

    texts: tuple[Marked, ...]
    problems: tuple[str, ...]
    """``path:line: why`` for each mark whose context or text is not a literal."""

    def catalogue_keys(self) -> set[tuple[str, str]]:
        """``(context, text)`` of every mark."""
        return {(m.context, m.text) for m in self.texts}


def source_files(root: Path = PACKAGE) -> list[Path]:
    """Every ``.py`` file under ``root``, sorted."""
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def marked_texts(files: Iterable[Path] | None = None) -> Extraction:
    """Every :func:`N_` mark (and ``tr("...")`` in ``presentation/``) in ``files``
    (default: all of ``pos_profile``), by reading the sources."""
    import ast

    found: list[Marked] = []
    problems: list[str] = []
    for path in source_files() if files is None else files:
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        in_presentation = path.parent.name == "presentation"
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _called_name(node.func)
            where = f"{path}:{node.lineno}"
            if name == "N_":
                if len(node.args) != 2 or node.keywords:
                    problems.append(f"{where}: N_ takes (context, text)")
                    continue
                context = _context(node.args[0])
                text = _literal(node.args[1])
                if context is None:
                    problems.append(f"{where}: the context is not a literal or an i18n constant")
                elif text is None:
                    problems.append(f"{where}: the text is not a string literal (an f-string?)")
                else:
                    found.append(Marked(context, text, path, node.lineno))
            elif name == "tr" and in_presentation and isinstance(node.func, ast.Name):
                if len(node.args) != 1:
                    continue
                argument = node.args[0]
                if isinstance(argument, ast.JoinedStr):
                    problems.append(f"{where}: tr() of an f-string (use a template and .format)")
                elif (text := _literal(argument)) is not None:
                    found.append(Marked(PRESENTATION, text, path, node.lineno))
    return Extraction(tuple(found), tuple(problems))


def _called_name(func: ast.expr) -> str | None:
    import ast

    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _literal(node: ast.expr) -> str | None:
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _context(node: ast.expr) -> str | None:
    import ast

    if (text := _literal(node)) is not None:
        return text
    if isinstance(node, ast.Name | ast.Attribute):
        name = node.id if isinstance(node, ast.Name) else node.attr
        return CONTEXTS.get(name)
    return None


def lupdate_stub(extraction: Extraction) -> str:
    """The marked texts as Python that ``pyside6-lupdate`` reads (``QT_TRANSLATE_NOOP``)."""
    lines = [
        "# Generated by `python -m pos_profile.i18n`: the texts marked outside the GUI, for",
        "# pyside6-lupdate. Do not edit or commit; the marks in pos_profile/ are the source.",
    ]
    seen: set[tuple[str, str]] = set()
    for marked in extraction.texts:
        key = (marked.context, marked.text)
        if key in seen:
            continue
        seen.add(key)
        lines.append(f"QT_TRANSLATE_NOOP({_quoted(marked.context)}, {_quoted(marked.text)})")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def main(argv: list[str] | None = None) -> int:
    """``python -m pos_profile.i18n OUT.py``: write the lupdate stub; exit 1 on bad marks."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("usage: python -m pos_profile.i18n OUT.py\n")
        return 2
    extraction = marked_texts()
    for problem in extraction.problems:
        sys.stderr.write(f"{problem}\n")
    Path(args[0]).write_text(lupdate_stub(extraction), "utf-8")
    return 1 if extraction.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
