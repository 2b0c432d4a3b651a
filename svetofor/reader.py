"""Read a ministry list (xlsx/xlsm/xls/ods/csv) into a ``Dataset`` with located problems.

SPEC §3 and §7 "Reading". The reader never raises for bad input: every problem becomes a
``Problem`` in ``ReadResult.errors`` and callers refuse to import a result with errors.

Speed: python-calamine reads the cells (cached formula values, never evaluated); the rest is
plain Python over lists with cached vocabulary look-ups. The zip container is vetted first
(sizes from the central directory, XML prologs) so hostile files are refused before calamine
decompresses anything.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import itertools
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field, fields
from operator import itemgetter
from pathlib import Path

from svetofor.model import ColumnMapping, Dataset, Enterprise, Item, Problem, ReadResult, Record
from svetofor.vocabulary import (
    EMPTY_WORDS,
    FIELDS,
    VocabularyError,
    cell_text,
    countries_in_text,
    enterprise_identity_name,
    is_empty,
    match_header,
    normalise_name,
    parse_action,
    parse_country,
    parse_kind,
    parse_number,
    parse_tax_id,
    parse_year,
    parse_yes_no,
)

MIB = 1024 * 1024
DEFAULT_MAX_UPLOAD_MB = 20.0
MAX_UNZIPPED_BYTES = 200 * MIB
MAX_COMPRESSION_RATIO = 200  # real sheets compress ~5-30x; deflate bombs reach ~1000x
MAX_ZIP_ENTRIES = 10_000
MAX_XML_PROLOG = 1 * MIB
HEADER_SCAN_ROWS = 30

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
SPREADSHEET_EXTENSIONS = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
TEXT_EXTENSIONS = {".csv", ".txt", ".tsv"}

MSG_MISSING = "файл не найден"
MSG_NOT_SPREADSHEET = "файл не является электронной таблицей: ожидается .xlsx, .xlsm, .xls, .ods или .csv"
MSG_TEXT_NOT_WORKBOOK = (
    "файл не является книгой Excel или ODS (внутри текст): сохраните его как .xlsx или .csv"
)
MSG_CORRUPT = "книга повреждена или обрезана, прочитать её нельзя"
MSG_ENCRYPTED = "файл зашифрован (защищён паролем): снимите пароль в Excel и загрузите файл снова"
MSG_NO_HEADER = (
    "не найдена строка заголовка: ни на одном листе в первых 30 строках нет столбца "
    "наименования продукции вместе с хотя бы одним другим известным столбцом"
)
MSG_XML_DTD = "книга содержит объявление DOCTYPE/ENTITY в части «{part}»: такие файлы не принимаются"
MSG_TOO_BIG = "файл слишком большой: {size} МиБ при допустимых {limit} МиБ"
MSG_UNZIPPED_TOO_BIG = (
    "книга слишком велика в распакованном виде: {size} МиБ при допустимых {limit} МиБ (похоже на zip-бомбу)"
)
MSG_RATIO = "подозрительно сильное сжатие части «{part}» ({ratio}:1): файл похож на zip-бомбу"
MSG_TOO_MANY_PARTS = "в книге слишком много частей ({count}): файл похож на zip-бомбу"
MSG_DUPLICATE = "{count} столбца для поля {field}: {letters}"
MSG_NO_ITEM_COLUMN = "не найден столбец наименования продукции (поле item)"
MSG_UNKNOWN_FIELD = "неизвестное поле «{field}» в сопоставлении столбца {letter}"
MSG_NO_NAME = "не указано наименование продукции, хотя строка содержит данные"
MSG_NO_COUNTRY_SHEET = (
    "не определена страна: нет столбца «Страна», страна не выбрана при импорте (--country BY|RU) "
    "и не названа однозначно в имени листа или заголовке"
)
MSG_NO_COUNTRY_ROW = "не указана страна: ожидается Беларусь (BY) или Россия (RU)"
MSG_DEMAND_CONFLICT = "разная потребность для позиции «{item}» ({country}): {first} ({where}) и {second}"
MSG_CODE_NAMES = (
    "код позиции «{code}» встречается с разными наименованиями: «{first}» и {others}; используется первое"
)
MSG_TAX_NAMES = (
    "ИНН/УНП {tax} указан у предприятий с разными наименованиями: «{first}» и «{other}»; "
    "это одно предприятие под наименованием «{first}»"
)
MSG_MODERNISE_NO = (
    "мероприятие «модернизация» указано при отсутствии производства (наличие производства: нет)"
)
MSG_COUNTRY_DIFFERS = "в имени листа или заголовке названа страна {named}, а при импорте выбрана {chosen}"
MSG_SINGLE_CELL = "строка пропущена: заполнена только одна ячейка, это не раздел и не позиция"
MSG_SHEET_FAILED = "лист не удалось прочитать"
MSG_INTERNAL = "внутренняя ошибка при чтении файла ({error}); сообщите разработчикам"
MSG_CSV_BROKEN = "не удалось разобрать CSV-файл"
MSG_BAD_CELL = "ячейку не удалось прочитать"
MSG_EMPTY_IDENTITY = "наименование продукции не содержит букв или цифр"

_SECTION_NUMBERING = re.compile(
    r"^(?:раздел\s+[\w.]+[.:)]?\s*|(?:\d+\.)+\d*\s*|\d+\)\s*|[IVXLC]+\.\s*|[IVXLC]+\s+(?=\S))",
    re.IGNORECASE,
)
_TOTAL = re.compile(r"^(?:итого|всего)(?!\w)")
_LIST_SPLIT = re.compile(r"[;,\n]")
_TOTAL_WORDS = frozenset({"итого", "всего"})


_MISSING = object()
_SKIP = object()


class _Refused(Exception):
    """A whole-file refusal; its message becomes the only error."""


@dataclass
class _Sheet:
    name: str | None  # None for CSV
    rows: list[list]
    row0: int = 0  # 0-based sheet row of rows[0]
    col0: int = 0
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    line_numbers: list[int] | None = None  # CSV: the line each record starts on

    def row_number(self, index: int) -> int:
        if self.line_numbers is not None:
            return self.line_numbers[index]
        return self.row0 + index + 1

    def letter(self, index: int) -> str:
        if self.name is None and self.line_numbers is not None:
            return str(self.col0 + index + 1)
        return column_letter(self.col0 + index)


@dataclass
class _Column:
    index: int  # relative to the sheet's rows
    header: str
    field: str | None


@dataclass
class _Header:
    last_row: int  # index of the last header row (0-based into rows)
    columns: list[_Column]
    title_rows: int  # rows above the header


def column_letter(index: int) -> str:
    """0-based column index → spreadsheet letters (0 → "A", 27 → "AB")."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def default_max_bytes() -> int:
    raw = os.environ.get("SVETOFOR_MAX_UPLOAD_MB", "")
    try:
        megabytes = float(raw) if raw.strip() else DEFAULT_MAX_UPLOAD_MB
    except ValueError:
        megabytes = DEFAULT_MAX_UPLOAD_MB
    return int(megabytes * MIB)


def read_bytes(
    data: bytes,
    file_name: str,
    *,
    country: str | None = None,
    field_overrides: dict[tuple[str | None, int], str | None] | None = None,
    max_bytes: int | None = None,
) -> ReadResult:
    """Read an uploaded file: the bytes go to a private temp file that is removed afterwards."""
    limit = default_max_bytes() if max_bytes is None else max_bytes
    if len(data) > limit:
        return ReadResult(
            file=file_name,
            dataset=Dataset(),
            errors=[Problem(_too_big(len(data), limit), file=file_name)],
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
    field_overrides: dict[tuple[str | None, int], str | None] | None = None,
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
        _Reader(result, name, country, field_overrides or {}).run(sheets)
    except _Refused as refusal:
        result.errors = [Problem(str(refusal), file=name)]
        result.dataset = Dataset()
        result.mapping = []
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as error:  # pyo3 panics derive from BaseException
        result.errors.append(Problem(MSG_INTERNAL.format(error=type(error).__name__), file=name))
        result.dataset = Dataset()
    finally:
        if gc_was_enabled:
            gc.enable()
    if result.errors:
        result.errors = [p if p.file else _with_file(p, name) for p in result.errors]
    result.remarks = [p if p.file else _with_file(p, name) for p in result.remarks]
    return result


def _with_file(problem: Problem, name: str) -> Problem:
    return Problem(problem.message, problem.sheet, problem.row, problem.column, name)


def _mib(size: int) -> str:
    return f"{size / MIB:.1f}".replace(".", ",").replace(",0", "")


def _too_big(size: int, limit: int) -> str:
    return MSG_TOO_BIG.format(size=_mib(size), limit=_mib(limit))


# ---------------------------------------------------------------------------------------------
# Loading: container checks, then cells


def _load(path: Path, name: str, limit: int, result: ReadResult) -> list[_Sheet]:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise _Refused(MSG_MISSING)
    except OSError:
        raise _Refused(MSG_MISSING) from None
    if size > limit:
        raise _Refused(_too_big(size, limit))
    with path.open("rb") as handle:
        head = handle.read(8)
    extension = Path(name).suffix.lower()
    if head.startswith(ZIP_MAGICS):
        _vet_zip(path)
        return _load_calamine(path, result)
    if head.startswith(OLE_MAGIC):
        data = path.read_bytes()
        if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
            raise _Refused(MSG_ENCRYPTED)
        return _load_calamine(path, result)
    data = path.read_bytes()
    if _looks_like_text(data):
        if extension in SPREADSHEET_EXTENSIONS:
            raise _Refused(MSG_TEXT_NOT_WORKBOOK)
        return _load_csv(data)
    raise _Refused(MSG_NOT_SPREADSHEET)


def _looks_like_text(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:65536]
    if b"\x00" in sample:
        return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls <= len(sample) // 100


def _vet_zip(path: Path) -> None:
    """Refuse zip bombs and XML with DTDs using the central directory and the XML prologs
    only, so a hostile file costs almost nothing to refuse."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _Refused(MSG_CORRUPT) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise _Refused(MSG_TOO_MANY_PARTS.format(count=len(infos)))
        total = sum(info.file_size for info in infos)
        if total > MAX_UNZIPPED_BYTES:
            raise _Refused(MSG_UNZIPPED_TOO_BIG.format(size=_mib(total), limit=_mib(MAX_UNZIPPED_BYTES)))
        for info in infos:
            if info.file_size > MIB and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                raise _Refused(MSG_RATIO.format(part=info.filename, ratio=ratio))
        names = {info.filename for info in infos}
        if not (
            {"xl/workbook.xml", "xl/workbook.bin"} & names
            or ("content.xml" in names and _is_ods(archive, names))
        ):
            raise _Refused(MSG_NOT_SPREADSHEET)
        for info in infos:
            lower = info.filename.lower()
            if lower.endswith((".xml", ".rels", ".vml")):
                _vet_xml_prolog(archive, info)
            if lower.startswith("xl/worksheets/") and lower.endswith(".xml"):
                _vet_sheet_extent(archive, info)


def _is_ods(archive: zipfile.ZipFile, names: set[str]) -> bool:
    if "mimetype" not in names:
        return True  # calamine decides; a text document fails there with a clear message
    try:
        with archive.open("mimetype") as handle:
            mimetype = handle.read(200)
    except Exception:  # any damage here is corruption
        raise _Refused(MSG_CORRUPT) from None
    return b"spreadsheet" in mimetype


_PROLOG_SKIP = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->)", re.DOTALL)


def _vet_xml_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """DOCTYPE (and with it ENTITY) may only appear before the root element, so reading the
    prolog is enough to refuse entity tricks."""
    buffer = b""
    try:
        with archive.open(info) as handle:
            while len(buffer) < MAX_XML_PROLOG:
                chunk = handle.read(16384)
                buffer += chunk
                text = buffer
                if text.startswith((b"\xff\xfe", b"\xfe\xff")):
                    text = buffer.decode("utf-16", errors="ignore").encode("utf-8")
                text = text.removeprefix(b"\xef\xbb\xbf")
                position = 0
                while True:
                    match = _PROLOG_SKIP.match(text, position)
                    if not match:
                        break
                    position = match.end()
                rest = text[position:].lstrip()
                if rest.startswith(b"<!"):
                    if rest[:9].upper().startswith(b"<!DOCTYPE") or rest[:8].upper().startswith(b"<!ENTITY"):
                        raise _Refused(MSG_XML_DTD.format(part=info.filename))
                    if len(rest) >= 9 or not chunk:
                        return
                elif (rest.startswith(b"<") and len(rest) > 2) or not chunk:
                    return
    except _Refused:
        raise
    except Exception:  # zlib/CRC/truncation errors are corruption
        raise _Refused(MSG_CORRUPT) from None
    raise _Refused(MSG_XML_DTD.format(part=info.filename))


# calamine allocates the whole rectangle between the extreme cells of a sheet, so two cells at
# A1 and XFD1048576 would make it abort the process. Real lists are < 27 columns or < 100k rows;
# only a sheet with a wider or taller reference pays for an exact scan.
# The sheet's <dimension ref="..."> cannot stand in for this scan: calamine sizes the rectangle
# from the cells, so a file whose dimension says A1:B2 over a cell at XFD1048576 still aborts it.
# One regex with the literal prefix ' r="' finds any wide or tall reference; measured on a
# 50k-row sheet it costs 0.07 s over the decompression, translate + three memmem 0.12 s.
_WIDE_OR_TALL_REF = re.compile(rb' r="(?:[A-Z]{2}|[A-Z]?[0-9]{6})')
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"')
_ROW_REF = re.compile(rb'<row r="(\d{1,7})"')
MAX_SHEET_CELLS = 20_000_000
MSG_SHEET_TOO_BIG = (
    "лист в части «{part}» слишком велик: {rows} строк × {cols} столбцов (допустимо не более {limit} ячеек)"
)


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + char - 64
    return number


def _vet_sheet_extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    def chunks():
        tail = b""
        with archive.open(info) as handle:
            while True:
                chunk = handle.read(MIB)
                if not chunk:
                    return
                # Overlap so a reference split between two reads is still seen whole.
                yield tail + chunk
                tail = chunk[-24:]

    try:
        suspicious = False
        for chunk in chunks():
            if _WIDE_OR_TALL_REF.search(chunk):
                suspicious = True
                break
        if not suspicious:
            return
        rows: set[int] = set()
        cols: set[int] = set()
        for chunk in chunks():
            for letters, digits in _CELL_REF.findall(chunk):
                cols.add(_column_number(letters))
                rows.add(int(digits))
            rows.update(int(d) for d in _ROW_REF.findall(chunk))
    except _Refused:
        raise
    except Exception:  # zlib/CRC/truncation errors are corruption
        raise _Refused(MSG_CORRUPT) from None
    height = max(rows) - min(rows) + 1 if rows else 1
    width = max(cols) - min(cols) + 1 if cols else 1
    if height * width > MAX_SHEET_CELLS:
        raise _Refused(
            MSG_SHEET_TOO_BIG.format(part=info.filename, rows=height, cols=width, limit=MAX_SHEET_CELLS)
        )


def _load_calamine(path: Path, result: ReadResult) -> list[_Sheet]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        metadata = list(workbook.sheets_metadata)
    except python_calamine.PasswordError:
        raise _Refused(MSG_ENCRYPTED) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # CalamineError, XmlError, ZipError or a pyo3 panic
        raise _Refused(MSG_CORRUPT) from None
    sheets: list[_Sheet] = []
    failed: list[str] = []
    try:
        for meta in metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue  # chart and dialog sheets hold no cells
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
                rows = sheet.to_python()
                start = sheet.start or (0, 0)
                merges = list(sheet.merged_cell_ranges or [])
            except python_calamine.PasswordError:
                raise _Refused(MSG_ENCRYPTED) from None
            except (KeyboardInterrupt, SystemExit):
                raise
            except _Refused:
                raise
            except BaseException:  # one broken sheet is reported, others read
                failed.append(meta.name)
                continue
            sheets.append(_Sheet(meta.name, rows, start[0], start[1], merges))
    finally:
        with contextlib.suppress(BaseException):  # a broken workbook must not mask the report
            workbook.close()
    if failed and not sheets:
        raise _Refused(MSG_CORRUPT)
    if sheets and all(not s.merges for s in sheets) and _is_ods_file(path):
        spans = _ods_merges(path)
        for sheet in sheets:
            sheet.merges = spans.get(sheet.name or "", [])
    for name in failed:
        result.errors.append(Problem(MSG_SHEET_FAILED, sheet=name))
    return sheets


def _is_ods_file(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "content.xml" in archive.namelist()
    except Exception:  # not a zip: xls
        return False


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_merges(path: Path) -> dict[str, list[tuple[tuple[int, int], tuple[int, int]]]]:
    """Merged ranges of an ods (calamine does not report them) from ``table:number-rows-spanned``
    in content.xml, streamed so a big file costs bounded memory. The DTD check ran before."""
    import xml.etree.ElementTree as ET

    merges: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] = {}
    table, row, col = "", 0, 0
    row_repeat = 1
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as handle:
            for event, element in ET.iterparse(handle, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == _ODS_TABLE + "table":
                        table, row = element.get(_ODS_TABLE + "name", ""), 0
                    elif tag == _ODS_TABLE + "table-row":
                        col = 0
                        row_repeat = int(element.get(_ODS_TABLE + "number-rows-repeated", "1"))
                    elif tag in (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell"):
                        rows_spanned = int(element.get(_ODS_TABLE + "number-rows-spanned", "1"))
                        cols_spanned = int(element.get(_ODS_TABLE + "number-columns-spanned", "1"))
                        if rows_spanned > 1 or cols_spanned > 1:
                            merges.setdefault(table, []).append(
                                ((row, col), (row + rows_spanned - 1, col + cols_spanned - 1))
                            )
                        col += int(element.get(_ODS_TABLE + "number-columns-repeated", "1"))
                elif tag == _ODS_TABLE + "table-row":
                    row += row_repeat
                    element.clear()
    except Exception:  # merges are a nicety; calamine already read the cells
        return merges
    return merges


def _decode_csv(data: bytes) -> str:
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


def _load_csv(data: bytes) -> list[_Sheet]:
    text = _decode_csv(data).replace("\x00", "")
    best: tuple[int, _Sheet] | None = None
    for delimiter in (";", ",", "\t"):
        try:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            rows: list[list] = []
            lines: list[int] = []
            previous = 0
            for record in reader:
                lines.append(previous + 1)
                previous = reader.line_num
                rows.append(record)
        except (csv.Error, ValueError):
            continue
        width = max((len(r) for r in rows), default=0)
        for record in rows:
            if len(record) < width:
                record.extend([""] * (width - len(record)))
        sheet = _Sheet(None, rows, line_numbers=lines)
        header = _find_header(sheet)
        score = len({c.field for c in header.columns if c.field}) if header else 0
        if best is None or score > best[0]:
            best = (score, sheet)
    if best is None:
        raise _Refused(MSG_CSV_BROKEN)
    return [best[1]]


# ---------------------------------------------------------------------------------------------
# Header detection


def _text(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    return cell_text(value)


def _header_field(value: object) -> str | None:
    return match_header(value) if isinstance(value, str) else None


def _spread_upper(sheet: _Sheet, index: int) -> list[str]:
    """The header row's texts with horizontally merged cells given to every column they span."""
    row = sheet.rows[index]
    texts = [_text(v) for v in row]
    absolute = sheet.row0 + index
    for (r1, c1), (r2, c2) in sheet.merges:
        if not (r1 <= absolute <= r2 and c2 > c1):
            continue
        i, j = r1 - sheet.row0, c1 - sheet.col0
        if not (0 <= i < len(sheet.rows) and 0 <= j < len(sheet.rows[i])):
            continue
        value = _text(sheet.rows[i][j])
        for col in range(max(j, 0), min(c2 - sheet.col0, len(texts) - 1) + 1):
            if not texts[col]:
                texts[col] = value
    return texts


def _find_header(sheet: _Sheet) -> _Header | None:
    rows = sheet.rows
    for index in range(min(HEADER_SCAN_ROWS, len(rows))):
        fields = [_header_field(v) for v in rows[index]]
        if "item" not in fields:
            continue
        single = [_Column(j, _text(v), f) for j, (v, f) in enumerate(zip(rows[index], fields, strict=True))]
        single_fields = {c.field for c in single if c.field}
        if index + 1 < len(rows):
            double = _two_row_columns(sheet, index)
            double_fields = {c.field for c in double if c.field}
            if "item" in double_fields and double_fields - single_fields:
                return _Header(index + 1, double, index)
        if len(single_fields) >= 2:
            return _Header(index, single, index)
    return None


def _two_row_columns(sheet: _Sheet, index: int) -> list[_Column]:
    """SPEC §7: a column's name is "upper lower" if that is a synonym, else the lower cell,
    else the upper cell."""
    upper = _spread_upper(sheet, index)
    lower = [_text(v) for v in sheet.rows[index + 1]]
    columns = []
    for j, (up, low) in enumerate(zip(upper, lower, strict=True)):
        if up and low:
            combined = f"{up} {low}"
            found = match_header(combined)
            if found:
                columns.append(_Column(j, combined, found))
            else:
                columns.append(_Column(j, low, match_header(low)))
        elif low:
            columns.append(_Column(j, low, match_header(low)))
        else:
            columns.append(_Column(j, up, match_header(up) if up else None))
    return columns


def _is_integer_like(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return float(value).is_integer()
    return isinstance(value, str) and value.strip().isascii() and value.strip().isdigit()


def _is_number_row(row: list) -> bool:
    """A row of column numbers (1, 2, 3 …) printed under the header."""
    values = [v for v in row if v != "" and v is not None]
    if len(values) < 2 or not all(_is_integer_like(v) for v in values):
        return False
    numbers = [int(v) if isinstance(v, str) else int(float(v)) for v in values]
    return all(b > a for a, b in itertools.pairwise(numbers))


# ---------------------------------------------------------------------------------------------
# Rows


_PARSERS = {
    "existing": parse_yes_no,
    "capacity": parse_number,
    "demand": parse_number,
    "action": parse_action,
    "launch_year": parse_year,
    "kind": parse_kind,
}


class _Reader:
    def __init__(
        self,
        result: ReadResult,
        file_name: str,
        country: str | None,
        overrides: dict[tuple[str | None, int], str | None],
    ) -> None:
        self.result = result
        self.file_name = file_name
        self.country: str | None = None
        if country is not None:
            try:
                self.country = parse_country(country)
            except VocabularyError as problem:
                self.error(f"страна импорта: {problem}")
        self.overrides = overrides
        self.block = _Block()
        self.headers: dict[tuple[str | None, str], str] = {}  # (sheet, field) -> header text

    def error(self, message: str, sheet: str | None = None, row: int | None = None, column=None) -> None:
        self.result.errors.append(Problem(message, sheet, row, column, self.file_name))

    def remark(self, message: str, sheet: str | None = None, row: int | None = None, column=None) -> None:
        self.result.remarks.append(Problem(message, sheet, row, column, self.file_name))

    def run(self, sheets: list[_Sheet]) -> None:
        found_any = False
        for sheet in sheets:
            header = _find_header(sheet)
            if header is None:
                continue
            found_any = True
            self.read_sheet(sheet, header)
        if not found_any:
            if not self.result.errors:
                self.error(MSG_NO_HEADER)
            return
        self.assemble()

    # -- one sheet --------------------------------------------------------------------------

    def read_sheet(self, sheet: _Sheet, header: _Header) -> None:
        rows = sheet.rows
        width = max(map(len, rows), default=0)
        columns = {c.index: c for c in header.columns}
        for j in range(width):
            columns.setdefault(j, _Column(j, "", None))
            key = (sheet.name, sheet.col0 + j)
            if key in self.overrides:
                chosen = self.overrides[key]
                if chosen is not None and chosen not in FIELDS:
                    self.error(
                        MSG_UNKNOWN_FIELD.format(field=chosen, letter=sheet.letter(j)),
                        sheet.name,
                        sheet.row_number(header.last_row),
                        columns[j].header or None,
                    )
                    chosen = None
                columns[j] = _Column(j, columns[j].header, chosen)
        for j in range(width):
            column = columns[j]
            self.result.mapping.append(
                ColumnMapping(sheet.name, sheet.col0 + j, sheet.letter(j), column.header, column.field)
            )
        header_row = sheet.row_number(header.last_row)
        by_field: dict[str, list[_Column]] = {}
        for j in range(width):
            if columns[j].field:
                by_field.setdefault(columns[j].field, []).append(columns[j])
        for field_name in FIELDS:
            found = by_field.get(field_name, [])
            if len(found) > 1:
                letters = [sheet.letter(c.index) for c in found]
                joined = ", ".join(letters[:-1]) + " и " + letters[-1]
                count = "два" if len(found) == 2 else str(len(found))
                self.error(
                    MSG_DUPLICATE.format(count=count, field=field_name, letters=joined),
                    sheet.name,
                    header_row,
                )
        if "item" not in by_field:
            self.error(MSG_NO_ITEM_COLUMN, sheet.name, header_row)
            return
        used = {f: cols[0] for f, cols in by_field.items()}
        for f, col in used.items():
            self.headers[(sheet.name, f)] = col.header or sheet.letter(col.index)
        sheet_country = self.sheet_country(sheet, header)
        country = self.country or sheet_country
        if country is None and "country" not in used:
            self.error(MSG_NO_COUNTRY_SHEET, sheet.name)
        leftmost = min((c.index for c in header.columns if c.header), default=0)
        start = header.last_row + 1
        if start < len(rows) and _is_number_row(rows[start]):
            start += 1
        self.spread_merges(sheet, start)
        self.read_rows(sheet, used, start, leftmost, country)

    def sheet_country(self, sheet: _Sheet, header: _Header) -> str | None:
        named: set[str] = set()
        if sheet.name:
            named |= countries_in_text(sheet.name)
        for row in sheet.rows[: header.title_rows]:
            for value in row:
                if isinstance(value, str) and value.strip():
                    named |= countries_in_text(value)
        found = next(iter(named)) if len(named) == 1 else None
        if self.country and found and found != self.country:
            self.remark(MSG_COUNTRY_DIFFERS.format(named=found, chosen=self.country), sheet.name)
        return found

    @staticmethod
    def spread_merges(sheet: _Sheet, start: int) -> None:
        """A merged cell in the data area gives its value to every row it spans (in its first
        column, so a section title merged across the table stays a one-cell row)."""
        rows = sheet.rows
        for (r1, c1), (r2, _c2) in sheet.merges:
            i1, i2, j = r1 - sheet.row0, r2 - sheet.row0, c1 - sheet.col0
            if i2 <= i1 or i1 < start or j < 0 or i1 >= len(rows) or j >= len(rows[i1]):
                continue
            value = rows[i1][j]
            for i in range(i1 + 1, min(i2, len(rows) - 1) + 1):
                if rows[i][j] == "" or rows[i][j] is None:
                    rows[i][j] = value

    def read_rows(
        self,
        sheet: _Sheet,
        used: dict[str, _Column],
        start: int,
        leftmost: int,
        default_country: str | None,
    ) -> None:
        """Pick the data rows (one cheap pass), then parse column by column: each distinct
        cell value is parsed once and the results are mapped back with list comprehensions,
        which keeps a 50k-row list close to the cost of reading it."""
        rows = sheet.rows
        sheet_name = sheet.name
        file_name = self.file_name
        headers = {f: c.header or sheet.letter(c.index) for f, c in used.items()}
        item_header = headers["item"]
        item_header_folded = item_header.casefold()
        name_j = used["item"].index
        row0 = sheet.row0 + 1
        line_numbers = sheet.line_numbers
        errors: list[Problem] = []
        memo: dict[object, str | None] = {}
        name_memo: dict[object, object] = {}
        name_memo_get = name_memo.get

        group: str | None = None
        pending_single: list[int] = []  # one-cell rows not yet known to precede data
        # The leftmost column numbers the rows (it is no field): "1" + a name is a section.
        numbered_sections = leftmost < name_j and all(c.index != leftmost for c in used.values())
        data: list[int] = []
        numbers: list[int] = []
        names: list[str] = []
        groups: list[str | None] = []
        for i in range(start, len(rows)):
            row = rows[i]
            filled_count = len(row) - row.count("")
            if filled_count <= 0:
                continue
            raw_name = row[name_j]
            if filled_count <= 2 or raw_name == "" or (raw_name.__class__ is str and not raw_name.strip()):
                filled = [j for j, v in enumerate(row) if v != "" and v is not None and not _blank(v)]
                if not filled:
                    continue
                if len(filled) == 1:
                    j = filled[0]
                    text = _text(row[j])
                    if _TOTAL.match(text.casefold()):
                        continue
                    if j in (leftmost, name_j):
                        section = _section_name(text)
                        if section:
                            group = section
                            continue
                        if _is_integer_like(row[j]) or j == leftmost:
                            continue
                    pending_single.append(i)
                    continue
                if numbered_sections and filled == [leftmost, name_j] and _heads_numbering(rows, i, leftmost):
                    # "1 | Токарные станки" with nothing else, numbering the rows below it
                    # ("1.1", or none): a numbered section title. In a flat numbering
                    # "4 | Метчик" is a position that states nothing yet (SPEC §7: a section
                    # row has one filled cell).
                    section = _section_name(_text(raw_name))
                    if section and not _TOTAL.match(section.casefold()):
                        group = section
                        continue
            if pending_single:
                for k in pending_single:
                    self.remark(MSG_SINGLE_CELL, sheet_name, sheet.row_number(k))
                pending_single = []
            name = name_memo_get(raw_name, _MISSING)
            if name is _MISSING:
                name = name_memo[raw_name] = _name_or_skip(raw_name, item_header_folded)
            if name is _SKIP:
                continue  # a total row, or the header repeated (printed page breaks)
            if leftmost != name_j:
                lead = row[leftmost]
                if (
                    lead.__class__ is str
                    and lead[:5].casefold() in _TOTAL_WORDS
                    and _TOTAL.match(lead.strip().casefold())
                ):
                    continue
            if (raw_name.__class__ is not str or raw_name.isdigit()) and _is_number_row(row):
                continue
            number = row0 + i if line_numbers is None else line_numbers[i]
            if name is None:
                errors.append(Problem(MSG_NO_NAME, sheet_name, number, item_header, file_name))
                continue
            data.append(i)
            numbers.append(number)
            names.append(name)
            groups.append(group)

        count = len(data)
        ok = [True] * count
        # Transposing in C (zip) and picking rows with itemgetter beats a per-cell loop.
        wanted = sorted({c.index for c in used.values()})
        if count == 0:
            picked: dict[int, list] = {j: [] for j in wanted}
        else:
            block_rows = rows[data[0] : data[-1] + 1]
            offset = data[0]
            pick = None if len(data) == len(block_rows) else itemgetter(*[i - offset for i in data])
            transposed = list(itertools.zip_longest(*block_rows, fillvalue=""))
            picked = {}
            for j in wanted:
                values = transposed[j]
                if pick is not None:
                    values = pick(values) if count > 1 else (pick(values),)
                picked[j] = values

        def column(f: str) -> list | None:
            return picked[used[f].index] if f in used else None

        def fail(values: list, bad: dict, header: str) -> None:
            for k, value in enumerate(values):
                message = bad.get(value)
                if message is not None:
                    errors.append(Problem(message, sheet_name, numbers[k], header, file_name))
                    ok[k] = False

        def parsed(f: str, parser, default=None) -> list:
            values = column(f)
            if values is None:
                return [default] * count
            table: dict = {}
            bad: dict = {}
            for value in set(values):
                if value == "":
                    table[value] = default
                    continue
                try:
                    table[value] = parser(value)
                except VocabularyError as problem:
                    bad[value] = str(problem)
                    table[value] = default
                except TypeError:
                    bad[value] = MSG_BAD_CELL
                    table[value] = default
            if bad:
                fail(values, bad, headers[f])
            return [table[v] for v in values]

        def texts(f: str) -> list:
            values = column(f)
            if values is None:
                return [None] * count
            for value in set(values):
                if value not in memo:
                    memo[value] = _clean(value)
            return [memo[v] for v in values]

        norm_of = {n: normalise_name(n) for n in set(names)}
        norms = [norm_of[n] for n in names]
        for k, norm in enumerate(norms):
            if not norm:
                errors.append(Problem(MSG_EMPTY_IDENTITY, sheet_name, numbers[k], item_header, file_name))
                ok[k] = False
        existing = [v is True for v in parsed("existing", parse_yes_no)]
        actions = parsed("action", parse_action)
        countries = parsed("country", parse_country)
        if "country" in used:
            # A word outside the vocabulary was reported; keep such rows out of the fallback.
            countries = [c if c is not None or ok[k] else "?" for k, c in enumerate(countries)]
        if default_country is not None:
            countries = [default_country if c is None else c for c in countries]
        elif "country" in used:
            for k, c in enumerate(countries):
                if c is None:
                    errors.append(
                        Problem(MSG_NO_COUNTRY_ROW, sheet_name, numbers[k], headers["country"], file_name)
                    )
                    ok[k] = False
        else:
            ok = [False] * count  # the sheet already has its "no country" error
        tax_ids: list[str | None] = [None] * count
        tax_values = column("tax_id")
        if tax_values is not None and line_numbers is not None:
            # CSV has no cell types: digits there are what Excel saved from a number cell.
            tax_values = [int(v) if v.isdigit() and v.isascii() else v for v in tax_values]
        if tax_values is not None:
            table: dict = {}
            for k, (value, country) in enumerate(zip(tax_values, countries, strict=True)):
                if value == "":
                    continue
                key = (value, country)
                if key not in table:
                    try:
                        table[key] = parse_tax_id(value, country if country in ("BY", "RU") else None)
                    except (VocabularyError, TypeError) as problem:
                        table[key] = problem
                result = table[key]
                if isinstance(result, Exception):
                    message = str(result) if isinstance(result, VocabularyError) else MSG_BAD_CELL
                    errors.append(Problem(message, sheet_name, numbers[k], headers["tax_id"], file_name))
                    ok[k] = False
                else:
                    tax_ids[k] = result
        used_in: list[tuple[str, ...]] = [()] * count
        used_in_values = column("used_in")
        if used_in_values is not None:
            split: dict = {}
            for value in set(used_in_values):
                parts = (p.strip() for p in _LIST_SPLIT.split(_raw_text(value))) if value != "" else ()
                split[value] = tuple(p for p in parts if p and not is_empty(p))
            used_in = [split[v] for v in used_in_values]
        block = _Block(
            sheet=[sheet_name] * count,
            number=numbers,
            name=names,
            norm=norms,
            code=texts("item_code"),
            kind=parsed("kind", parse_kind),
            group=texts("group") if "group" in used else groups,
            hs_code=texts("hs_code"),
            enterprise=texts("enterprise"),
            tax_id=tax_ids,
            country=countries,
            existing=existing,
            capacity=parsed("capacity", parse_number),
            demand=parsed("demand", parse_number),
            action=actions,
            launch_year=parsed("launch_year", parse_year),
            used_in=used_in,
            note=texts("note"),
        )
        action_header = headers.get("action")
        for k in range(count):
            if actions[k] == "modernise" and not existing[k]:
                self.remark(MSG_MODERNISE_NO, sheet_name, numbers[k], action_header)
        if errors:
            order = {c.header or sheet.letter(c.index): c.index for c in used.values()}
            errors.sort(key=lambda p: (p.row or 0, order.get(p.column, -1)))
            self.result.errors.extend(errors)
        if not all(ok):
            block.keep(ok)
        self.block.extend(block)

    # -- the whole file ---------------------------------------------------------------------

    def assemble(self) -> None:
        b = self.block
        count = len(b.name)
        code_by_name: dict[str, str] = {}
        for norm, code in zip(b.norm, b.code, strict=True):
            if code is not None and norm not in code_by_name:
                code_by_name[norm] = code
        codes = [c if c is not None else code_by_name.get(n) for c, n in zip(b.code, b.norm, strict=True)]
        keys = [c if c is not None else n for c, n in zip(codes, b.norm, strict=True)]
        # dict(zip(reversed(...))) keeps each key's FIRST row, built in C; the loops below run
        # over distinct values only.
        rows_back = range(count - 1, -1, -1)
        first_of_key = dict(zip(reversed(keys), rows_back, strict=True))
        if code_by_name:
            names_of_code: dict[str, list[str]] = {}
            for code, norm in dict.fromkeys(zip(codes, b.norm, strict=True)):
                if code is not None:
                    names_of_code.setdefault(code, []).append(norm)
            for code, norms in names_of_code.items():
                if len(norms) < 2:
                    continue
                k = first_of_key[code]
                others = list(
                    dict.fromkeys(
                        b.name[j] for j in range(count) if codes[j] == code and b.norm[j] != b.norm[k]
                    )
                )
                self.remark(
                    MSG_CODE_NAMES.format(
                        code=code, first=b.name[k], others=", ".join(f"«{n}»" for n in others)
                    ),
                    b.sheet[k],
                    b.number[k],
                    self.headers.get((b.sheet[k], "item_code")),
                )

        identities = {name: enterprise_identity_name(name) for name in set(b.enterprise) if name is not None}
        idents = [None if e is None else identities[e] for e in b.enterprise]
        with_tax = [
            ((country, ident), tax)
            for country, ident, tax in zip(b.country, idents, b.tax_id, strict=True)
            if ident is not None and tax is not None
        ]
        tax_by_name = dict(reversed(with_tax))
        enterprise_of: dict[tuple, str | None] = {}
        enterprises: dict[str, Enterprise] = {}
        triples = list(zip(b.country, idents, b.tax_id, strict=True))
        first_of_triple = dict(zip(reversed(triples), rows_back, strict=True))
        for triple, k in sorted(first_of_triple.items(), key=itemgetter(1)):
            country, ident, tax = triple
            if ident is None:
                enterprise_of[triple] = None
                continue
            tax = tax or tax_by_name.get((country, ident))
            key = f"{country}:{tax}" if tax else f"{country}:{ident}"
            enterprise_of[triple] = key
            if key not in enterprises:
                enterprises[key] = Enterprise(key, b.enterprise[k], country, tax)
            elif tax and enterprise_identity_name(enterprises[key].name) != ident:
                # One tax id is one enterprise (SPEC §3), but two different names under it are
                # a contradiction the planner should see: a renamed plant or a copied number.
                self.remark(
                    MSG_TAX_NAMES.format(tax=tax, first=enterprises[key].name, other=b.enterprise[k]),
                    b.sheet[k],
                    b.number[k],
                    self.headers.get((b.sheet[k], "tax_id")),
                )
        enterprise_keys = [enterprise_of[t] for t in triples]

        def first_value(values: list) -> dict:
            return dict(reversed([(key, v) for key, v in zip(keys, values, strict=True) if v is not None]))

        kinds, item_groups, hs_codes = first_value(b.kind), first_value(b.group), first_value(b.hs_code)
        parts_of: dict[str, list[str]] = {}
        for key, parts in zip(keys, b.used_in, strict=True):
            if parts:
                known = parts_of.setdefault(key, [])
                known.extend(p for p in parts if p not in known)
        items: dict[str, list] = {
            key: [k, kinds.get(key), item_groups.get(key), hs_codes.get(key), parts_of.get(key, [])]
            for key, k in sorted(first_of_key.items(), key=itemgetter(1))
        }

        demand: dict[tuple[str, str], tuple[float, int]] = {}
        for k, value in enumerate(b.demand):
            if value is None:
                continue
            key = (keys[k], b.country[k])
            seen = demand.get(key)
            if seen is None:
                demand[key] = (value, k)
            elif seen[0] != value:
                first = seen[1]
                where = f"строка {b.number[first]}"
                if b.sheet[first] is not None and b.sheet[first] != b.sheet[k]:
                    where = f"лист «{b.sheet[first]}», {where}"
                self.error(
                    MSG_DEMAND_CONFLICT.format(
                        item=b.name[items[keys[k]][0]],
                        country=b.country[k],
                        first=_number(seen[0]),
                        where=where,
                        second=_number(value),
                    ),
                    b.sheet[k],
                    b.number[k],
                    self.headers.get((b.sheet[k], "demand")),
                )

        records: list[Record] = []
        new_record = Record.__new__
        # A frozen dataclass's __init__ sets each field through object.__setattr__; writing the
        # slots through their descriptors builds the same object about twice as fast.
        (
            set_item,
            set_country,
            set_enterprise,
            set_existing,
            set_capacity,
            set_action,
            set_year,
            set_note,
            set_sheet,
            set_row,
        ) = _RECORD_SETTERS
        for k in range(count):
            enterprise_key = enterprise_keys[k]
            if enterprise_key is None and not b.existing[k] and b.capacity[k] is None and b.action[k] is None:
                continue  # the row only names the position (and maybe its demand)
            record = new_record(Record)
            set_item(record, keys[k])
            set_country(record, b.country[k])
            set_enterprise(record, enterprise_key)
            set_existing(record, b.existing[k])
            set_capacity(record, b.capacity[k])
            set_action(record, b.action[k])
            set_year(record, b.launch_year[k])
            set_note(record, b.note[k])
            set_sheet(record, b.sheet[k])
            set_row(record, b.number[k])
            records.append(record)

        known_codes = {codes[item[0]] for item in items.values() if codes[item[0]] is not None}
        key_by_name = dict(zip(reversed(b.norm), reversed(keys), strict=True))  # first row wins

        def identity(part: str) -> str:
            if part in known_codes:
                return part
            norm = normalise_name(part)
            return key_by_name.get(norm, norm)

        dataset = self.result.dataset
        new_item = Item.__new__
        for order, (key, (k, kind, group, hs_code, parts)) in enumerate(items.items()):
            used_in = tuple(dict.fromkeys(u for u in (identity(p) for p in parts) if u)) if parts else ()
            item = new_item(Item)  # see the note on records above
            item.__dict__.update(
                key=key,
                name=b.name[k],
                code=codes[k],
                kind=kind,
                group=group,
                hs_code=hs_code,
                used_in=used_in,
                order=order,
            )
            dataset.items[key] = item
        dataset.enterprises = enterprises
        dataset.records = records
        dataset.demand = {key: value for key, (value, _k) in demand.items() if value > 0}
        countries = frozenset(b.country)
        dataset.countries = countries
        self.result.countries = countries


# The reader writes every slot of a Record directly (see assemble); a field added to Record must
# be added here too, or records would miss it: refuse to import rather than build such records.
_RECORD_FIELDS = (
    "item_key",
    "country",
    "enterprise_key",
    "existing",
    "capacity",
    "action",
    "launch_year",
    "note",
    "sheet",
    "row",
)
if tuple(f.name for f in fields(Record)) != _RECORD_FIELDS:
    raise RuntimeError("svetofor.reader: Record fields changed; update _RECORD_FIELDS and assemble()")
_RECORD_SETTERS = tuple(getattr(Record, name).__set__ for name in _RECORD_FIELDS)


@dataclass
class _Block:
    """The parsed data rows of the file, one list per field (columnar, for speed)."""

    sheet: list = field(default_factory=list)
    number: list = field(default_factory=list)
    name: list = field(default_factory=list)
    norm: list = field(default_factory=list)
    code: list = field(default_factory=list)
    kind: list = field(default_factory=list)
    group: list = field(default_factory=list)
    hs_code: list = field(default_factory=list)
    enterprise: list = field(default_factory=list)
    tax_id: list = field(default_factory=list)
    country: list = field(default_factory=list)
    existing: list = field(default_factory=list)
    capacity: list = field(default_factory=list)
    demand: list = field(default_factory=list)
    action: list = field(default_factory=list)
    launch_year: list = field(default_factory=list)
    used_in: list = field(default_factory=list)
    note: list = field(default_factory=list)

    def columns(self) -> list[str]:
        return list(self.__dataclass_fields__)

    def extend(self, other: _Block) -> None:
        for name in self.columns():
            mine = getattr(self, name)
            if mine:
                mine.extend(getattr(other, name))
            else:
                setattr(self, name, list(getattr(other, name)))

    def keep(self, mask: list[bool]) -> None:
        for name in self.columns():
            values = getattr(self, name)
            setattr(self, name, [v for v, keep in zip(values, mask, strict=True) if keep])


def _name_or_skip(value: object, header_folded: str) -> object:
    """The item name of a row, None if empty, or _SKIP for totals and repeated headers."""
    name = _clean(value)
    if name is not None:
        folded = name.casefold()
        if folded == header_folded or _TOTAL.match(folded):
            return _SKIP
    return name


def _clean(value: object) -> str | None:
    """A text cell trimmed and collapsed, or None when empty ("—", "н/д", "нет данных")."""
    text = " ".join(value.split()) if value.__class__ is str else _text(value)
    if not text or (len(text) <= 10 and text.casefold() in EMPTY_WORDS):
        return None
    return text


def _blank(value: object) -> bool:
    return isinstance(value, str) and not value.strip()


def _raw_text(value: object) -> str:
    if isinstance(value, str):
        return value
    return cell_text(value)


def _heads_numbering(rows: list[list], i: int, column: int) -> bool:
    """Whether the number in ``rows[i][column]`` heads the rows below: the next non-blank row
    numbers itself under it ("1" → "1.1") or not at all. A plain successor ("4" → "5") or
    the end of the table means the row is a position of a flat numbering."""
    lead = _text(rows[i][column])
    if not _is_integer_like(rows[i][column]) and not lead.rstrip(".").isdigit():
        return True  # "I", "Раздел 1": numbering that positions never use
    prefix = lead.rstrip(".") + "."
    for row in itertools.islice(rows, i + 1, None):
        if all(v == "" or v is None or _blank(v) for v in row):
            continue
        below = _text(row[column]) if column < len(row) else ""
        return not below or below.startswith(prefix)
    return False


def _section_name(text: str) -> str:
    stripped = _SECTION_NUMBERING.sub("", text, count=1).strip().rstrip(":").strip()
    if not stripped or stripped.replace(".", "").isdigit():
        return ""
    return stripped


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")
