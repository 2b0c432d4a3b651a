"""Opening a workbook in a real spreadsheet program: LibreOffice Calc, headless, to PDF.

One conversion per kind of file the product writes (session-scoped fixtures in the tests
that use this), because a conversion takes seconds. Each run has its own LibreOffice profile,
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


def to_pdf(workbook: Path) -> Path:
    """``workbook`` printed to PDF by LibreOffice, next to it."""
    assert SOFFICE is not None
    profile = workbook.parent / "libreoffice-profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workbook.parent),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = workbook.with_suffix(".pdf")
    assert pdf.exists(), f"LibreOffice wrote no PDF for {workbook.name}"
    return pdf


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(pdf).pages]
