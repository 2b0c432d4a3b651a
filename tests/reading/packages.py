"""Hand-written OOXML packages for the container tests: every byte of the sheet XML is the
test's own, so far formatted cells, prefixes, backslash part names or a workbook outside
``xl/`` are exactly what the test says."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
Cell = tuple[str, object]  # (reference, value); None: a formatted empty cell


def cell(ref: str, value: object) -> str:
    if value is None:
        return f'<c r="{ref}" s="1"/>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _row_of(ref: str) -> int:
    return int("".join(ch for ch in ref if ch.isdigit()) or 0)


def sheet_xml(cells: Iterable[Cell], dimension: str | None = None, *, body: str | None = None) -> str:
    """A worksheet; ``body`` replaces the generated ``<sheetData>`` content."""
    rows: dict[int, list[str]] = {}
    for ref, value in cells:
        rows.setdefault(_row_of(ref), []).append(cell(ref, value))
    if body is None:
        body = "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(rows.items()))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">{dim}<sheetData>{body}</sheetData></worksheet>'
    )


def package(
    sheets: Mapping[str, str],
    *,
    base: str = "xl",
    sep: str = "/",
    extra: Mapping[str, str | bytes] | None = None,
    replace: Mapping[str, str | bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """An xlsx of the sheets' XML by name; ``base`` is the workbook's folder, ``sep`` the part
    names' separator; ``replace`` overrides a part's text by its (forward-slash) name."""
    n = len(sheets)
    files: dict[str, str | bytes] = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="{base}/workbook.xml"/>'
            "</Relationships>"
        ),
        f"{base}/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
            + "".join(
                f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
                for i, name in enumerate(sheets, 1)
            )
            + "</sheets></workbook>"
        ),
        f"{base}/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, n + 1)
            )
            + "</Relationships>"
        ),
    }
    for i, xml in enumerate(sheets.values(), 1):
        files[f"{base}/worksheets/sheet{i}.xml"] = xml
    files.update(extra or {})
    files.update(replace or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(name if name.startswith("[") else name.replace("/", sep), content)
    return buffer.getvalue()


def sheet(cells: Iterable[Cell], dimension: str | None = None, name: str = "Перечень") -> bytes:
    """A one-sheet xlsx."""
    return package({name: sheet_xml(cells, dimension)})


LIST = [("A1", "Наименование продукции"), ("B1", "Мощность, шт./год"), ("A2", "Станок"), ("B2", 5)]
