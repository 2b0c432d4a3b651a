"""Reading one file: its kind from its first bytes, then cells, sheets and the dataset.

docs/domain.md §7. The reader never raises for bad input: every problem becomes a ``Problem``
in ``ReadResult.errors`` and callers refuse to import a result with errors.
"""

from __future__ import annotations

import contextlib
import gc
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from svetofor.messages import Message, msg
from svetofor.model import Dataset, Problem, ReadResult
from svetofor.reading.assemble import assemble
from svetofor.reading.cells import Sheet
from svetofor.reading.delimited import load_csv
from svetofor.reading.notes import Notes
from svetofor.reading.package import MIB, Refusal, WellFormedCheck, mib, vet_package
from svetofor.reading.refusal import Refused
from svetofor.reading.sheets import Overrides, SheetsReader
from svetofor.reading.workbook import load_calamine

DEFAULT_MAX_UPLOAD_MB = 20.0
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
SPREADSHEET_EXTENSIONS = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
# What a planner may upload by mistake, told by its first bytes (message ids of the kinds).
OTHER_FORMATS = (
    (b"%PDF", "reading.kind.pdf"),
    (b"\x89PNG", "reading.kind.image"),
    (b"\xff\xd8\xff", "reading.kind.image"),
    (b"GIF8", "reading.kind.image"),
    (b"Rar!", "reading.kind.rar"),
    (b"7z\xbc\xaf", "reading.kind.rar"),
)


def default_max_bytes() -> int:
    raw = os.environ.get("SVETOFOR_MAX_UPLOAD_MB", "")
    try:
        megabytes = float(raw) if raw.strip() else DEFAULT_MAX_UPLOAD_MB
    except ValueError:
        megabytes = DEFAULT_MAX_UPLOAD_MB
    return int(megabytes * MIB)


def too_big(size: int, limit: int) -> Message:
    return msg("reading.too_big", size=mib(size), limit=mib(limit))


def read_bytes(
    data: bytes,
    file_name: str,
    *,
    country: str | None = None,
    field_overrides: Overrides | None = None,
    max_bytes: int | None = None,
) -> ReadResult:
    """Read an uploaded file: the bytes go to a private temp file that is removed afterwards."""
    limit = default_max_bytes() if max_bytes is None else max_bytes
    if len(data) > limit:
        return ReadResult(
            file=file_name, dataset=Dataset(), errors=[Problem(too_big(len(data), limit), file=file_name)]
        )
    suffix = Path(file_name).suffix[:10] if file_name else ""
    fd, tmp = tempfile.mkstemp(prefix="svetofor-upload-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return read_file(
            tmp, country=country, file_name=file_name, field_overrides=field_overrides, max_bytes=limit
        )
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def read_file(
    path: str | Path,
    *,
    country: str | None = None,
    file_name: str | None = None,
    field_overrides: Overrides | None = None,
    max_bytes: int | None = None,
) -> ReadResult:
    """Read one list. ``country`` is the import's choice ("BY"/"RU"), used for rows without a
    country cell; ``field_overrides`` maps (sheet or None for CSV, 0-based column) to the field
    the planner chose (None: ignore the column). Never raises for bad input."""
    path = Path(path)
    name = file_name or path.name
    result = ReadResult(file=name, dataset=Dataset())
    # Reading builds ~10 objects per row and frees none of them; the cyclic GC would rescan the
    # growing heap again and again (a third of the time on a 50k-row list), so pause it.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        limit = default_max_bytes() if max_bytes is None else max_bytes
        sheets = _load(path, name, limit, result)
        notes = Notes(result, name)
        reader = SheetsReader(notes, country, field_overrides or {})
        if reader.run(sheets):
            assemble(reader.block, notes, reader.headers)
    except Refused as refusal:
        result.errors = [Problem(refusal.message, sheet=refusal.sheet, file=name)]
        result.dataset = Dataset()
        result.mapping = []
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as error:  # pyo3 panics derive from BaseException
        result.errors.append(Problem(msg("reading.internal", error=type(error).__name__), file=name))
        result.dataset = Dataset()
    finally:
        if gc_was_enabled:
            gc.enable()
    if result.errors:
        result.errors = [p if p.file else _with_file(p, name) for p in result.errors]
    result.remarks = [p if p.file else _with_file(p, name) for p in result.remarks]
    return result


def _with_file(problem: Problem, name: str) -> Problem:
    return Problem(
        problem.message, problem.sheet, problem.row, problem.column, name, problem.letter, problem.item
    )


def _load(path: Path, name: str, limit: int, result: ReadResult) -> Iterable[Sheet]:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise Refused(msg("reading.missing"))
    except OSError:
        raise Refused(msg("reading.missing")) from None
    if size > limit:
        raise Refused(too_big(size, limit))
    if size == 0:
        raise Refused(msg("reading.empty"))
    with path.open("rb") as handle:
        head = handle.read(8)
    extension = Path(name).suffix.lower()
    if head.startswith(ZIP_MAGICS):
        return _load_package(path, result)
    if head.startswith(OLE_MAGIC):
        _vet_ole(path.read_bytes(), extension)
        return load_calamine(path, result)
    data = path.read_bytes()
    if looks_like_text(data):
        if extension in SPREADSHEET_EXTENSIONS:
            raise Refused(msg("reading.text_not_workbook"))
        return load_csv(data)
    kind = next((kind for magic, kind in OTHER_FORMATS if data.startswith(magic)), None)
    raise Refused(msg("reading.other_format", kind=msg(kind)) if kind else msg("reading.not_spreadsheet"))


def _load_package(path: Path, result: ReadResult) -> Iterator[Sheet]:
    """A zip package vetted, then read by calamine while its sheets' XML is checked beside."""
    package = vet_package(path, well_formed=False)
    if isinstance(package, Refusal):
        raise Refused(package.message, package.sheet)
    check = WellFormedCheck(path, package)

    def vetted() -> None:
        refusal = check.outcome()
        if refusal is not None:
            raise Refused(refusal.message, refusal.sheet)

    return load_calamine(path, result, package, vetted)


def _vet_ole(data: bytes, extension: str) -> None:
    """An OLE (compound file) container: an encrypted OOXML workbook, an .xls, or another
    Office document. calamine picks the format by the extension, so an .xls saved under .xlsx
    would be called corrupt: say what it is instead (docs/domain.md §7)."""
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        raise Refused(msg("reading.encrypted"))
    if "Workbook".encode("utf-16-le") not in data and "Book".encode("utf-16-le") not in data:
        raise Refused(msg("reading.other_format", kind=msg("reading.kind.ole")))
    if extension in (".xlsx", ".xlsm", ".xlsb", ".ods"):
        raise Refused(msg("reading.xls_as_xlsx", extension=extension))


def looks_like_text(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:65536]
    if b"\x00" in sample:
        return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls <= len(sample) // 100
