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
import io
import itertools
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from svetofor.model import ColumnMapping, Dataset, Enterprise, Item, Problem, ReadResult, Record
from svetofor.vocabulary import (
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
MSG_MODERNISE_NO = (
    "мероприятие «модернизация» указано при отсутствии производства (наличие производства: нет)"
)
MSG_COUNTRY_DIFFERS = "в имени листа или заголовке названа страна {named}, а при импорте выбрана {chosen}"
MSG_SINGLE_CELL = "строка пропущена: заполнена только одна ячейка, это не раздел и не позиция"
MSG_SHEET_FAILED = "лист не удалось прочитать"
MSG_INTERNAL = "внутренняя ошибка при чтении файла ({error}); сообщите разработчикам"
MSG_CSV_BROKEN = "не удалось разобрать CSV-файл"
MSG_EMPTY_IDENTITY = "наименование продукции не содержит букв или цифр"

_SECTION_NUMBERING = re.compile(
    r"^(?:раздел\s+[\w.]+[.:)]?\s*|(?:\d+\.)+\d*\s*|\d+\)\s*|[IVXLC]+\.\s*|[IVXLC]+\s+(?=\S))",
    re.IGNORECASE,
)
_TOTAL = re.compile(r"^(?:итого|всего)(?!\w)")
_LIST_SPLIT = re.compile(r"[;,\n]")


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


class _Row:
    __slots__ = (
        "action",
        "capacity",
        "code",
        "country",
        "demand",
        "enterprise",
        "existing",
        "group",
        "hs_code",
        "kind",
        "launch_year",
        "name",
        "norm",
        "note",
        "number",
        "sheet",
        "tax_id",
        "used_in",
    )


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
    return isinstance(value, str) and value.strip().isdigit()


def _is_number_row(row: list) -> bool:
    """A row of column numbers (1, 2, 3 …) printed under the header."""
    values = [v for v in row if v != "" and v is not None]
    if len(values) < 2 or not all(_is_integer_like(v) for v in values):
        return False
    numbers = [int(float(v)) for v in values]
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
        self.country = country if country in ("BY", "RU") else None
        self.overrides = overrides
        self.rows: list[_Row] = []
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
        width = max((len(r) for r in rows), default=0)
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
        self.read_rows(sheet, used, start, leftmost, country, width)

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
        width: int,
    ) -> None:
        rows = sheet.rows
        name_j = used["item"].index
        sheet_name = sheet.name
        headers = {f: c.header or sheet.letter(c.index) for f, c in used.items()}
        text_fields = [
            (f, used[f].index) for f in ("item_code", "group", "hs_code", "enterprise", "note") if f in used
        ]
        parsed_fields = [(f, used[f].index, _PARSERS[f]) for f in _PARSERS if f in used]
        country_j = used["country"].index if "country" in used else None
        tax_j = used["tax_id"].index if "tax_id" in used else None
        used_in_j = used["used_in"].index if "used_in" in used else None
        has_group_column = "group" in used
        group: str | None = None
        pending_single: list[int] = []  # one-cell rows not yet known to precede data
        errors = self.result.errors
        file_name = self.file_name
        out = self.rows
        for i in range(start, len(rows)):
            row = rows[i]
            filled = [j for j, v in enumerate(row) if v != "" and v is not None and not _blank(v)]
            if not filled:
                continue
            first_text = row[filled[0]]
            if isinstance(first_text, str) and _TOTAL.match(first_text.strip().casefold()):
                continue
            if len(filled) == 1:
                j = filled[0]
                text = _text(row[j])
                if j in (leftmost, name_j):
                    section = _section_name(text)
                    if section:
                        group = section
                        continue
                    if _is_integer_like(row[j]) or j == leftmost:
                        continue
                pending_single.append(i)
                continue
            for k in pending_single:
                self.remark(MSG_SINGLE_CELL, sheet_name, sheet.row_number(k))
            pending_single = []
            raw_name = row[name_j]
            name = _text(raw_name)
            number = sheet.row_number(i)
            if name and (_TOTAL.match(name.casefold()) or _header_field(raw_name) == "item"):
                continue
            if _is_integer_like(raw_name) and _is_number_row(row):
                continue
            if not name or is_empty(name):
                errors.append(Problem(MSG_NO_NAME, sheet_name, number, headers["item"], file_name))
                continue
            record = _Row()
            record.sheet = sheet_name
            record.number = number
            record.name = name
            record.norm = normalise_name(name)
            if not record.norm:
                errors.append(Problem(MSG_EMPTY_IDENTITY, sheet_name, number, headers["item"], file_name))
                continue
            record.code = record.group = record.hs_code = record.enterprise = record.note = None
            for f, j in text_fields:
                value = row[j]
                if value == "" or value is None:
                    continue
                text = _text(value)
                if text and not is_empty(text):
                    setattr(record, f, text)
            if not has_group_column:
                record.group = group
            record.existing = False
            record.capacity = record.demand = record.action = record.launch_year = record.kind = None
            ok = True
            for f, j, parser in parsed_fields:
                value = row[j]
                if value == "" or value is None:
                    continue
                try:
                    parsed = parser(value)
                except VocabularyError as problem:
                    errors.append(Problem(str(problem), sheet_name, number, headers[f], file_name))
                    ok = False
                    continue
                except TypeError:  # unhashable or odd cell types from a broken file
                    errors.append(Problem(MSG_CORRUPT, sheet_name, number, headers[f], file_name))
                    ok = False
                    continue
                if f == "existing":
                    record.existing = bool(parsed)
                else:
                    setattr(record, f, parsed)
            country = None
            if country_j is not None:
                try:
                    country = parse_country(row[country_j]) if row[country_j] != "" else None
                except VocabularyError as problem:
                    errors.append(Problem(str(problem), sheet_name, number, headers["country"], file_name))
                    ok = False
                    country = "?"
            if country is None:
                country = default_country
            if country is None:
                if country_j is not None:  # without a country column the sheet got one error
                    errors.append(
                        Problem(MSG_NO_COUNTRY_ROW, sheet_name, number, headers["country"], file_name)
                    )
                ok = False
            record.country = country
            record.tax_id = None
            if tax_j is not None and row[tax_j] != "":
                try:
                    record.tax_id = parse_tax_id(row[tax_j], country if country in ("BY", "RU") else None)
                except VocabularyError as problem:
                    errors.append(Problem(str(problem), sheet_name, number, headers["tax_id"], file_name))
                    ok = False
            record.used_in = ()
            if used_in_j is not None and row[used_in_j] != "":
                parts = [p.strip() for p in _LIST_SPLIT.split(_raw_text(row[used_in_j]))]
                record.used_in = tuple(p for p in parts if p and not is_empty(p))
            if record.action == "modernise" and not record.existing:
                self.remark(MSG_MODERNISE_NO, sheet_name, number, headers["action"])
            if ok:
                out.append(record)

    # -- the whole file ---------------------------------------------------------------------

    def assemble(self) -> None:
        rows = self.rows
        code_by_name: dict[str, str] = {}
        for r in rows:
            if r.code is not None and r.norm not in code_by_name:
                code_by_name[r.norm] = r.code
        first_name: dict[str, _Row] = {}
        other_names: dict[str, list[str]] = {}
        tax_by_name: dict[tuple[str, str], str] = {}
        for r in rows:
            if r.code is None:
                r.code = code_by_name.get(r.norm)
            if r.code is not None:
                first = first_name.setdefault(r.code, r)
                if r.norm != first.norm:
                    names = other_names.setdefault(r.code, [])
                    if r.name not in names:
                        names.append(r.name)
            if r.enterprise is not None and r.tax_id is not None:
                tax_by_name.setdefault((r.country, enterprise_identity_name(r.enterprise)), r.tax_id)
        for code, names in other_names.items():
            first = first_name[code]
            self.remark(
                MSG_CODE_NAMES.format(code=code, first=first.name, others=", ".join(f"«{n}»" for n in names)),
                first.sheet,
                first.number,
                self.headers.get((first.sheet, "item_code")),
            )

        items: dict[str, dict] = {}
        enterprises: dict[str, Enterprise] = {}
        records: list[Record] = []
        demand: dict[tuple[str, str], tuple[float, _Row]] = {}
        countries: set[str] = set()
        for r in rows:
            key = r.code if r.code is not None else r.norm
            countries.add(r.country)
            item = items.get(key)
            if item is None:
                item = items[key] = {
                    "name": r.name,
                    "code": r.code,
                    "kind": r.kind,
                    "group": r.group,
                    "hs_code": r.hs_code,
                    "used_in": list(r.used_in),
                }
            else:
                if item["kind"] is None:
                    item["kind"] = r.kind
                if item["group"] is None:
                    item["group"] = r.group
                if item["hs_code"] is None:
                    item["hs_code"] = r.hs_code
                for part in r.used_in:
                    if part not in item["used_in"]:
                        item["used_in"].append(part)
            enterprise_key = None
            if r.enterprise is not None:
                identity = enterprise_identity_name(r.enterprise)
                tax = r.tax_id or tax_by_name.get((r.country, identity))
                enterprise_key = f"{r.country}:{tax}" if tax else f"{r.country}:{identity}"
                if enterprise_key not in enterprises:
                    enterprises[enterprise_key] = Enterprise(enterprise_key, r.enterprise, r.country, tax)
            if r.demand is not None:
                seen = demand.get((key, r.country))
                if seen is None:
                    demand[(key, r.country)] = (r.demand, r)
                elif seen[0] != r.demand:
                    first = seen[1]
                    where = f"строка {first.number}"
                    if first.sheet is not None and first.sheet != r.sheet:
                        where = f"лист «{first.sheet}», {where}"
                    self.error(
                        MSG_DEMAND_CONFLICT.format(
                            item=item["name"],
                            country=r.country,
                            first=_number(seen[0]),
                            where=where,
                            second=_number(r.demand),
                        ),
                        r.sheet,
                        r.number,
                        self.headers.get((r.sheet, "demand")),
                    )
            if enterprise_key is not None or r.existing or r.capacity is not None or r.action is not None:
                records.append(
                    Record(
                        item_key=key,
                        country=r.country,
                        enterprise_key=enterprise_key,
                        existing=r.existing,
                        capacity=r.capacity,
                        action=r.action,
                        launch_year=r.launch_year,
                        note=r.note,
                        sheet=r.sheet,
                        row=r.number,
                    )
                )

        codes = {item["code"] for item in items.values() if item["code"] is not None}
        key_by_name: dict[str, str] = {}
        for r in rows:
            key_by_name.setdefault(r.norm, r.code if r.code is not None else r.norm)

        def identity(part: str) -> str:
            if part in codes:
                return part
            norm = normalise_name(part)
            return key_by_name.get(norm, norm)

        dataset = self.result.dataset
        for order, (key, item) in enumerate(items.items()):
            used_in = tuple(dict.fromkeys(identity(p) for p in item["used_in"]))
            dataset.items[key] = Item(
                key=key,
                name=item["name"],
                code=item["code"],
                kind=item["kind"],
                group=item["group"],
                hs_code=item["hs_code"],
                used_in=tuple(u for u in used_in if u),
                order=order,
            )
        dataset.enterprises = enterprises
        dataset.records = records
        dataset.demand = {k: v for k, (v, _r) in demand.items() if v > 0}
        dataset.countries = frozenset(countries)
        self.result.countries = frozenset(countries)


def _blank(value: object) -> bool:
    return isinstance(value, str) and not value.strip()


def _raw_text(value: object) -> str:
    if isinstance(value, str):
        return value
    return cell_text(value)


def _section_name(text: str) -> str:
    stripped = _SECTION_NUMBERING.sub("", text, count=1).strip().rstrip(":").strip()
    if not stripped or stripped.replace(".", "").isdigit():
        return ""
    return stripped


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")
