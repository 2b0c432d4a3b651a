"""Hostile and broken files: mutated workbooks must give errors or data, never an exception.

A few thousand examples in all (byte flips, truncation, zip entry edits, random cells, random
CSV text), each checked for the reader's contract: a ``ReadResult`` whose dataset is
consistent and whose problems are located with plain values.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.parsers import expat

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svetofor.messages import LANGS, Message
from svetofor.messages.catalogue import CATALOGUE
from svetofor.model import ReadResult
from svetofor.reading import read_bytes
from tests.workbooks import csv_bytes, xlsx

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)

HEADER = ["Код позиции", "Наименование продукции", "Предприятие", "ИНН", "Наличие производства"]
HEADER += ["Мощность, шт./год", "Потребность", "Мероприятие", "Срок ввода", "Применяется в", "Страна"]
ROWS = [
    ["Перечень продукции Российской Федерации"],
    HEADER,
    ["М-1", "Станок токарный", "ПАО «Саста»", 7701234567, "да", "1 200", 300, "", "2026 г.", "", "РФ"],
    ["М-2", "Станок фрезерный", "АО «СТАН»", "", "нет", "", "", "создание", 2027, "", ""],
    ["К-1", "Шпиндель", None, None, "+", 5, None, "модернизация", None, "М-1; М-2", None],
    [None, None, "ЗАО «Узел»", None, "да"],
    ["Итого", None, None, None, None, 1205],
]

WORDS = [
    "да", "нет", "+", "−", "-", "—", "н/д", "1 200", "1,5", "-3", "около 100", "создание",
    "модернизация", "техперевооружение", "Беларусь", "РФ", "Казахстан", "2026 г.", "станки",
    "Итого", "Наименование продукции", "Мощность", "1.", "Раздел 2", "",
]  # fmt: skip


def _base_xlsx() -> bytes:
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Россия"
    for row in ROWS:
        sheet.append(row)
    sheet.merge_cells("B5:B6")
    sheet.merge_cells("A5:A6")
    workbook.save(buffer)
    return buffer.getvalue()


BASE = _base_xlsx()
with zipfile.ZipFile(io.BytesIO(BASE)) as _archive:
    PARTS = [(info.filename, _archive.read(info)) for info in _archive.infolist()]


def check(result: ReadResult) -> None:
    assert isinstance(result, ReadResult)
    for problem in [*result.errors, *result.remarks]:
        # Every problem is a catalogue message that reads in both languages (docs/domain.md §7).
        assert isinstance(problem.message, Message) and problem.message.id in CATALOGUE
        assert all(problem.text(lang) for lang in LANGS)
        assert problem.letter is None or isinstance(problem.letter, str)
        assert problem.row is None or isinstance(problem.row, int)
        assert problem.column is None or isinstance(problem.column, str)
    data = result.dataset
    for record in data.records:
        assert record.item_key in data.items
        assert record.enterprise_key is None or record.enterprise_key in data.enterprises
        assert record.country in ("BY", "RU")
        assert record.capacity is None or record.capacity >= 0
    assert all(value > 0 for value in data.demand.values())
    assert data.countries <= {"BY", "RU"}


def test_base_workbook_reads_cleanly():
    result = read_bytes(BASE, "base.xlsx")
    assert result.errors == []
    assert list(result.dataset.items) == ["М-1", "М-2", "К-1"]
    assert [(r.item_key, r.enterprise_key) for r in result.dataset.records] == [
        ("М-1", "RU:7701234567"),
        ("М-2", "RU:стан"),
        ("К-1", None),
        ("К-1", "RU:узел"),
    ]
    assert result.dataset.items["К-1"].used_in == ("М-1", "М-2")
    check(result)


@settings(FUZZ, max_examples=1200)
@given(st.lists(st.tuples(st.integers(0, len(BASE) - 1), st.integers(0, 255)), min_size=1, max_size=12))
def test_byte_flips(flips):
    data = bytearray(BASE)
    for position, value in flips:
        data[position] = value
    check(read_bytes(bytes(data), "flipped.xlsx"))


@settings(FUZZ, max_examples=400)
@given(st.integers(0, len(BASE) - 1), st.sampled_from(["t.xlsx", "t.ods", "t.csv", "t"]))
def test_truncation(length, name):
    check(read_bytes(BASE[:length], name))


@settings(FUZZ, max_examples=600)
@given(
    part=st.sampled_from([name for name, _ in PARTS]),
    action=st.sampled_from(["drop", "replace", "cut", "splice"]),
    payload=st.binary(max_size=300) | st.text(max_size=300).map(str.encode),
    where=st.integers(0, 10_000),
)
def test_zip_entry_edits(part, action, payload, where):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in PARTS:
            if name == part:
                if action == "drop":
                    continue
                if action == "replace":
                    data = payload
                elif action == "cut":
                    data = data[: where % (len(data) + 1)]
                else:
                    cut = where % (len(data) + 1)
                    data = data[:cut] + payload + data[cut:]
            archive.writestr(name, data)
    check(read_bytes(buffer.getvalue(), "edited.xlsx"))


CELLS = st.one_of(
    st.none(),
    st.sampled_from(WORDS),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=15),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
)


@settings(FUZZ, max_examples=250)
@given(
    cells=st.lists(st.lists(CELLS, min_size=0, max_size=len(HEADER)), min_size=0, max_size=8),
    header_at=st.integers(0, 3),
    country=st.sampled_from([None, "BY", "RU"]),
)
def test_random_cells(tmp_path_factory, cells, header_at, country):
    rows = [[None]] * header_at + [HEADER, *cells]
    path = xlsx(Path(tmp_path_factory.mktemp("cells")) / "random.xlsx", {"Лист1": rows})
    check(read_bytes(path.read_bytes(), "random.xlsx", country=country))


@settings(FUZZ, max_examples=400)
@given(
    cells=st.lists(st.lists(st.sampled_from(WORDS) | st.text(max_size=10), max_size=6), max_size=8),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "cp1251"]),
    country=st.sampled_from([None, "BY"]),
)
def test_random_csv(cells, delimiter, encoding, country):
    rows = [["Наименование", "Предприятие", "Мощность", "Страна"], *cells]
    try:
        data = csv_bytes(rows, delimiter=delimiter, encoding=encoding)
    except UnicodeEncodeError:
        data = csv_bytes(rows, delimiter=delimiter, encoding="utf-8")
    check(read_bytes(data, "random.csv", country=country))


@settings(FUZZ, max_examples=200)
@given(st.binary(max_size=2000), st.sampled_from(["x.xlsx", "x.csv", "x.ods", "x.xls"]))
def test_random_bytes(data, name):
    check(read_bytes(data, name))


# ---------------------------------------------------------------- the container and sheet XML
# Byte mutations of the sheet's XML, re-zipped so the zip itself is sound: a sheet that is not
# well-formed is refused (never a colour from half a sheet), and no mutation of the XML or of
# the zip's directory makes the reader fail inside (an internal error) or abort the process.

SHEET = "xl/worksheets/sheet1.xml"
SHEET_XML = dict(PARTS)[SHEET]
INTERNAL = "reading.internal"


def _rezip(replace: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in PARTS:
            archive.writestr(name, replace.get(name, data))
    return buffer.getvalue()


def _well_formed(data: bytes) -> bool:
    parser = expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        return False
    return True


def _no_internal_error(result: ReadResult) -> None:
    check(result)
    assert not any(p.message.id == INTERNAL for p in result.errors), result.errors


@settings(FUZZ, max_examples=300)
@given(st.lists(st.tuples(st.integers(0, len(SHEET_XML) - 1), st.integers(0, 255)), min_size=1, max_size=6))
def test_sheet_xml_mutations_never_give_a_colour_when_not_well_formed(flips):
    data = bytearray(SHEET_XML)
    for position, value in flips:
        data[position] = value
    result = read_bytes(_rezip({SHEET: bytes(data)}), "mutated.xlsx")
    _no_internal_error(result)
    if not _well_formed(bytes(data)):
        assert result.errors and not result.dataset.records


REF_LETTERS = st.text(st.sampled_from("ABXYZFDaz$"), min_size=0, max_size=12)
REF_DIGITS = st.text(st.sampled_from("0123456789"), min_size=0, max_size=12)


@settings(FUZZ, max_examples=150)
@given(
    letters=REF_LETTERS, digits=REF_DIGITS, valued=st.booleans(), where=st.sampled_from(["cell", "dimension"])
)
def test_any_reference_is_read_or_refused_never_fatal(letters, digits, valued, where):
    ref = letters + digits
    if where == "cell":
        content = "<v>7</v>" if valued else ""
        style = "" if valued else ' s="1"'
        far = f'<row r="{digits[:7] or 1}"><c r="{ref}"{style}>{content}</c></row>'
        data = SHEET_XML.replace(b"</sheetData>", far.encode() + b"</sheetData>")
    else:
        data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), SHEET_XML)
    _no_internal_error(read_bytes(_rezip({SHEET: data}), "far.xlsx"))


# offsets in a central-directory entry: version needed, flags, compression method
DIRECTORY_FIELDS = (6, 8, 10)


@settings(FUZZ, max_examples=150)
@given(
    entry=st.integers(0, len(PARTS) - 1),
    field=st.sampled_from(DIRECTORY_FIELDS),
    value=st.integers(0, 0xFFFF),
)
def test_zip_directory_fields_are_refused_or_read(entry, field, value):
    data = bytearray(BASE)
    at = -1
    for _ in range(entry + 1):
        at = data.find(b"PK\x01\x02", at + 1)
    data[at + field : at + field + 2] = value.to_bytes(2, "little")
    _no_internal_error(read_bytes(bytes(data), "directory.xlsx"))
