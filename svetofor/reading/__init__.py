"""Read a ministry list (xlsx/xlsm/xls/ods/csv) into a ``Dataset`` with located problems.

docs/domain.md §3 and §7. The reader never raises for bad input: every problem becomes a
``Problem`` in ``ReadResult.errors`` and callers refuse to import a result with errors.

The route through the package: :mod:`files` tells the kind of file from its first bytes;
:mod:`package` (with :mod:`sheet_xml`) vets zip containers — bombs, relationships, the sheets'
XML, references and extents — before :mod:`workbook` lets python-calamine read the cells
(cached formula values), one sheet at a time, or :mod:`delimited` splits a CSV; :mod:`sheets`
finds each sheet's :mod:`header`, picks the data :mod:`rows` and parses them by :mod:`columns` into one
:class:`~svetofor.reading.block.Block`; :mod:`assemble` (with :mod:`identity`) builds the dataset.
"""

from __future__ import annotations

from svetofor.reading.cells import column_letter
from svetofor.reading.files import DEFAULT_MAX_UPLOAD_MB, default_max_bytes, read_bytes, read_file
from svetofor.reading.package import MIB

__all__ = ["DEFAULT_MAX_UPLOAD_MB", "MIB", "column_letter", "default_max_bytes", "read_bytes", "read_file"]
