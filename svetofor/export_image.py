"""PNG, SVG and PDF of the diagram through kaleido and Debian's Chromium.

Starting Chromium costs about two seconds, so one browser is kept per process and reused: the
second export takes a fraction of a second. It runs on its own asyncio loop in a daemon thread;
callers from any thread (Dash serves requests on several) submit to that loop and are
serialised by a lock, because kaleido's own ``start_sync_server`` matches requests to answers
through shared queues and can hand one caller another's image under concurrency. If the
kept browser fails (crashed, timed out), the export falls back to a one-off browser for that
call and the kept one is restarted on the next export.

The kept browser is a process resource like a database pool, not per-user state: every export
is a pure function of the figure it is given.
"""

from __future__ import annotations

import asyncio
import atexit
import datetime as dt
import io
import os
import threading
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from svetofor.diagram import DiagramFilter, DiagramRow, filter_rows
from svetofor.diagram import totals as diagram_totals
from svetofor.figure import PAGE_PX, diagram_figure, page_figures
from svetofor.messages import MessageError, Param, msg, norm_lang, text
from svetofor.palette import colour_word, kind_word, scope_word

FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
RENDER_TIMEOUT_S = 120.0
# Chromium cannot rasterise taller pages than this in one piece.
MAX_PNG_HEIGHT_PX = 16000
PNG_DOUBLE_UP_TO_PX = 3000  # up to about 110 rows a PNG is drawn at twice the figure size
_KALEIDO_OPTIONS: dict[str, Any] = {"mathjax": False}  # MathJax would come from a CDN: none here


class ImageExportError(MessageError):
    """The image could not be produced; the message says why, for a user."""


class _KeptBrowser:
    """One kaleido browser on a private event loop, started on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._pid = os.getpid()

    def _start(self) -> None:
        import kaleido

        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="svetofor-kaleido", daemon=True)
        thread.start()

        async def _open() -> Any:
            k = kaleido.Kaleido(n=1, **_KALEIDO_OPTIONS)
            await k.open()
            return k

        try:
            self._kaleido = asyncio.run_coroutine_threadsafe(_open(), loop).result(RENDER_TIMEOUT_S)
        except BaseException:
            loop.call_soon_threadsafe(loop.stop)
            raise
        self._loop, self._thread = loop, thread

    def _stop(self) -> None:
        loop, k = self._loop, self._kaleido
        self._loop = self._thread = self._kaleido = None
        if loop is None:
            return
        try:
            if k is not None:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(15)
        except Exception:  # a browser that will not close is left to the OS
            pass
        loop.call_soon_threadsafe(loop.stop)

    def close(self) -> None:
        with self._lock:
            self._stop()

    def render(self, fig: dict[str, Any], opts: dict[str, Any]) -> bytes:
        with self._lock:
            if self._pid != os.getpid():  # forked (gunicorn): the parent's browser is not ours
                self._loop = self._thread = self._kaleido = None
                self._pid = os.getpid()
            if self._kaleido is None:
                self._start()
            assert self._loop is not None
            try:
                future = asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(fig, opts=opts), self._loop)
                return bytes(future.result(RENDER_TIMEOUT_S))
            except BaseException:
                self._stop()  # restart on the next call rather than reuse a broken browser
                raise

    def warm_up(self) -> None:
        with self._lock:
            if self._kaleido is None:
                self._start()


_BROWSER = _KeptBrowser()
atexit.register(_BROWSER.close)


def _persistent_enabled() -> bool:
    return os.environ.get("SVETOFOR_KALEIDO_PERSISTENT", "1") not in ("0", "false", "no")


def warm_up() -> None:
    """Start the kept browser now (e.g. in a background thread at server start)."""
    if _persistent_enabled():
        _BROWSER.warm_up()


def figure_bytes(fig: go.Figure, fmt: str, *, scale: float = 1.0) -> bytes:
    """One figure as ``png``, ``svg`` or ``pdf`` bytes, at the figure's own width and height."""
    if fmt not in FORMATS:
        raise ImageExportError(msg("image.format", fmt=fmt, allowed=FORMATS))
    width = fig.layout.width or 1100
    height = fig.layout.height or 800
    if fmt == "png" and height * scale > MAX_PNG_HEIGHT_PX:
        raise ImageExportError(msg("image.too_tall", height=int(height * scale), limit=MAX_PNG_HEIGHT_PX))
    opts = {"format": fmt, "width": width, "height": height, "scale": scale}
    spec = fig.to_dict()
    first_error: BaseException | None = None
    if _persistent_enabled():
        try:
            return _BROWSER.render(spec, opts)
        except Exception as exc:  # fall back to a one-off browser below
            first_error = exc
    try:
        import kaleido

        return bytes(kaleido.calc_fig_sync(spec, opts=opts, kopts=dict(_KALEIDO_OPTIONS)))
    except Exception as exc:
        cause = first_error or exc
        raise ImageExportError(msg("image.failed", error=f"{type(cause).__name__}: {cause}")) from exc


def merge_pdfs(pages: Sequence[bytes]) -> bytes:
    """Concatenate one-page PDFs into one document."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in pages:
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def export_image(
    rows: Sequence[DiagramRow],
    fmt: str,
    *,
    title: str,
    lang: str = "ru",
    date: dt.date | dt.datetime | str | None = None,
    subtitle: str | None = None,
    totals: Mapping[str, Mapping[str, int]] | None = None,
    page: str = "A4",
    scale: float | None = None,
) -> bytes:
    """The diagram of ``rows`` (already filtered) as image bytes.

    PNG and SVG are one picture that grows with the rows (PNG at ``scale`` 2 by default while
    the figure is at most ``PNG_DOUBLE_UP_TO_PX`` tall, for print; else 1). PDF is split into ``page``-sized pages (A4 or A3, portrait), each with the title,
    legend and totals of the whole selection.
    """
    if fmt not in FORMATS:
        raise ImageExportError(msg("image.format", fmt=fmt, allowed=FORMATS))
    if page not in PAGE_PX:
        raise ImageExportError(msg("image.page", page=page, allowed=tuple(PAGE_PX)))
    sums = totals if totals is not None else diagram_totals(rows)
    if fmt == "pdf":
        figs = page_figures(rows, sums, title=title, lang=lang, date=date, subtitle=subtitle, page=page)
        parts = [figure_bytes(f, "pdf") for f in figs]
        return parts[0] if len(parts) == 1 else merge_pdfs(parts)
    fig = diagram_figure(rows, sums, title=title, lang=lang, date=date, subtitle=subtitle)
    if scale is None:
        # Double resolution prints sharper, but encoding a 300-row picture at 2x costs seconds.
        height = fig.layout.height or 0
        scale = 2.0 if fmt == "png" and height <= PNG_DOUBLE_UP_TO_PX else 1.0
    return figure_bytes(fig, fmt, scale=scale)


def describe_filter(flt: DiagramFilter, lang: str = "ru") -> str | None:
    """The filter in words for the subtitle, so a picture says what it leaves out."""
    lang = norm_lang(lang)
    parts: list[str] = []
    if flt.groups:
        groups = tuple(g or msg("group.none") for g in flt.groups)
        parts.append(text("figure.filter.group", lang, values=groups))
    if flt.kinds:
        kinds = ", ".join(kind_word(k, lang) for k in flt.kinds)
        parts.append(text("figure.filter.kind", lang, values=kinds))
    choices: list[tuple[Param, tuple[str, ...]]] = []
    if flt.colours:
        scope = msg("scope.ANY") if flt.colour_scope == "ANY" else scope_word(flt.colour_scope, lang)
        choices.append((scope, flt.colours))
    choices.extend((scope_word(scope, lang), colours) for scope, colours in flt.scope_colours)
    for scope_name, colours in choices:
        values = ", ".join(colour_word(c, lang) for c in colours)
        parts.append(text("figure.filter.colour", lang, scope=scope_name, values=values))
    if flt.text:
        parts.append(text("figure.filter.text", lang, text=flt.text))
    for flag in ("overridden", "warnings", "stale"):
        if getattr(flt, f"only_{flag}"):
            parts.append(text(f"filter.only_{flag}", lang))
    return "; ".join(parts) or None


def export_diagram(
    rows: Sequence[DiagramRow],
    flt: DiagramFilter,
    fmt: str,
    *,
    lang: str = "ru",
    date: dt.date | dt.datetime | str | None = None,
    page: str = "A4",
    title: str | None = None,
) -> bytes:
    """The diagram as the page shows it for ``flt``: the one entry point of the download button
    and of ``svetofor export``, so both give the same picture."""
    shown = filter_rows(rows, flt)
    return export_image(
        shown,
        fmt,
        title=title or text("diagram.title", lang),
        lang=lang,
        date=date,
        subtitle=describe_filter(flt, lang),
        page=page,
    )
