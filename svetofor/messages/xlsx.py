"""Words of the workbooks' print layout, the ministry template and the audit export
(``svetofor/xlsx_layout.py``, ``svetofor/template_xlsx.py``, ``svetofor/audit_export.py``,
``svetofor/audit_text.py``).

The template's list-sheet headers and values are read back by the import (docs/domain.md §3):
the Russian and English ones must stay words the reader's vocabulary recognises
(``tests/test_template_xlsx.py`` reads a filled template back in both languages).
"""

from __future__ import annotations

from svetofor.messages.core import Entry

TEXT: dict[str, Entry] = {
    # print layout: "&P"/"&N" are the page number and page count, filled in by the program
    "xlsx.page": ("Стр. {page} из {pages}", "Page {page} of {pages}"),
    "xlsx.filtered": ("{title}. Отбор: {filter}", "{title}. Filter: {filter}"),
}
