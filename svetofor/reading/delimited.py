"""CSV (and tab-separated text) into one sheet of string cells.

docs/domain.md §7: the encoding is UTF-8 (with or without BOM), UTF-16 with BOM, or cp1251; the
delimiter is the one of ";", "," and tab under which the header names the most known columns.
"""

from __future__ import annotations

import csv
import io
from typing import cast

from svetofor.messages import msg
from svetofor.reading.cells import Row, Sheet
from svetofor.reading.header import find_header
from svetofor.reading.refusal import Refused


def decode_csv(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError:
            return data[3:].decode("cp1251", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def load_csv(data: bytes) -> list[Sheet]:
    text = decode_csv(data).replace("\x00", "")
    best: tuple[int, Sheet] | None = None
    for delimiter in (";", ",", "\t"):
        sheet = _split(text, delimiter)
        if sheet is None:
            continue
        header = find_header(sheet)
        score = len({c.field for c in header.columns if c.field}) if header else 0
        if best is None or score > best[0]:
            best = (score, sheet)
    if best is None:
        raise Refused(msg("reading.csv_broken"))
    return [best[1]]


def _split(text: str, delimiter: str) -> Sheet | None:
    """The records under one delimiter, padded to the widest; None if csv cannot parse it."""
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows: list[Row] = []
        lines: list[int] = []
        previous = 0
        for record in reader:
            lines.append(previous + 1)
            previous = reader.line_num
            rows.append(cast(Row, record))
    except (csv.Error, ValueError):
        return None
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return Sheet(None, rows, line_numbers=lines)
