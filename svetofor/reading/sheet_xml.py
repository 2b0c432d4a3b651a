"""One streamed pass over a worksheet's XML: well-formed, references on the grid, value extent.

Speed matters (this runs on every check, over sheets of 150 MB): per cell, Python must do
almost nothing. So the pass has two gears:

* the fast gear, for the shape every writer we know produces (``<c r="B7" ...>`` with the
  reference first, no namespace prefix): expat checks the XML with no Python callbacks, and
  two C-level ``findall`` calls per 1 MiB segment collect the distinct column letters and row
  numbers of the cells; only the distinct values are converted. That gives the extent of all
  cells, formatted or not — an upper bound of the value extent. Only when that bound is over
  the cap is the sheet read again for the cells that hold values (``<v>``, an inline string,
  a formula), so formatting far away costs a second pass, never a refusal;
* the exact gear, for anything else (prefixed elements, cells or rows without a reference,
  odd attribute order or quoting, a malformed or off-grid reference): expat with callbacks,
  which positions unreferenced cells as calamine does and locates the first bad reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from xml.parsers import expat

from svetofor.messages import Message, msg

MAX_ROWS = 1_048_576
MAX_COLS = 16_384
LAST_CELL = "XFD1048576"
# calamine holds a sheet as a dense rectangle (~45 bytes a cell with the Python rows made from
# it): 10 million cells peak at ~470 MB, so the whole workbook stays under 1 GB of RSS. A
# 200,000-row list of 13 columns is 2.6 million.
MAX_CELLS = 10_000_000
SHOWN_REF = 20  # characters of a broken reference quoted in a message

# Anything the fast gear does not understand sends the sheet to the exact gear.
_ODD_CELL = re.compile(rb'<c(?=[\s/>])(?! r="[A-Z]{1,3}[1-9][0-9]{0,6}")')
_ODD_ROW = re.compile(rb'<row(?=[\s/>])(?! r="[1-9][0-9]{0,5}")')
_PREFIXED = re.compile(rb":(?:c|row|dimension|sheetData)[\s/>]")
# One group each: a findall that builds a tuple per cell costs 2.5 times as much.
_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
# a cell holds a value unless it is self-closing or closed at once (formatting only)
_VALUE_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*(?<!/)>(?!</c>)')
_DIMENSION = re.compile(rb'<dimension ref="([^"]*)"')
_SHEET_DATA = b"<sheetData"  # the dimension stands before it
_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
_first = itemgetter(0)
_second = itemgetter(1)


class SheetXmlError(Exception):
    """Not well-formed XML or an off-grid reference; the message needs the part's name."""

    def __init__(self, kind: str, *, line: int = 0, column: int = 0, ref: str = "") -> None:
        super().__init__(kind)
        self.kind, self.line, self.column, self.ref = kind, line, column, ref

    def message(self, part: str) -> Message:
        if self.kind == "off_grid":
            return msg("reading_package.off_grid", ref=self.ref[:SHOWN_REF], last=LAST_CELL)
        return msg("reading_package.sheet_xml_broken", part=part, line=self.line, column=self.column)


@dataclass(frozen=True, slots=True)
class Extent:
    rows: int = 0
    cols: int = 0

    @property
    def cells(self) -> int:
        return self.rows * self.cols


def column_number(letters: str | bytes) -> int:
    """``A`` → 1, ``XFD`` → 16384."""
    number = 0
    for char in letters.encode() if isinstance(letters, str) else letters:
        number = number * 26 + char - 64
    return number


def check_ref(ref: str) -> tuple[int, int]:
    """(row, column), 1-based, of a cell reference on Excel's grid, else ``SheetXmlError``."""
    match = _REF.fullmatch(ref)
    if match is None:
        raise SheetXmlError("off_grid", ref=ref)
    row, col = int(match[2]), column_number(match[1])
    if row > MAX_ROWS or col > MAX_COLS:
        raise SheetXmlError("off_grid", ref=ref)
    return row, col


def _row_number(ref: str) -> int:
    """A row's own number; its cells are checked against the grid, not the row."""
    if not ref.isdecimal() or len(ref) > 7:
        raise SheetXmlError("off_grid", ref=ref)
    return int(ref)


def check_dimension(ref: str) -> None:
    for side in ref.split(":", 1):
        check_ref(side.replace("$", ""))


Chunks = Callable[[], Iterator[bytes]]


def scan_sheet(chunks: Chunks, parser: expat.XMLParserType | None) -> Extent:
    """The value extent of a sheet whose XML ``chunks()`` yields (it may be called again);
    ``parser``, a fresh expat parser that refuses DTDs, also checks the XML is well-formed on
    the way (``None``: the caller checks that apart, see :func:`check_xml`)."""
    bounds = _Bounds()
    try:
        for segment in _segments(chunks(), parser):
            if bounds.fast:
                bounds.add(segment)
    except expat.ExpatError as error:
        raise SheetXmlError("xml", line=error.lineno, column=error.offset + 1) from None
    if not bounds.fast:
        return _exact(chunks)
    extent = bounds.extent()
    if extent is None:  # off the grid: the exact gear finds and names the first such cell
        return _exact(chunks)
    if extent.cells <= MAX_CELLS:
        return extent
    values = _Bounds(_VALUE_CELL)
    for segment in _segments(chunks(), None):
        values.add(segment)
    return values.extent() or extent


def _segments(chunks: Iterator[bytes], parser: expat.XMLParserType | None) -> Iterator[bytes]:
    """The XML cut just before its last ``<`` in each chunk, so no tag is ever split; fed to
    ``parser`` on the way, which raises at the first byte that is not well-formed."""
    carry = b""
    for chunk in chunks:
        if parser is not None:
            parser.Parse(chunk, False)
        data = carry + chunk if carry else chunk
        cut = data.rfind(b"<")
        if cut <= 0:
            carry = data
            continue
        carry = data[cut:]
        yield data[:cut]
    if parser is not None:
        parser.Parse(b"", True)
    if carry:
        yield carry


class _Bounds:
    """Distinct column letters and row numbers of all cells, or of the cells ``pairs`` finds."""

    def __init__(self, pairs: re.Pattern[bytes] | None = None) -> None:
        self.pairs = pairs
        self.fast = True
        self.before_data = True
        self.cols: set[bytes] = set()
        self.rows: set[bytes] = set()

    def add(self, segment: bytes) -> None:
        if _ODD_CELL.search(segment) or _ODD_ROW.search(segment) or _PREFIXED.search(segment):
            self.fast = False
            return
        if self.before_data:
            for match in _DIMENSION.finditer(segment):
                check_dimension(match[1].decode("ascii", "replace"))
            self.before_data = _SHEET_DATA not in segment
        if self.pairs is None:
            self.cols.update(_CELL_COLUMN.findall(segment))
            self.rows.update(_CELL_ROW.findall(segment))
        else:
            found = self.pairs.findall(segment)
            self.cols.update(map(_first, found))
            self.rows.update(map(_second, found))

    def extent(self) -> Extent | None:
        """The rectangle spanning the cells, ``None`` when one of them is off the grid."""
        if not self.rows:
            return Extent()
        rows = [int(r) for r in self.rows]
        cols = [column_number(c) for c in self.cols]
        if max(rows) > MAX_ROWS or max(cols) > MAX_COLS:
            return None
        return Extent(max(rows) - min(rows) + 1, max(cols) - min(cols) + 1)


def _ref_text(row: int, col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def check_xml(chunks: Chunks, parser: expat.XMLParserType) -> None:
    """Only that the XML is well-formed (expat with no callbacks, ~150 MB/s)."""
    try:
        for chunk in chunks():
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise SheetXmlError("xml", line=error.lineno, column=error.offset + 1) from None


def _exact(chunks: Chunks) -> Extent:
    """Every element through a callback: slow, for the sheets the fast gear cannot vouch for."""
    scan = _ExactScan()
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    try:
        for chunk in chunks():
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise SheetXmlError("xml", line=error.lineno, column=error.offset + 1) from None
    if scan.top == 0:
        return Extent()
    return Extent(scan.bottom - scan.top + 1, scan.right - scan.left + 1)


class _ExactScan:
    """Positions as calamine gives them: a row or cell without ``r`` follows the previous one."""

    def __init__(self) -> None:
        self.row = 0
        self.col = 0
        self.cell: tuple[int, int] | None = None
        self.valued = False
        self.top = self.left = 0
        self.bottom = self.right = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = tag.rpartition("}")[2]
        if name == "c":
            ref = attrs.get("r")
            if ref is None:
                self.col += 1
                if self.col > MAX_COLS or self.row > MAX_ROWS:
                    raise SheetXmlError("off_grid", ref=_ref_text(max(self.row, 1), self.col))
            else:
                self.row, self.col = check_ref(ref)
            self.cell = (max(self.row, 1), self.col)
            self.valued = False
        elif name in ("v", "is", "f"):
            self.valued = self.cell is not None
        elif name == "row":
            ref = attrs.get("r")
            self.row = self.row + 1 if ref is None else _row_number(ref)
            self.col = 0
        elif name == "dimension" and "ref" in attrs:
            check_dimension(attrs["ref"])

    def end(self, tag: str) -> None:
        if self.cell is None or tag.rpartition("}")[2] != "c":
            return
        if self.valued:
            row, col = self.cell
            if self.top == 0:
                self.top = self.bottom = row
                self.left = self.right = col
            else:
                self.top, self.bottom = min(self.top, row), max(self.bottom, row)
                self.left, self.right = min(self.left, col), max(self.right, col)
        self.cell = None
