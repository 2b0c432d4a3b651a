"""Cells from a workbook through python-calamine (cached formula values), with ods merges.

docs/domain.md §7. The container was vetted before (:mod:`svetofor.reading.package`); whatever
calamine still refuses is a corrupt file, one broken sheet is reported and the others read.
Sheets come one at a time, so a workbook of many sheets never holds them all as Python rows:
the reader turns each into columns and lets its rows go before the next is read.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from svetofor.messages import msg
from svetofor.model import Problem, ReadResult
from svetofor.reading.cells import Merge, Sheet
from svetofor.reading.package import PackageInfo
from svetofor.reading.refusal import Refused


def load_calamine(
    path: Path,
    result: ReadResult,
    package: PackageInfo | None = None,
    vetted: Callable[[], None] = lambda: None,
) -> Iterator[Sheet]:
    """The worksheets in turn; ``package`` (None for an xls) tells which hold no cells;
    ``vetted`` raises ``Refused`` if the check running beside calamine found the file broken:
    it is asked before the first sheet is given out and before calamine's own refusal, so a
    sheet that is not well-formed is never read in part."""
    import python_calamine

    empty = {sheet.name for sheet in package.sheets if sheet.cells == 0} if package else set()
    spans = _ods_merges(path) if package is not None and package.kind == "ods" else {}
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        metadata = list(workbook.sheets_metadata)
    except python_calamine.PasswordError:
        raise Refused(msg("reading.encrypted")) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # CalamineError, XmlError, ZipError or a pyo3 panic
        vetted()
        raise Refused(msg("reading.corrupt")) from None
    read = 0
    failed: list[str] = []
    try:
        for meta in metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet or meta.name in empty:
                continue  # chart and dialog sheets, and sheets of formatting only, hold no cells
            try:
                cells = workbook.get_sheet_by_name(meta.name)
                rows = cells.to_python()
                start = cells.start or (0, 0)
                merges = list(cells.merged_cell_ranges or [])
            except python_calamine.PasswordError:
                raise Refused(msg("reading.encrypted")) from None
            except (KeyboardInterrupt, SystemExit):
                raise
            except Refused:
                raise
            except BaseException:  # one broken sheet is reported, others read
                failed.append(meta.name)
                continue
            del cells
            vetted()
            read += 1
            yield Sheet(meta.name, rows, start[0], start[1], merges or spans.get(meta.name, []))
            del rows
    finally:
        with contextlib.suppress(BaseException):  # a broken workbook must not mask the report
            workbook.close()
    vetted()
    if failed and not read:
        raise Refused(msg("reading.corrupt"))
    for name in failed:
        result.errors.append(Problem(msg("reading.sheet_failed"), sheet=name))


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
