"""The import preview as a workbook (docs/domain.md §8): what the page lists, to read in Excel.

One sheet: the mode and the counts on top, then one block per kind of change (cells that change
colour, new and removed positions with their colours, warnings that appear and disappear,
overrides that would now disagree). Kept small and apart from :mod:`svetofor.export_xlsx` so it
can adopt a shared print layout later. Written with xlsxwriter; text never turns into a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import xlsxwriter

from svetofor.diff import NamedDiff, NamedItem, NamedWarning
from svetofor.messages import Message, render, text
from svetofor.model import SCOPES

_COUNT_IDS = {
    "changes": "importing.preview.changes",
    "added": "importing.preview.added",
    "removed": "importing.preview.removed",
    "warnings_opened": "importing.preview.warnings_opened",
    "warnings_closed": "importing.preview.warnings_closed",
    "stale": "importing.preview.stale",
}
_COLOUR_IDS = {
    "green": "colour.green.short",
    "yellow": "colour.yellow.short",
    "red": "colour.red.short",
    "none": "colour.none.short",
}
_SCOPE_IDS = {"BY": "scope.BY", "RU": "scope.RU", "UNION": "scope.UNION"}


def colour_word(colour: str | None, lang: str) -> str:
    return text(_COLOUR_IDS[colour], lang) if colour is not None else "—"


def scope_word(scope: str, lang: str) -> str:
    return text(_SCOPE_IDS[scope], lang)


def count_label(key: str, lang: str) -> str:
    """The label of one of :meth:`NamedDiff.counts`."""
    return text(_COUNT_IDS[key], lang)


def warning_words(warning: NamedWarning, lang: str) -> list[str]:
    """Kind, severity and position of a warning, in ``lang``."""
    return [
        text(f"import.wkind.{warning.kind}", lang),
        text(f"import.severity.{warning.severity}", lang),
        warning.name or "—",
    ]


def preview_rows(named: NamedDiff, lang: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) per block, in the page's order: one definition for page and file."""
    scopes = [scope_word(s, lang) for s in SCOPES]
    position = text("importing.preview.position", lang)

    def items(rows: Sequence[NamedItem]) -> list[list[str]]:
        return [[i.name, *(colour_word(i.colours.get(s), lang) for s in SCOPES)] for i in rows]

    return [
        (
            count_label("changes", lang),
            [position, text("importing.preview.country", lang), *_from_to(lang)],
            [
                [c.name, scope_word(c.scope, lang), colour_word(c.before, lang), colour_word(c.after, lang)]
                for c in named.changes
            ],
        ),
        (count_label("added", lang), [position, *scopes], items(named.added)),
        (count_label("removed", lang), [position, *scopes], items(named.removed)),
        (
            count_label("warnings_opened", lang),
            _warning_header(lang),
            [warning_words(w, lang) for w in named.warnings_opened],
        ),
        (
            count_label("warnings_closed", lang),
            _warning_header(lang),
            [warning_words(w, lang) for w in named.warnings_closed],
        ),
        (
            count_label("stale", lang),
            [
                position,
                text("importing.preview.country", lang),
                text("importing.preview.override", lang),
                *_from_to(lang),
            ],
            [
                [
                    s.name,
                    scope_word(s.scope, lang),
                    colour_word(s.override, lang),
                    colour_word(s.before, lang),
                    colour_word(s.after, lang),
                ]
                for s in named.stale
            ],
        ),
    ]


def _from_to(lang: str) -> list[str]:
    return [text("importing.preview.from", lang), text("importing.preview.to", lang)]


def _warning_header(lang: str) -> list[str]:
    return [
        text("importing.preview.kind", lang),
        text("importing.preview.severity", lang),
        text("importing.preview.position", lang),
    ]


def preview_workbook(named: NamedDiff, lang: str, *, title: str, mode: Sequence[Message] = ()) -> bytes:
    """The preview of one import as xlsx bytes (``title``: the file's name as data)."""
    buffer = io.BytesIO()
    # strings_to_formulas off: a position named "=1+1" stays text (formula injection)
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet(text("importing.preview.sheet", lang)[:31])
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bg_color": "#E7E6E6", "border": 1})
    sheet.write_string(
        0,
        0,
        text("importing.preview.title", lang, file=title),
        book.add_format({"bold": True, "font_size": 13}),
    )
    row = 1
    for line in mode:
        sheet.write_string(row, 0, render(line, lang))
        row += 1
    for key, n in named.counts().items():
        sheet.write_string(row, 0, count_label(key, lang))
        sheet.write_number(row, 1, n)
        row += 1
    for block_title, header, rows in preview_rows(named, lang):
        if not rows:
            continue
        row += 1
        sheet.write_string(row, 0, f"{block_title}: {len(rows)}", bold)
        row += 1
        for col, value in enumerate(header):
            sheet.write_string(row, col, value, head)
        for values in rows:
            row += 1
            for col, value in enumerate(values):
                sheet.write_string(row, col, value)
    sheet.set_column(0, 0, 48)
    sheet.set_column(1, 4, 16)
    book.close()
    return buffer.getvalue()
