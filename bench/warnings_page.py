"""The warnings page's first render with exactly 1,000 duplication warnings (docs/domain.md §5).

The store holds one crafted list: every position is planned anew by one Belarusian and one
Russian enterprise (a high ``parallel-new`` warning each) and nothing else, so the page shows
as many warnings as there are positions, whatever the synthetic generator's mix of kinds. The
figure is the time from navigation in a fresh headless Chromium context to the first visible
grid row with the count line naming every warning; the cold load after server start (the view
computed) is reported beside it.

Area interface as the other ``bench`` modules: ``expected_rows``, ``run``, ``cleanup``; the row
alone is :func:`measure_warnings_page`.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

from bench.core import Context, Row, fmt_bytes, fmt_s, guarded
from bench.ui import browser, chromium_available, make_app, serving

NAME = "warnings-page-1000"
WARNINGS = 1000
ROW_SELECTOR = "#w-grid .ag-row"
# Ten enterprises a side, named far apart, so no "same enterprise?" suggestion adds a warning.
PLANNERS = {
    "BY": [f"Завод «{w}»" for w in ("Альфа", "Буревестник", "Вектор", "Гранит", "Днепр")],
    "RU": [f"Предприятие «{w}»" for w in ("Орион", "Пламя", "Рубин", "Сокол", "Тайга")],
}


def expected_rows(ctx: Context) -> list[str]:
    return [NAME]


def warnings_dataset(n: int) -> Any:
    """``n`` positions, each planned anew in both countries: ``n`` cross-border warnings."""
    from svetofor.model import Dataset, Enterprise, Item, Record

    ds = Dataset(countries=frozenset(PLANNERS))
    for country, names in PLANNERS.items():
        for name in names:
            key = f"{country}:{name.casefold()}"
            ds.enterprises[key] = Enterprise(key, name, country, None)
    keys = {c: list(k for k in ds.enterprises if k.startswith(c)) for c in PLANNERS}
    for i in range(n):
        key = f"W-{i:05d}"
        ds.items[key] = Item(
            key=key, name=f"Станок {i}", code=key, kind="machine", group=f"Группа {i % 12}", order=i
        )
        for country in PLANNERS:
            ent = keys[country][i % len(keys[country])]
            ds.records.append(
                Record(key, country, ent, action="new", capacity=10 + i % 7, launch_year=2027, row=i + 2)
            )
    return ds


def seeded_dir(ctx: Context, n: int) -> Path:
    key = f"warnings-page-store-{n}"
    if key not in ctx.cache:
        from svetofor.model import ReadResult
        from svetofor.store import Store

        ds = warnings_dataset(n)
        d = Path(tempfile.mkdtemp(prefix="warnings-page-", dir=ctx.workdir))
        store = Store.open(d)
        try:
            store.lists.import_result(
                ReadResult(file="warnings.xlsx", dataset=ds, countries=ds.countries),
                user="bench",
                file_hash=f"bench-warnings-{n}",
            )
        finally:
            store.close()
        ctx.cache[key] = d
    return ctx.cache[key]


def _load(b, url: str, total: int) -> dict[str, Any]:
    """One first render in a fresh context: seconds to a visible grid row and the count line
    naming all ``total`` warnings; bytes transferred; console errors."""
    context = b.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    sizes: list[int] = []
    errors: list[str] = []

    def on_response(resp) -> None:
        with suppress(Exception):
            sizes.append(len(resp.body()))

    page.on("response", on_response)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(ROW_SELECTOR, state="visible", timeout=60_000)
    page.wait_for_function(
        # the count is written by Babel ("1 000" / "1,000"): compare its digits
        "n => (document.querySelector('#w-count-text') || {}).textContent?.replace(/[\\s,]/g, '')"
        ".includes(String(n))",
        arg=total,
        timeout=60_000,
    )
    seconds = time.perf_counter() - t0
    rows_drawn = page.locator(ROW_SELECTOR).count()
    page.wait_for_load_state("networkidle")
    context.close()
    return {"seconds": seconds, "bytes": sum(sizes), "rows_drawn": rows_drawn, "errors": errors}


def measure_warnings_page(ctx: Context, n_warnings: int = WARNINGS) -> list[Row]:
    """The bench row: the warnings page's first render with ``n_warnings`` warnings."""
    what = f"warnings page first render, {n_warnings} warnings (headless Chromium)"
    if not chromium_available():
        return [Row(NAME, what, verdict="SKIP", note="no Chromium here")]
    app = make_app(seeded_dir(ctx, n_warnings))
    from svetofor.ui.context import SERVICE_KEY

    total = len(app.server.config[SERVICE_KEY].view().warnings)
    with serving(app) as url, browser() as b:
        cold = _load(b, url + "/warnings", total)
        warm = [_load(b, url + "/warnings", total) for _ in range(1 if ctx.quick else ctx.runs)]
    t = statistics.median(w["seconds"] for w in warm)
    errors = sorted({e for w in [cold, *warm] for e in w["errors"]})
    return [
        Row(
            NAME,
            f"warnings page first render, {total} warnings (headless Chromium, new browser context)",
            value=t,
            result=f"{fmt_s(t)}; page {fmt_bytes(warm[-1]['bytes'])}",
            baseline=f"first load after server start {fmt_s(cold['seconds'])}",
            verdict="INFO",
            note=f"{warm[-1]['rows_drawn']} grid rows drawn (virtualised)"
            + (f"; console errors: {errors[:2]}" if errors else ""),
            raw={"cold": cold, "warm": warm, "warnings": total},
        )
    ]


def run(ctx: Context) -> list[Row]:
    return guarded(NAME, "warnings page first render", lambda: measure_warnings_page(ctx))


def cleanup(ctx: Context) -> None:
    for key, d in list(ctx.cache.items()):
        if key.startswith("warnings-page-store-"):
            shutil.rmtree(d, ignore_errors=True)
