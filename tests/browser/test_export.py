"""Export buttons of the diagram page in headless Chromium: PNG (size and the three status
colours), SVG (Cyrillic text), PDF (valid), the same picture as ``svetofor export`` for the same
filter, and an XLSX download that imports back with every status and override kept."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import struct
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from svetofor.cli import main as cli_main
from svetofor.diagram import DiagramFilter, filter_rows, totals
from svetofor.export_image import MAX_PNG_HEIGHT_PX, describe_filter
from svetofor.figure import diagram_figure
from svetofor.messages import text
from svetofor.palette import FILL
from svetofor.ui import exporting
from tests.browser.test_import_page import open_import, upload, wait_report

pytestmark = pytest.mark.browser

TODAY = dt.date.today().isoformat()


def download(page, fmt: str) -> tuple[bytes, str]:
    with page.expect_download(timeout=90_000) as info:
        page.locator(f"#export-{fmt}").click()
    dl = info.value
    return Path(dl.path()).read_bytes(), dl.suggested_filename


def open_diagram(page, url: str, query: str = "") -> None:
    page.goto(url + "/" + query)
    page.wait_for_selector(".sv-cell[data-item]")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def colour_counts(page, data: bytes) -> dict[str, int]:
    """Pixels of each status fill, counted by Chromium decoding the PNG onto a canvas (this also
    proves the file decodes)."""
    return page.evaluate(
        """async ([b64, fills]) => {
            const img = new Image();
            img.src = "data:image/png;base64," + b64;
            await img.decode();
            const canvas = document.createElement("canvas");
            canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
            const g = canvas.getContext("2d");
            g.drawImage(img, 0, 0);
            const px = g.getImageData(0, 0, canvas.width, canvas.height).data;
            const want = Object.entries(fills).map(([name, hex]) =>
                [name, parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)]);
            const out = Object.fromEntries(want.map(w => [w[0], 0]));
            for (let i = 0; i < px.length; i += 4) {
                for (const [name, r, gg, b] of want) {
                    if (px[i] === r && px[i + 1] === gg && px[i + 2] === b) { out[name]++; break; }
                }
            }
            return out;
        }""",
        [base64.b64encode(data).decode(), {c: FILL[c] for c in ("green", "yellow", "red")}],
    )


def expected_png_size(rows, flt: DiagramFilter, lang: str = "ru") -> tuple[int, int]:
    shown = filter_rows(rows, flt)
    fig = diagram_figure(
        shown,
        totals(shown),
        title=text("diagram.title", lang),
        lang=lang,
        subtitle=describe_filter(flt, lang),
    )
    width, height = fig.layout.width, fig.layout.height
    scale = 2 if height * 2 <= MAX_PNG_HEIGHT_PX else 1
    return int(width * scale), int(height * scale)


def _normalise_svg(svg: bytes) -> bytes:
    """Plotly gives every rendering random ids (the figure's and each trace's); the rest of the
    picture must be byte for byte the same."""
    uid = re.search(rb'id="defs-(\w+)"', svg)
    svg = svg.replace(uid.group(1), b"UID") if uid else svg
    return re.sub(rb"\btrace[0-9a-f]{6}\b", b"traceUID", svg)


def test_png_button_gives_the_diagram_with_three_colours(page, live_app):
    open_diagram(page, live_app.url)
    data, name = download(page, "png")
    assert name == f"svetofor-{TODAY}.png"
    assert png_size(data) == expected_png_size(live_app.service.view().rows, DiagramFilter())
    counts = colour_counts(page, data)
    assert all(counts[c] > 500 for c in ("green", "yellow", "red")), counts


def test_svg_and_pdf_buttons(page, live_app):
    rows = live_app.service.view().rows
    group = rows[0].item.group
    open_diagram(page, live_app.url, f"?group={quote(group)}")
    svg, name = download(page, "svg")
    # a filtered export names its filter
    suffix = exporting.filter_slug(DiagramFilter(groups=(group,)))
    assert suffix.startswith("-group-") and name == f"svetofor-{TODAY}{suffix}.svg"
    text = svg.decode("utf-8")
    assert text.lstrip().startswith("<svg")
    shown = [r for r in rows if r.item.group == group]
    # The figure may shorten long names; the start of each is there as Cyrillic text.
    assert all(re.search("[а-яА-Я]", r.item.name[:12]) for r in shown)
    assert all(r.item.name[:12] in text for r in shown)
    assert "Диаграмма «Светофор»" in text
    shown_starts = {r.item.name[:12] for r in shown}
    hidden = [r for r in rows if r.item.group != group and r.item.name[:12] not in shown_starts]
    assert hidden and not any(r.item.name[:12] in text for r in hidden)  # the filter applies

    pdf, name = download(page, "pdf")
    assert name == f"svetofor-{TODAY}{suffix}.pdf"
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    assert "Светофор" in reader.pages[0].extract_text()


def wait_heading(page, text: str) -> None:
    # The switch reloads the page: the heading may be missing for a moment.
    page.wait_for_function(f"document.querySelector('h1')?.innerText === {text!r}")
    page.wait_for_selector(".sv-cell[data-item]")


def test_export_follows_the_page_language(page, live_app):
    open_diagram(page, live_app.url)
    page.locator("#lang-switch").click()
    wait_heading(page, "The Svetofor diagram")
    svg, _ = download(page, "svg")
    assert "The Svetofor diagram" in svg.decode("utf-8")
    page.locator("#lang-switch").click()  # the language lives in local storage: leave it Russian
    wait_heading(page, "Диаграмма «Светофор»")


def test_cli_export_gives_the_same_picture_as_the_button(page, live_app, tmp_path):
    rows = live_app.service.view().rows
    group = rows[-1].item.group
    flt = DiagramFilter(groups=(group,), colours=("red", "yellow"))
    open_diagram(page, live_app.url, "?" + urlencode(flt.to_query()))
    button_png, _ = download(page, "png")
    button_svg, _ = download(page, "svg")
    for fmt, button in (("png", button_png), ("svg", button_svg)):
        out = tmp_path / f"cli.{fmt}"
        args = ["export", "--data-dir", str(live_app.data_dir), "--format", fmt, "-o", str(out)]
        args += ["--group", group, "--colour", "red", "--colour", "yellow"]
        assert cli_main(args, out=io.StringIO(), err=io.StringIO()) == 0
        cli = out.read_bytes()
        if fmt == "png":
            assert cli == button
        else:
            assert _normalise_svg(cli) == _normalise_svg(button)


def test_xlsx_download_imports_back_with_every_status_and_override(page, fresh_app, tmp_path):
    svc = fresh_app.service
    view = svc.view()
    first, second = view.rows[0], view.rows[3]
    svc.set_override(
        first.item.key,
        "BY",
        "green" if first.cells["BY"].colour != "green" else "red",
        "сверено с письмом министерства",
        user="planner",
    )
    svc.set_override(
        second.item.key,
        "UNION",
        "yellow" if second.cells["UNION"].colour != "yellow" else "red",
        "кооперация по соглашению",
        user="planner",
    )

    def snapshot():
        v = svc.view()
        return {
            (r.item.key, s): (
                r.cells[s].colour,
                r.cells[s].computed.colour,
                r.cells[s].stale,
                None
                if r.cells[s].override is None
                else (r.cells[s].override.colour, r.cells[s].override.reason),
            )
            for r in v.rows
            for s in ("BY", "RU", "UNION")
        }

    before = snapshot()
    open_diagram(page, fresh_app.url)
    data, name = download(page, "xlsx")
    assert name == f"svetofor-{TODAY}.xlsx"
    path = tmp_path / name
    path.write_bytes(data)

    open_import(page, fresh_app.url)
    upload(page, path)
    wait_report(page)
    assert page.locator("#imp-valid").is_visible()
    assert page.locator("#imp-changes").inner_text() == "Цвета ячеек не изменятся"
    assert page.locator(".imp-effect-stale-overrides").count() == 0
    page.locator("#imp-import").click()
    page.wait_for_selector("#imp-done", timeout=60_000)
    assert svc.store.imports.history()[0].file_name == name
    assert snapshot() == before


def test_template_button_gives_the_countrys_template_that_reads_back(page, live_app, tmp_path):
    from svetofor.reading import read_file

    open_diagram(page, live_app.url)
    with page.expect_download(timeout=90_000) as info:
        page.locator("#export-template-RU").click()
    assert info.value.suggested_filename == f"svetofor-template-RU-{TODAY}.xlsx"
    path = tmp_path / "template.xlsx"
    path.write_bytes(Path(info.value.path()).read_bytes())
    result = read_file(path)
    assert result.errors == []
    view = live_app.service.view()
    assert set(result.dataset.items) == set(view.dataset.items)
    assert {r.country for r in result.dataset.records} == {"RU"}
