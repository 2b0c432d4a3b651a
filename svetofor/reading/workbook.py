"""Cells from a workbook through python-calamine (cached formula values), with ods merges.

docs/domain.md §7. The container was vetted before (:mod:`svetofor.reading.vet`); whatever
calamine still refuses is a corrupt file, one broken sheet is reported and the others read.
"""

from __future__ import annotations

import contextlib
import zipfile
from pathlib import Path

from svetofor.model import Problem, ReadResult
from svetofor.reading.cells import Merge, Sheet
from svetofor.reading.refusal import Refused
from svetofor.reading.vet import MSG_CORRUPT

MSG_ENCRYPTED = "файл зашифрован (защищён паролем): снимите пароль в Excel и загрузите файл снова"
MSG_SHEET_FAILED = "лист не удалось прочитать"


def load_calamine(path: Path, result: ReadResult) -> list[Sheet]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        metadata = list(workbook.sheets_metadata)
    except python_calamine.PasswordError:
        raise Refused(MSG_ENCRYPTED) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # CalamineError, XmlError, ZipError or a pyo3 panic
        raise Refused(MSG_CORRUPT) from None
    sheets: list[Sheet] = []
    failed: list[str] = []
    try:
        for meta in metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue  # chart and dialog sheets hold no cells
            try:
                cells = workbook.get_sheet_by_name(meta.name)
                rows = cells.to_python()
                start = cells.start or (0, 0)
                merges = list(cells.merged_cell_ranges or [])
            except python_calamine.PasswordError:
                raise Refused(MSG_ENCRYPTED) from None
            except (KeyboardInterrupt, SystemExit):
                raise
            except Refused:
                raise
            except BaseException:  # one broken sheet is reported, others read
                failed.append(meta.name)
                continue
            sheets.append(Sheet(meta.name, rows, start[0], start[1], merges))
    finally:
        with contextlib.suppress(BaseException):  # a broken workbook must not mask the report
            workbook.close()
    if failed and not sheets:
        raise Refused(MSG_CORRUPT)
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


def _ods_merges(path: Path) -> dict[str, list[Merge]]:
    """Merged ranges of an ods (calamine does not report them) from ``table:number-rows-spanned``
    in content.xml, streamed so a big file costs bounded memory. The DTD check ran before."""
    import xml.etree.ElementTree as ET

    merges: dict[str, list[Merge]] = {}
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
