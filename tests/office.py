"""Opening a workbook in a real spreadsheet program: LibreOffice Calc, headless, to PDF.

Every kind of file the product writes is converted once, all in one LibreOffice start (a
session-scoped fixture in tests/test_xlsx_layout.py), because a start takes seconds. Each run has its own LibreOffice profile,
so parallel test runs (or a desktop LibreOffice) never share, and block on, one profile.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_office = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: scripts/install-system-deps.sh installs "
    "libreoffice-calc-nogui",
)
# Position codes of the sample list ("М-31", "П-01", "Э-07")
CODE = re.compile(r"(?<!\w)[А-ЯA-Z]-\d{2}(?!\w)")


def to_pdf(*workbooks: Path) -> list[Path]:
    """Each workbook printed to PDF by LibreOffice, next to it (one start for all of them)."""
    assert SOFFICE is not None and workbooks
    folder = workbooks[0].parent
    profile = folder / "libreoffice-profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *(str(w) for w in workbooks),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdfs = [folder / w.with_suffix(".pdf").name for w in workbooks]
    missing = [p.name for p in pdfs if not p.exists()]
    assert not missing, f"LibreOffice wrote no PDF for {missing}"
    return pdfs


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(pdf).pages]
