"""The audit log as a file for the ministries: CSV that Russian Excel opens in columns, or xlsx.

Both hold the entries in words (:mod:`svetofor.audit_text`): local time dd.mm.yyyy HH:MM, the
user, the action, the cell by position name and country, what changed. The CSV is separated by
``;`` (what Excel expects where the decimal separator is a comma, as in Russian and Belarusian
settings) and UTF-8 with a BOM (without it Excel reads Cyrillic as cp1251). A text a
spreadsheet would run as a formula gets a leading apostrophe in the CSV and is written as a
string (with Excel's quote prefix) in the xlsx.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from svetofor import xlsx_layout as layout
from svetofor.audit_text import Entry, EntryText, Names, describe
from svetofor.export_xlsx import neutralise
from svetofor.messages import format_datetime, norm_lang, text
from svetofor.model import Dataset

COLUMNS: tuple[str, ...] = ("audit.file.no", "audit.file.at", "audit.file.user", "audit.file.action")
COLUMNS += ("audit.file.target", "audit.file.change")
_WIDTHS = (7, 15, 14, 26, 44, 50)


def names_of(dataset: Dataset | None) -> Names:
    """The position and enterprise names of the current data, to show keys by."""
    if dataset is None:
        return Names({}, {})
    return Names(
        {key: item.name for key, item in dataset.items.items()},
        {key: e.name for key, e in dataset.enterprises.items()},
    )


def _rows(entries: Iterable[Entry], names: Names, lang: str) -> Iterable[tuple[int, EntryText]]:
    for entry in entries:
        yield getattr(entry, "id", 0), describe(entry, names, lang)


def _safe(value: str) -> str:
    return "'" + value if value and neutralise(value) else value


def csv_bytes(entries: Iterable[Entry], names: Names, lang: str = "ru") -> bytes:
    """The entries as ``;``-separated UTF-8 with BOM, formulas neutralised."""
    lang = norm_lang(lang)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([text(c, lang) for c in COLUMNS])
    for number, words in _rows(entries, names, lang):
        cells = (words.at, words.user, words.action, words.target, words.change)
        writer.writerow([str(number), *(_safe(c) for c in cells)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(
    entries: Sequence[Entry], names: Names, lang: str = "ru", *, now: dt.datetime | None = None
) -> bytes:
    """The entries as one printable sheet (xlsx_layout), newest first as the page shows them."""
    lang = norm_lang(lang)
    buffer = io.BytesIO()
    wb = layout.new_workbook(buffer)
    try:
        title = text("audit.file.title", lang, date=format_datetime(now or dt.datetime.now(dt.UTC), lang))
        ws = wb.add_worksheet(text("audit.file.sheet", lang))
        titles = [text(c, lang) for c in COLUMNS]
        grid = layout.Grid(ws, [layout.header_width(t, w) for t, w in zip(titles, _WIDTHS, strict=True)])
        head = wb.add_format({"bold": True, "bg_color": "#dde4ee", "border": 1, "text_wrap": True})
        cell = wb.add_format({"valign": "top", "text_wrap": True})
        quoted = wb.add_format({"valign": "top", "text_wrap": True, "quote_prefix": True})
        number = wb.add_format({"valign": "top", "num_format": layout.YEAR})
        for col, title_text in enumerate(titles):
            ws.write_string(0, col, title_text, head)
            grid.note(0, col, title_text)
        r = 0
        for r, (entry_no, words) in enumerate(_rows(entries, names, lang), start=1):
            ws.write_number(r, 0, entry_no, number)
            for col, value in enumerate((words.at, words.user, words.action, words.target, words.change), 1):
                ws.write_string(r, col, value, quoted if neutralise(value) else cell)
                grid.note(r, col, value)
        grid.finish()
        page_label = text("xlsx.page", lang, page="&P", pages="&N")
        layout.print_setup(ws, title=title, page_label=page_label, width=grid.total_width, header_rows=(0, 0))
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(r, 1), len(COLUMNS) - 1)
    finally:
        wb.close()
    return buffer.getvalue()


__all__ = ["COLUMNS", "csv_bytes", "names_of", "xlsx_bytes"]
