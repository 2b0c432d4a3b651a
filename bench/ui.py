"""The web UI: first render in headless Chromium, and one recolour against a full re-render.

The recolour is measured on the server alone: the callback's request is POSTed to
``/_dash-update-component`` with the Flask test client, so the figure is the server's time and
the response bytes a browser would receive, without browser or network noise. The callbacks are
found in ``app.callback_map`` by their inputs (the Save button; the filter controls), not by
hard-coded keys, so the bench follows the UI as it changes.
"""

from __future__ import annotations

import json
import logging
import shutil
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from bench import synth
from bench.core import Context, Row, fmt_bytes, fmt_s, guarded, verdict

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
CELL_SELECTOR = "#diagram-body .sv-cell"


def expected_rows(ctx: Context) -> list[str]:
    return [f"render-{n}" for n in ctx.render_sizes] + ["recolour"]


def seeded_dir(ctx: Context, n_positions: int) -> Path:
    """A data dir whose store holds a synthetic list of ``n_positions`` positions (both countries)."""
    key = f"ui-store-{n_positions}"
    if key not in ctx.cache:
        from svetofor.model import ReadResult
        from svetofor.store import Store

        ds = synth.generate(n_positions, max(20, n_positions // 4), n_positions * 4, seed=7).to_dataset()
        d = Path(tempfile.mkdtemp(prefix=f"ui-{n_positions}-", dir=ctx.workdir))
        store = Store.open(d)
        try:
            store.lists.import_result(
                ReadResult(file=f"synth-{n_positions}.xlsx", dataset=ds, countries=ds.countries),
                user="bench",
                file_hash=f"bench-ui-{n_positions}",
            )
        finally:
            store.close()
        ctx.cache[key] = d
    return ctx.cache[key]


def make_app(data_dir: Path):
    from svetofor.ui.app import create_app

    return create_app(data_dir, seed=False)


# ------------------------------------------------------------------------------ recolour


def _outputs_of(key: str) -> list[dict[str, str]]:
    """The outputs named by a callback-map key: ``..a.b...c.d..`` for several, ``a.b`` for one."""
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    out = []
    for p in parts:
        ident, prop = p.rsplit(".", 1)
        out.append({"id": ident, "property": prop})
    return out


def _find_callback(app, input_ids: set[str]) -> tuple[str, dict]:
    """The callback whose inputs include all of ``input_ids`` (component ids)."""
    for key, cb in app.callback_map.items():
        ids = {i["id"] for i in cb.get("inputs", [])}
        if input_ids <= ids:
            return key, cb
    raise LookupError(f"no callback with inputs {sorted(input_ids)}")


def _payload(key: str, cb: dict, values: dict[tuple[str, str], Any], changed: str) -> dict:
    def spec(dep):
        return {
            "id": dep["id"],
            "property": dep["property"],
            "value": values.get((dep["id"], dep["property"])),
        }

    return {
        "output": key,
        "outputs": _outputs_of(key) if key.startswith("..") else _outputs_of(key)[0],
        "inputs": [spec(d) for d in cb.get("inputs", [])],
        "state": [spec(d) for d in cb.get("state", [])],
        "changedPropIds": [changed],
    }


def _post(client, payload: dict) -> tuple[float, bytes]:
    body = json.dumps(payload)
    t0 = time.perf_counter()
    resp = client.post("/_dash-update-component", data=body, content_type="application/json")
    t = time.perf_counter() - t0
    if resp.status_code != 200:
        raise RuntimeError(
            f"callback {payload['output'][:60]} answered {resp.status_code}: {resp.data[:200]!r}"
        )
    return t, resp.data


def measure_recolour(ctx: Context) -> list[Row]:
    n = ctx.recolour_size
    app = make_app(seeded_dir(ctx, n))
    client = app.server.test_client()
    client.get("/")  # the first page build computes the view once per data version

    full_key, full_cb = _find_callback(app, {"f-group", "diagram-page"})
    save_key, save_cb = _find_callback(app, {"cell-save"})
    values: dict[tuple[str, str], Any] = {
        ("f-scope", "value"): _default_scope(),
        ("diagram-page", "active_page"): 1,
        ("diagram-refresh", "data"): 0,
        ("diagram-lang", "data"): "ru",
    }

    full_times, full_bytes = [], 0
    data = b""
    for _ in range(max(3, ctx.runs)):
        t, data = _post(client, _payload(full_key, full_cb, values, "diagram-page.active_page"))
        full_times.append(t)
        full_bytes = len(data)
    response = json.loads(data)["response"]
    paths = response["diagram-paths"]["data"]
    query = response.get("diagram-query", {}).get("data", "")

    # one fresh cell per run (override version 0), each BY cell of the first page in turn
    cells = [k for k in paths if k.endswith("BY")]
    cell_targets = [{"item": _item_of(k), "scope": "BY", "version": 0} for k in cells[: max(3, ctx.runs)]]
    times, sizes = [], []
    for i, target in enumerate(cell_targets):
        vals = dict(values)
        vals.update(
            {
                ("cell-save", "n_clicks"): i + 1,
                ("cell-clear", "n_clicks"): 0,
                ("cell-target", "data"): target,
                ("cell-colour", "value"): ("green", "yellow", "red")[i % 3],
                ("cell-reason", "value"): "бенчмарк: проверка перекраски",
                ("diagram-paths", "data"): paths,
                ("diagram-query", "data"): query,
            }
        )
        t, body = _post(client, _payload(save_key, save_cb, vals, "cell-save.n_clicks"))
        if b"diagram-body" not in body:
            raise RuntimeError(f"the recolour did not update the diagram: {body[:300]!r}")
        times.append(t)
        sizes.append(len(body))
    t = statistics.median(times)
    size = statistics.median(sizes)
    t_full = statistics.median(full_times)
    patch = b'"__dash_patch_update"' in body
    return [
        Row(
            "recolour",
            f"one recolour at {n} positions: server time, response bytes",
            value=t * 1000,
            unit="ms",
            result=f"{t * 1000:.0f} ms, {fmt_bytes(size)}" + ("" if patch else " (not a Patch!)"),
            baseline=f"full diagram re-render {t_full * 1000:.0f} ms, {fmt_bytes(full_bytes)}",
            ratio=f"{t_full / t:.0f}× faster, {full_bytes / size:.0f}× smaller",
            target="≤ 50 ms, ≤ 5 KB",
            verdict=verdict(t <= 0.05 and size <= 5 * 1024),
            raw={
                "times": times,
                "sizes": sizes,
                "full_times": full_times,
                "full_bytes": full_bytes,
                "patch": patch,
            },
        )
    ]


def _item_of(cell_key: str) -> str:
    """The item key of a diagram cell key (``<item>|<scope>`` or similar, scope last)."""
    from svetofor.ui import diagram_view as dv

    probe = dv.cell_key("ITEM", "BY")
    sep = probe[len("ITEM") : -len("BY")]
    return cell_key[: -len("BY") - len(sep)] if sep else cell_key[: -len("BY")]


def _default_scope() -> Any:
    """The colour-filter scope the page starts with (an unfiltered diagram)."""
    from svetofor.diagram import DiagramFilter
    from svetofor.ui import diagram_view as dv

    return dv.controls_from_filter(DiagramFilter()).get("colour_scope")


# ------------------------------------------------------------------------------ first render


def chromium_available() -> bool:
    if not Path(CHROMIUM).exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


@contextmanager
def serving(app) -> Iterator[str]:
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log lines in the table output
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@contextmanager
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _load(b, url: str, selector: str) -> dict[str, Any]:
    """One page load in a fresh context: seconds to the first visible cell, bytes transferred,
    and where the time went (each response's arrival after navigation start), for profiling."""
    context = b.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    sizes: dict[str, int] = {}
    arrivals: list[tuple[float, str, int]] = []
    errors: list[str] = []
    t0 = time.perf_counter()

    def on_response(resp):
        with suppress(Exception):
            n = len(resp.body())
            sizes[resp.url] = sizes.get(resp.url, 0) + n
            arrivals.append((time.perf_counter() - t0, resp.url.split("?")[0].rsplit("/", 2)[-1], n))

    page.on("response", on_response)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(selector, state="visible", timeout=60000)
    t = time.perf_counter() - t0
    count = page.locator(selector).count()
    page.wait_for_load_state("networkidle")
    context.close()
    # the app's own data (layout, callbacks), apart from the cached JavaScript bundles
    data = sum(v for k, v in sizes.items() if "_dash-" in k and "_dash-component-suites" not in k)
    biggest = sorted(sizes.items(), key=lambda kv: -kv[1])[:6]
    return {
        "seconds": t,
        "bytes": sum(sizes.values()),
        "data_bytes": data,
        "elements": count,
        "errors": errors,
        "biggest": [(k.split("?")[0].rsplit("/", 2)[-1], v) for k, v in biggest],
        "timeline": [(round(a, 3), name, n) for a, name, n in sorted(arrivals) if a <= t + 0.5],
    }


def transferred(b, url: str, selector: str) -> tuple[int, int]:
    """Bytes on the wire (compressed bodies plus headers) of a first load in a fresh context
    and of a second load in the same context, which should come from the cache or a 304."""
    context = b.new_context(viewport={"width": 1440, "height": 900})
    out = []
    for _ in range(2):
        page = context.new_page()
        wire: dict[str, int] = {}

        def on_finished(req, wire=wire):
            with suppress(Exception):
                sizes = req.sizes()
                wire[req.url] = sizes["responseBodySize"] + sizes["responseHeadersSize"]

        page.on("requestfinished", on_finished)
        page.goto(url)
        page.wait_for_selector(selector, state="visible", timeout=60000)
        page.wait_for_load_state("networkidle")
        page.close()
        out.append(sum(wire.values()))
    context.close()
    return out[0], out[1]


def measure_render(ctx: Context, n: int) -> list[Row]:
    if not chromium_available():
        return [
            Row(
                f"render-{n}", f"diagram first render, {n} positions", verdict="SKIP", note="no Chromium here"
            )
        ]
    app = make_app(seeded_dir(ctx, n))
    with serving(app) as url, browser() as b:
        cold = _load(b, url + "/", CELL_SELECTOR)  # first request after start computes the view
        warm = [_load(b, url + "/", CELL_SELECTOR) for _ in range(ctx.runs)] if not ctx.quick else [cold]
        first_wire, again_wire = transferred(b, url + "/", CELL_SELECTOR)
    t = statistics.median(w["seconds"] for w in warm)
    last = warm[-1]
    official = n >= 2000
    errors = sorted({e for w in [cold, *warm] for e in w["errors"]})
    return [
        Row(
            f"render-{n}",
            f"diagram first render, {n} positions (headless Chromium, new browser context)",
            value=t,
            result=f"{fmt_s(t)}; {fmt_bytes(first_wire)} transferred, {fmt_bytes(again_wire)} on the next load",
            baseline=f"first load after server start {fmt_s(cold['seconds'])}; uncompressed page "
            f"{fmt_bytes(last['bytes'])} (data {fmt_bytes(last['data_bytes'])})",
            ratio=f"compressed to {first_wire / max(last['bytes'], 1):.0%}",
            target="≤ 1.0 s; ≤ 1.2 MB transferred" if official else "—",
            verdict=verdict(t <= 1.0 and first_wire <= 1.2e6) if official else "INFO",
            note=f"{last['elements']} cells on the first page"
            + (f"; console errors: {errors[:2]}" if errors else ""),
            raw={"cold": cold, "warm": warm, "wire_first": first_wire, "wire_again": again_wire},
        )
    ]


def run(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    for n in ctx.render_sizes:
        rows += guarded(
            f"render-{n}", f"diagram first render, {n} positions", lambda n=n: measure_render(ctx, n)
        )
    rows += guarded("recolour", "one recolour", lambda: measure_recolour(ctx))
    return rows


def cleanup(ctx: Context) -> None:
    for key, d in list(ctx.cache.items()):
        if key.startswith("ui-store-"):
            shutil.rmtree(d, ignore_errors=True)
