"""What kind of file it is, told from its bytes (docs/domain.md §7): an empty file, an .xls
or another Office document saved under .xlsx, a PDF or an image each get a message that says
what they are, in the planner's language."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from svetofor.messages import msg, text
from svetofor.reading import read_bytes, read_file
from svetofor.reading.files import OLE_MAGIC


def _ole(stream: str) -> bytes:
    """A compound-file header and one directory sector naming ``stream``: enough to be told."""
    sector = bytearray(512)
    name = stream.encode("utf-16-le")
    sector[: len(name)] = name
    return OLE_MAGIC + bytes(504) + bytes(sector)


KINDS = [
    ("empty.xlsx", b"", msg("reading.empty")),
    ("empty.csv", b"", msg("reading.empty")),
    ("old.xlsx", _ole("Workbook"), msg("reading.xls_as_xlsx", extension=".xlsx")),
    ("old.xlsm", _ole("Book"), msg("reading.xls_as_xlsx", extension=".xlsm")),
    ("letter.xlsx", _ole("WordDocument"), msg("reading.other_format", kind=msg("reading.kind.ole"))),
    (
        "scan.xlsx",
        b"%PDF-1.7\n" + bytes(range(256)),
        msg("reading.other_format", kind=msg("reading.kind.pdf")),
    ),
    (
        "photo.xlsx",
        b"\xff\xd8\xff\xe0" + bytes(range(256)),
        msg("reading.other_format", kind=msg("reading.kind.image")),
    ),
    (
        "pack.xlsx",
        b"Rar!\x1a\x07\x00" + bytes(range(256)),
        msg("reading.other_format", kind=msg("reading.kind.rar")),
    ),
    ("noise.xlsx", bytes(range(256)) * 4, msg("reading.not_spreadsheet")),
]


@pytest.mark.parametrize(("name", "data", "expected"), KINDS, ids=[k[0] for k in KINDS])
def test_a_file_that_is_no_list_says_what_it_is(name: str, data: bytes, expected: object) -> None:
    result = read_bytes(data, name)
    assert [(p.sheet, p.row, p.column, p.message) for p in result.errors] == [(None, None, None, expected)]
    assert result.errors[0].file == name and not result.dataset.records


def test_the_messages_speak_english_too() -> None:
    result = read_bytes(_ole("Workbook"), "old.xlsx")
    assert result.errors[0].text("en") == (
        "the file is an Excel 97–2003 workbook (.xls) saved as “.xlsx”: rename it to .xls or save it in Excel as .xlsx"
    )
    assert read_bytes(b"", "a.csv").errors[0].located("en") == "a.csv: the file is empty (0 bytes)"


def test_a_zip_that_is_no_workbook(tmp_path: Path) -> None:
    path = tmp_path / "data.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data/readme.txt", "hello")
    assert read_file(path).errors[0].text() == text("reading.other_format", kind=msg("reading.kind.zip"))
