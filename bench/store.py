"""Storage: SQLite import throughput, and server memory with the largest list loaded."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from bench import synth
from bench.core import Context, Row, fmt_bytes, guarded, median_time, rows_label, verdict

ROWS = ("store-import", "rss")


def expected_rows(ctx: Context) -> list[str]:
    return list(ROWS)


def big_result(ctx: Context):
    """The largest synthetic list as a ReadResult, built in memory (this row is about storage)."""
    if "big-result" not in ctx.cache:
        from svetofor.model import ReadResult

        ds = synth.for_rows(ctx.big).to_dataset()
        ctx.cache["big-result"] = ReadResult(file=f"synth-{ctx.big}.xlsx", dataset=ds, countries=ds.countries)
    return ctx.cache["big-result"]


def _import(data_dir: Path, result, digest: str) -> None:
    from svetofor.store import Store

    store = Store.open(data_dir)
    try:
        store.lists.import_result(result, user="bench", file_hash=digest)
    finally:
        store.close()


def loaded_store(ctx: Context) -> Path:
    """A data dir holding the largest list, shared by the memory row."""
    if "big-store" not in ctx.cache:
        d = Path(tempfile.mkdtemp(prefix="store-big-", dir=ctx.workdir))
        _import(d, big_result(ctx), "bench-big")
        ctx.cache["big-store"] = d
    return ctx.cache["big-store"]


def measure_store_import(ctx: Context) -> list[Row]:
    result = big_result(ctx)
    n = len(result.dataset.records)
    from svetofor.store import Store

    opened: list = []

    def fresh_store():
        # the schema is created here, untimed: an import goes into a store that exists
        opened.append(Store.open(Path(tempfile.mkdtemp(prefix="store-", dir=ctx.workdir))))
        return opened[-1]

    try:
        t, runs, _ = median_time(
            lambda store: store.lists.import_result(result, user="bench", file_hash=f"bench-{len(opened)}"),
            ctx.heavy_runs,
            setup=fresh_store,
        )
    finally:
        for store in opened:
            store.close()
    rate = n / t
    return [
        Row(
            "store-import",
            f"store an import of {rows_label(ctx.big)} rows ({n} records, {len(result.dataset.items)} positions) in SQLite",
            value=rate,
            unit="rows/s",
            result=f"{rate:,.0f} rows/s ({t:.2f} s)".replace(",", " "),
            target="≥ 50 000 rows/s",
            verdict=verdict(rate >= 50000),
            raw={"records": n, "seconds": t, "runs": runs},
        )
    ]


_RSS_SCRIPT = textwrap.dedent(
    """
    import json, sys
    def status():
        out = {}
        with open("/proc/self/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "VmHWM"):
                    out[k] = int(v.split()[0]) * 1024
        return out
    data_dir, load = sys.argv[1], sys.argv[2] == "1"
    try:  # the server imports the UI too: count the code it brings
        import svetofor.ui.app  # noqa: F401
    except Exception:
        pass
    from svetofor.service import Svetofor
    from svetofor.store import Store
    store = Store.open(data_dir)
    service = Svetofor(store)
    base = status()
    if load:
        view = service.view()
    print(json.dumps({"before": base, "after": status()}))
    """
)


def _rss(data_dir: Path, load: bool) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent) + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run(
        [sys.executable, "-c", _RSS_SCRIPT, str(data_dir), "1" if load else "0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "rss probe failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_rss(ctx: Context) -> list[Row]:
    data_dir = loaded_store(ctx)
    loaded = _rss(data_dir, load=True)
    rss, peak = loaded["after"]["VmRSS"], loaded["after"]["VmHWM"]
    code = loaded["before"]["VmRSS"]
    n = len(big_result(ctx).dataset.records)
    return [
        Row(
            "rss",
            f"server memory with {rows_label(ctx.big)} rows ({n} records) loaded: store + service view",
            value=rss / 1024 / 1024,
            unit="MB",
            result=f"RSS {fmt_bytes(rss)}, peak {fmt_bytes(peak)}",
            baseline=f"same process before loading: {fmt_bytes(code)}",
            ratio=f"data adds {fmt_bytes(rss - code)}",
            target="≤ 400 MB",
            verdict=verdict(peak <= 400 * 1024 * 1024) if not ctx.quick else "INFO",
            raw=loaded,
        )
    ]


def run(ctx: Context) -> list[Row]:
    return guarded("store-import", "store an import (SQLite)", lambda: measure_store_import(ctx)) + guarded(
        "rss", "server memory with the largest list loaded", lambda: measure_rss(ctx)
    )


def cleanup(ctx: Context) -> None:
    """Drop the 50k-row dataset and its store, so later areas run on a lean process."""
    ctx.cache.pop("big-result", None)
    d = ctx.cache.pop("big-store", None)
    if d is not None:
        shutil.rmtree(d, ignore_errors=True)
