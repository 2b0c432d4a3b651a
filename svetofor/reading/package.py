"""The workbook container, vetted before calamine sees a byte of it.

A spreadsheet upload is a zip package (OOXML or OpenDocument). Before the cells are read this
module checks, from the central directory and one streamed pass over each sheet's XML:

* the zip itself: entry count, unpacked size, compression ratio (zip bombs), encryption, a
  truncated or damaged archive, an entry packed in a way the readers cannot unpack;
* the package's relationships (``_rels/.rels`` → workbook → sheets), so a workbook that is not
  under ``xl/`` or whose part names use backslashes is found like calamine finds it;
* every sheet's XML: well-formed (expat, no DTD or entity declarations), every cell and
  ``<dimension>`` reference on Excel's grid (calamine would try to allocate a rectangle up to an
  absurd reference and abort the process), and the extent of the cells that hold values — a
  formatted empty cell far away is not data — bounded per sheet and for the whole workbook.

:func:`vet_package` is pure: a path or bytes in, a :class:`PackageInfo` or a located
:class:`Refusal` out, never an exception for bad input.
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import threading
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote
from xml.parsers import expat

from svetofor.messages import Message, msg
from svetofor.reading.sheet_xml import (
    MAX_CELLS,
    Extent,
    SheetXmlError,
    check_xml,
    scan_sheet,
)

MIB = 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * MIB
MAX_COMPRESSION_RATIO = 200  # real sheets compress ~5-30x; deflate bombs reach ~1000x
MAX_ZIP_ENTRIES = 10_000
MAX_XML_PROLOG = 1 * MIB
MAX_SMALL_PART = 64 * MIB  # relationships and the workbook part are parsed whole
CHUNK = 1 * MIB
# calamine's zip reader knows stored and deflated entries; anything else would fail inside it
# as an internal error: refuse it here as damage. (zipfile refuses versions above 6.3 itself.)
SUPPORTED_COMPRESSION = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
ENCRYPTED_FLAG = 0x1

OFFICE_DOCUMENT = "/officeDocument"  # the relationship type's tail, transitional and strict
WORKSHEET = "/worksheet"
DEFAULT_WORKBOOKS = ("xl/workbook.xml", "xl/workbook.bin")

# Damage while unpacking or parsing a part: every one of these means "corrupt", never a bug.
_UNPACK_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a package is refused: a message and, when one sheet is to blame, its name."""

    message: Message
    sheet: str | None = None


@dataclass(frozen=True, slots=True)
class SheetInfo:
    """One worksheet: its name in the workbook, its zip entry (as written, maybe with
    backslashes) and its extent as checked against the cap: of all its cells when that is under
    the cap, else of the cells that hold values (0 × 0 when none do)."""

    name: str
    part: str
    rows: int
    cols: int

    @property
    def cells(self) -> int:
        return self.rows * self.cols


@dataclass(frozen=True, slots=True)
class PackageInfo:
    kind: Literal["xlsx", "xlsb", "ods"]
    workbook: str
    sheets: tuple[SheetInfo, ...] = ()

    @property
    def cells(self) -> int:
        return sum(sheet.cells for sheet in self.sheets)


class _Refused(Exception):
    def __init__(self, message: Message, sheet: str | None = None) -> None:
        super().__init__(message.id)
        self.refusal = Refusal(message, sheet)


Source = bytes | str | Path


def vet_package(source: Source, *, well_formed: bool = True) -> PackageInfo | Refusal:
    """Vet a zip package (xlsx, xlsm, xlsb, ods) before it is read. ``well_formed=False``
    leaves the sheets' XML well-formedness to :class:`WellFormedCheck`, run beside calamine."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except NotImplementedError:  # the directory asks for a zip version zipfile cannot unpack
        return Refusal(msg("reading_package.unsupported_zip"))
    except (*_UNPACK_ERRORS, zipfile.LargeZipFile):
        return Refusal(msg("reading.corrupt"))
    try:
        with archive:
            return _vet(archive, well_formed)
    except _Refused as refused:
        return refused.refusal


def check_well_formed(source: Source, package: PackageInfo) -> Refusal | None:
    """Whether every sheet of a vetted package is well-formed XML (the first that is not)."""
    if not package.sheets:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
            parts = {info.filename: info for info in archive.infolist()}
            for sheet in package.sheets:
                info = parts[sheet.part]
                try:
                    check_xml(
                        functools.partial(_chunks, archive, info), _parser(info.filename, namespaces=False)
                    )
                except SheetXmlError as error:
                    return Refusal(error.message(info.filename), sheet.name)
    except _Refused as refused:
        return refused.refusal
    except (*_UNPACK_ERRORS, KeyError):
        return Refusal(msg("reading.corrupt"))
    return None


class WellFormedCheck:
    """:func:`check_well_formed` in a thread while calamine reads the same file: calamine's
    parse runs in Rust without the GIL (measured: a Python loop beside it keeps ~80 % of its
    speed), so the check that costs ~40 % of calamine's time on its own costs little wall time.
    :meth:`outcome` waits; the reader asks for it before it uses a single row."""

    def __init__(self, source: Source, package: PackageInfo) -> None:
        self._outcome: Refusal | None = None
        self._thread = threading.Thread(target=self._run, args=(source, package), daemon=True)
        self._thread.start()

    def _run(self, source: Source, package: PackageInfo) -> None:
        try:
            self._outcome = check_well_formed(source, package)
        except Exception:  # a thread must not die silently: an unforeseen failure is damage
            self._outcome = Refusal(msg("reading.corrupt"))

    def outcome(self) -> Refusal | None:
        self._thread.join()
        return self._outcome


def part_name(name: str) -> str:
    """A zip entry's part name as the package means it: forward slashes, no leading slash,
    case-folded (OPC part names are case-insensitive)."""
    return name.replace("\\", "/").lstrip("/").lower()


def _vet(archive: zipfile.ZipFile, well_formed: bool) -> PackageInfo:
    infos = archive.infolist()
    _vet_directory(infos)
    parts = {part_name(info.filename): info for info in infos}
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            _vet_prolog(archive, info)
    workbook = _workbook_part(archive, parts)
    if workbook is None:
        if "content.xml" in parts and _is_ods(archive, parts):
            return PackageInfo("ods", "content.xml")
        kind = "reading.kind.docx" if "word/document.xml" in parts else "reading.kind.zip"
        raise _Refused(msg("reading.other_format", kind=msg(kind)))
    if workbook.endswith(".bin"):
        return PackageInfo("xlsb", workbook)  # binary sheets: calamine's own bounds apply
    sheets: list[SheetInfo] = []
    total = 0
    for name, info in _worksheets(archive, parts, workbook):
        sheet = _scan(archive, info, name, well_formed)
        sheets.append(sheet)
        total += sheet.cells
        if total > MAX_CELLS:
            biggest = max(sheets, key=lambda s: s.cells)
            raise _Refused(
                msg("reading_package.workbook_too_big", cells=total, limit=MAX_CELLS, sheet=biggest.name),
                biggest.name,
            )
    return PackageInfo("xlsx", workbook, tuple(sheets))


def _vet_directory(infos: list[zipfile.ZipInfo]) -> None:
    """Zip bombs, encryption and unknown packing, from the central directory alone."""
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _Refused(msg("reading.too_many_parts", count=len(infos)))
    total = sum(info.file_size for info in infos)
    if total > MAX_UNZIPPED_BYTES:
        raise _Refused(msg("reading.unzipped_too_big", size=mib(total), limit=mib(MAX_UNZIPPED_BYTES)))
    for info in infos:
        if info.file_size > MIB and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _Refused(msg("reading.ratio", part=info.filename, ratio=ratio))
        if info.flag_bits & ENCRYPTED_FLAG:
            raise _Refused(msg("reading.encrypted"))
        if info.compress_type not in SUPPORTED_COMPRESSION:
            raise _Refused(msg("reading_package.unsupported", part=info.filename))


def mib(size: int) -> float:
    """A size in MiB to one decimal (rendered in the reader's language)."""
    return round(size / MIB, 1)


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int | None = None) -> Iterator[bytes]:
    """The part's bytes in chunks; any unpacking failure (CRC, truncation, bad data) is damage."""
    read = 0
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(CHUNK):
                read += len(chunk)
                if limit is not None and read > limit:
                    raise _Refused(msg("reading.corrupt"))
                yield chunk
    except _UNPACK_ERRORS:
        raise _Refused(msg("reading.corrupt")) from None


_PROLOG_SKIP = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->)", re.DOTALL)


def _vet_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """DOCTYPE (and with it ENTITY) may only stand before the root element, so the prolog is
    enough to refuse entity tricks in every XML part, also those no one parses here."""
    buffer = b""
    for chunk in _chunks(archive, info):
        buffer += chunk
        text = buffer
        if text.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = buffer.decode("utf-16", errors="ignore").encode("utf-8")
        text = text.removeprefix(b"\xef\xbb\xbf")
        position = 0
        while match := _PROLOG_SKIP.match(text, position):
            position = match.end()
        rest = text[position:].lstrip()
        if rest.startswith(b"<!") and rest[:9].upper().startswith((b"<!DOCTYPE", b"<!ENTITY")):
            raise _Refused(msg("reading.xml_dtd", part=info.filename))
        if len(rest) >= 9:
            return
        if len(buffer) > MAX_XML_PROLOG:  # a prolog this long hides something: refuse like a DTD
            raise _Refused(msg("reading.xml_dtd", part=info.filename))


def _parse_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> list[tuple[str, dict[str, str]]]:
    """The elements of a small XML part as (local name, attributes by local name)."""
    elements: list[tuple[str, dict[str, str]]] = []
    parser = _parser(info.filename)

    def start(tag: str, attrs: dict[str, str]) -> None:
        elements.append((tag.rpartition("}")[2], {k.rpartition("}")[2]: v for k, v in attrs.items()}))

    parser.StartElementHandler = start
    try:
        for chunk in _chunks(archive, info, MAX_SMALL_PART):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise _Refused(
            msg("reading_package.xml_broken", part=info.filename, line=error.lineno, column=error.offset + 1)
        ) from None
    return elements


def _parser(part: str, namespaces: bool = True) -> expat.XMLParserType:
    # Namespace processing costs a third of the parse; the sheet check needs none.
    parser = expat.ParserCreate(namespace_separator="}") if namespaces else expat.ParserCreate()

    def refuse(*_args: object) -> None:
        raise _Refused(msg("reading.xml_dtd", part=part))

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    return parser


def _relationships(
    archive: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo], source: str
) -> list[tuple[str, str, str]]:
    """(id, type, target part) of the relationships of ``source`` ("" for the package)."""
    folder, _, file = source.rpartition("/")
    rels = posixpath.join(folder, "_rels", file + ".rels")
    info = parts.get(rels)
    if info is None:
        return []
    found = []
    for tag, attrs in _parse_small(archive, info):
        if tag != "Relationship" or attrs.get("TargetMode", "").lower() == "external":
            continue
        target = unquote(attrs.get("Target", "")).replace("\\", "/")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found.append((attrs.get("Id", ""), attrs.get("Type", ""), posixpath.normpath(path).lower()))
    return found


def _workbook_part(archive: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo]) -> str | None:
    for _id, kind, target in _relationships(archive, parts, ""):
        if kind.endswith(OFFICE_DOCUMENT) and target in parts:
            return target
    return next((name for name in DEFAULT_WORKBOOKS if name in parts), None)


def _worksheets(
    archive: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo], workbook: str
) -> list[tuple[str, zipfile.ZipInfo]]:
    """The worksheets in the workbook's order, by name; chart and dialog sheets hold no cells."""
    targets = {
        rid: target
        for rid, kind, target in _relationships(archive, parts, workbook)
        if kind.endswith(WORKSHEET) and target in parts
    }
    sheets = []
    for tag, attrs in _parse_small(archive, parts[workbook]):
        if tag == "sheet" and (target := targets.get(attrs.get("id", ""))) is not None:
            sheets.append((attrs.get("name", ""), parts[target]))
    return sheets


def _is_ods(archive: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo]) -> bool:
    info = parts.get("mimetype")
    if info is None:
        return True  # calamine decides; a text document fails there with a clear message
    head = b"".join(_chunks(archive, info, MIB))
    return b"spreadsheet" in head


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, well_formed: bool) -> SheetInfo:
    parser = _parser(info.filename, namespaces=False) if well_formed else None
    try:
        extent: Extent = scan_sheet(lambda: _chunks(archive, info), parser)
    except SheetXmlError as error:
        raise _Refused(error.message(info.filename), name) from None
    if extent.cells > MAX_CELLS:
        raise _Refused(
            msg("reading_package.sheet_too_big", rows=extent.rows, cols=extent.cols, limit=MAX_CELLS), name
        )
    return SheetInfo(name, info.filename, extent.rows, extent.cols)
