"""PNG, SVG and PDF of the diagram through kaleido and Chromium (real renders)."""

from __future__ import annotations

import io
import struct
import threading
import zlib

import pytest
from pypdf import PdfReader

from svetofor.classify import classify
from svetofor.diagram import DiagramFilter, DiagramRow, build_rows, totals
from svetofor.export_image import (
    ImageExportError,
    describe_filter,
    export_diagram,
    export_image,
    figure_bytes,
)
from svetofor.figure import diagram_figure
from svetofor.palette import FILL
from tests.conftest import build_dataset


def _rows(n: int = 6) -> list[DiagramRow]:
    spec = []
    for i in range(n):
        base = {
            "item": f"P{i}",
            "name": f"Станок токарный модель {i}",
            "code": f"P{i}",
            "group": "Токарные станки",
        }
        if i % 3 == 0:  # green everywhere
            spec += [
                {**base, "country": c, "enterprise": f"Завод {c}", "existing": True} for c in ("BY", "RU")
            ]
        elif i % 3 == 1:  # yellow: planned
            spec += [
                {**base, "country": c, "enterprise": f"Завод {c}", "action": "new"} for c in ("BY", "RU")
            ]
        else:  # red: no producer
            spec += [{**base, "country": c} for c in ("BY", "RU")]
    ds = build_dataset(spec)
    st = classify(ds)
    return build_rows(ds, st, {}, [], {})


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and raw scanlines (RGB or RGBA, 8 bit) of a PNG, filters undone."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour_type in (2, 6)
            channels = 3 if colour_type == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    lines: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        ftype, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        lines.append(bytes(line))
        prev = line
    return width, height, [bytes(line[i : i + 3]) for line in lines for i in range(0, stride, channels)]


def _rgb(hex_colour: str) -> bytes:
    return bytes.fromhex(hex_colour.lstrip("#"))


def test_png_decodes_at_the_figure_size_and_shows_the_three_colours() -> None:
    rows = _rows()
    fig = diagram_figure(rows, totals(rows), title="Диаграмма")
    data = figure_bytes(fig, "png")
    width, height, pixels = decode_png(data)
    assert (width, height) == (fig.layout.width, fig.layout.height)
    seen = set(pixels)
    for colour in ("green", "yellow", "red"):
        assert _rgb(FILL[colour]) in seen, colour


def test_png_export_is_double_size_for_print() -> None:
    rows = _rows(3)
    data = export_image(rows, "png", title="T")
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    (width,) = struct.unpack(">I", data[16:20])
    assert width == 2 * diagram_figure(rows, totals(rows), title="T").layout.width


def test_svg_is_vector_with_cyrillic_text() -> None:
    svg = export_image(_rows(), "svg", title="Диаграмма «Светофор»").decode("utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "Станок токарный модель 1" in svg
    assert "Диаграмма «Светофор»" in svg
    assert "<image" not in svg  # no raster embedded: the cells are paths


def test_pdf_is_valid_and_paginated_on_a4() -> None:
    data = export_image(_rows(150), "pdf", title="Диаграмма", page="A4")
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    box = reader.pages[0].mediabox
    # A4 is 595 x 842 pt; Chromium may round by a point
    assert abs(float(box.width) - 595) < 3 and abs(float(box.height) - 842) < 3


def test_export_diagram_applies_the_filter_and_says_so() -> None:
    rows = _rows()
    flt = DiagramFilter(colours=("red",), colour_scope="BY")
    svg = export_diagram(rows, flt, "svg").decode("utf-8")
    assert "Станок токарный модель 2" in svg
    assert "Станок токарный модель 1" not in svg
    assert describe_filter(flt) == "цвет (РБ): производства нет"
    assert describe_filter(DiagramFilter()) is None
    per_country = DiagramFilter(scope_colours={"BY": ("red",), "RU": ("green", "yellow")})
    assert describe_filter(per_country, "en") == (
        "colour (BY): no production; colour (RU): production exists, modernise / planned"
    )


def test_unknown_format_and_page_are_refused() -> None:
    with pytest.raises(ImageExportError):
        export_image(_rows(1), "gif", title="T")
    with pytest.raises(ImageExportError):
        export_image(_rows(1), "pdf", title="T", page="Letter")


def test_concurrent_exports_each_get_their_own_picture() -> None:
    rows = _rows(2)
    results: dict[str, str] = {}

    def run(title: str) -> None:
        results[title] = export_image(rows, "svg", title=title).decode("utf-8")

    threads = [threading.Thread(target=run, args=(f"Заголовок {i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(results) == {f"Заголовок {i}" for i in range(3)}
    for title, svg in results.items():
        others = [t for t in results if t != title]
        assert title in svg and not any(o in svg for o in others)
