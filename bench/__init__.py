"""Svetofor benchmarks: ``python -m bench [--quick] [--only NAME] [--json OUT]``.

Each area module (:mod:`bench.reading`, :mod:`bench.store`, :mod:`bench.rules`, :mod:`bench.ui`,
:mod:`bench.warnings_page`, :mod:`bench.export`, :mod:`bench.progress`, :mod:`bench.matching`, :mod:`bench.processes`) measures its rows against baselines taken in the
same run and returns :class:`bench.core.Row` objects; :func:`run` collects them and
:func:`markdown` prints the table. Synthetic data comes from :mod:`bench.synth`.
"""

from __future__ import annotations

import gc
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import export, matching, processes, progress, reading, rules, store, ui, warnings_page
from bench.core import Context, Row

AREAS = {
    "reading": reading,
    "processes": processes,
    "store": store,
    "rules": rules,
    "ui": ui,
    "warnings_page": warnings_page,
    "export": export,
    "progress": progress,
    "matching": matching,
}
CACHE_DIR = Path(__file__).resolve().parent / "out"  # generated workbooks, kept between runs


def expected_rows(ctx: Context, only: str | None = None) -> list[str]:
    names: list[str] = []
    for area, mod in AREAS.items():
        for name in mod.expected_rows(ctx):
            if _selected(only, area, name):
                names.append(name)
    return names


def _selected(only: str | None, area: str, name: str) -> bool:
    if not only:
        return True
    wanted = {w.strip() for w in only.split(",")}
    return area in wanted or name in wanted or any(name.startswith(w + "-") for w in wanted)


def run(quick: bool = False, only: str | None = None, workdir: Path | None = None) -> dict[str, Any]:
    """Run the selected areas; returns ``{"rows": [Row], "growth": [...], "machine": {...}}``."""
    own_tmp = workdir is None
    workdir = Path(workdir or tempfile.mkdtemp(prefix="svetofor-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    # generated workbooks are cached next to the package (git-ignored) so repeated runs skip
    # writing them; stores and everything else live in the run's own directory
    ctx = Context.make(quick, workdir, CACHE_DIR / "data")
    started = time.time()
    load_at_start = [round(x, 1) for x in os.getloadavg()]
    rows: list[Row] = []
    try:
        for area, mod in AREAS.items():
            names = [n for n in mod.expected_rows(ctx) if _selected(only, area, n)]
            if not names:
                continue
            t0 = time.perf_counter()
            got = mod.run(ctx)
            if quick:
                # small sizes and single runs on a shared CI machine: the verdicts would be noise
                for r in got:
                    if r.verdict in ("PASS", "MISS"):
                        r.verdict = "INFO"
            rows += [r for r in got if _selected(only, area, r.name)]
            print(f"[bench] {area}: {time.perf_counter() - t0:.1f} s", flush=True)
            cleanup = getattr(mod, "cleanup", None)
            if cleanup:
                cleanup(ctx)
            gc.collect()
    finally:
        if own_tmp:
            shutil.rmtree(workdir, ignore_errors=True)
    info = machine()
    info["load_average_at_start"] = load_at_start
    return {
        "rows": rows,
        "growth": reading.growth(rows),
        "machine": info,
        "quick": quick,
        "seconds": time.time() - started,
    }


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    except OSError:
        pass
    mem = 0
    try:
        with open("/proc/meminfo") as f:
            mem = int(next(line.split()[1] for line in f if line.startswith("MemTotal"))) * 1024
    except (OSError, StopIteration):
        pass
    return {
        "load_average": [round(x, 1) for x in os.getloadavg()],  # other work on the machine
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(mem / 1024**3, 1),
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def markdown(out: dict[str, Any]) -> str:
    """The results table, then the growth table, as Markdown."""
    m = out["machine"]
    lines = [
        f"Machine: {m['cpus']} cores ({m['cpu'] or 'unknown CPU'}), {m['memory_gb']} GB RAM, "
        f"Python {m['python']}; load average {m.get('load_average_at_start', ['?'])[0]} at the start, "
        f"{m['load_average'][0]} at the end{' — QUICK run, small sizes' if out['quick'] else ''}",
        "",
        "| what | result | baseline in the same run | comparison | target | verdict |",
        "|---|---|---|---|---|---|",
    ]
    for r in out["rows"]:
        verdict = r.verdict + (f" — {r.note}" if r.note and r.verdict in ("SKIP", "ERROR") else "")
        what = r.what + (
            f" <br><small>{r.note}</small>" if r.note and r.verdict not in ("SKIP", "ERROR") else ""
        )
        lines.append(f"| {what} | {r.result or '—'} | {r.baseline} | {r.ratio} | {r.target} | {verdict} |")
    if out["growth"]:
        lines += [
            "",
            "Growth with list size (exponent 1.0 = linear; from the rows above):",
            "",
            "| what | rows | time | µs per row | rows | time | µs per row | exponent |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for g in out["growth"]:
            lines.append(
                f"| {g['what']} | {g['from']} | {g['t_from']:.3f} s | {g['us_per_row_from']:.1f} "
                f"| {g['to']} | {g['t_to']:.3f} s | {g['us_per_row_to']:.1f} | {g['exponent']:.2f} |"
            )
    return "\n".join(lines)
