"""What a user runs as a process, measured as a process: check, import, export, report.

A ministry's script calls ``svetofor check FILE --json`` as a whole process and a planner runs
``svetofor import`` or ``svetofor export`` the same way, so start-up, imports and writing the
output count. Each row times the command as a child process next to its baseline as a child
process (a bare ``python_calamine`` read of the same file, ``pandas.read_excel`` with openpyxl),
interleaved round by round so that both see the same machine, and reports the peak RSS of the
measured process. The in-process figure of the same work (from :mod:`bench.reading`) is kept
as a second column, so the cost of being a process stays visible.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import reading, synth
from bench.core import Context, Row, fmt_bytes, fmt_s, guarded, rows_label, verdict
from bench.export import child_env

CALAMINE = textwrap.dedent(
    """
    import sys
    from python_calamine import CalamineWorkbook
    wb = CalamineWorkbook.from_path(sys.argv[1])
    print(sum(len(wb.get_sheet_by_name(n).to_python()) for n in wb.sheet_names))
    """
)
PANDAS = textwrap.dedent(
    """
    import sys
    import pandas as pd
    frames = pd.read_excel(sys.argv[1], sheet_name=None, header=None, engine="openpyxl")
    print(sum(len(f) for f in frames.values()))
    """
)


def sizes(ctx: Context) -> tuple[int, ...]:
    """The 50k file always; 200k (13 columns, about 11.5 MB) in a full run only."""
    return (ctx.big,) if ctx.quick else (ctx.big, 200_000)


def expected_rows(ctx: Context) -> list[str]:
    names = []
    for n in sizes(ctx):
        names += [f"process-check-{rows_label(n)}", f"process-import-{rows_label(n)}"]
    return [*names, "process-export-png", "process-export-xlsx"]


def svetofor_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "svetofor.cli", *args]


def run_process(cmd: list[str], *, stdout_to: Path | None = None) -> tuple[float, int]:
    """Wall time and peak RSS (bytes) of one child process; raises if it fails."""
    out = open(stdout_to, "wb") if stdout_to else subprocess.DEVNULL  # noqa: SIM115
    try:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, env=child_env())
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    finally:
        if stdout_to:
            out.close()  # type: ignore[union-attr]
    if proc.returncode not in (0, 1):  # 1: the check found errors in the list, still a result
        raise RuntimeError(f"{' '.join(cmd[:4])}… exited {proc.returncode}: {err[-500:]}")
    return elapsed, usage.ru_maxrss * 1024


def interleaved(steps: dict[str, Callable[[], tuple[float, int]]], runs: int) -> dict[str, Any]:
    """Run every step once per round, rounds one after another; medians of time, max of RSS."""
    times: dict[str, list[float]] = {name: [] for name in steps}
    rss: dict[str, int] = dict.fromkeys(steps, 0)
    for _ in range(runs):
        for name, step in steps.items():
            t, peak = step()
            times[name].append(t)
            rss[name] = max(rss[name], peak)
    return {
        "median": {name: statistics.median(ts) for name, ts in times.items()},
        "runs": times,
        "rss": rss,
    }


def _file_rounds(ctx: Context, n_rows: int) -> dict[str, Any]:
    key = f"process-rounds-{n_rows}"
    if key in ctx.cache:
        return ctx.cache[key]
    path = synth.xlsx(n_rows, ctx.datadir)
    json_out = ctx.workdir / f"check-{n_rows}.json"

    def fresh_import() -> tuple[float, int]:
        # a fresh data dir each time, created (schema, seed-free) before the clock starts
        data_dir = Path(tempfile.mkdtemp(prefix="import-", dir=ctx.workdir))
        run_process(svetofor_cmd("users", "list", "--data-dir", str(data_dir)))
        try:
            return run_process(svetofor_cmd("import", str(path), "--data-dir", str(data_dir)))
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)

    steps: dict[str, Callable[[], tuple[float, int]]] = {
        "calamine": lambda: run_process([sys.executable, "-c", CALAMINE, str(path)]),
        "check": lambda: run_process(svetofor_cmd("check", str(path), "--json"), stdout_to=json_out),
        "import": fresh_import,
    }
    if n_rows <= ctx.big:  # pandas takes half a minute per 200k read: one comparison is enough
        steps["pandas"] = lambda: run_process([sys.executable, "-c", PANDAS, str(path)])
    runs = 1 if ctx.quick else ctx.heavy_runs
    out = interleaved(steps, runs)
    out["json_bytes"] = json_out.stat().st_size if json_out.exists() else 0
    ctx.cache[key] = out
    return out


def _in_process(ctx: Context, n_rows: int, name: str) -> str:
    """The same work inside a warm process, from the reading area's rounds (50k only)."""
    if n_rows not in ctx.file_sizes:
        return "—"
    r = reading.rounds(ctx, n_rows)
    if name in r["errors"] or not r[name]:
        return "—"
    return fmt_s(statistics.median(r[name]))


def measure_file(ctx: Context, n_rows: int, name: str) -> list[Row]:
    label = rows_label(n_rows)
    r = _file_rounds(ctx, n_rows)
    t, cal = r["median"][name], r["median"]["calamine"]
    pandas_t = r["median"].get("pandas")
    limit = (1.5 if n_rows <= 50_000 else 2.0) if name == "check" else 2.0
    good = t <= limit * cal and (pandas_t is None or name != "check" or pandas_t / t >= 4)
    baseline = f"calamine process {fmt_s(cal)}"
    ratio = f"{t / cal:.2f}× calamine"
    if pandas_t is not None:
        baseline += f"; pandas/openpyxl process {fmt_s(pandas_t)}"
        ratio += f"; {pandas_t / t:.1f}× faster than pandas"
    what = {
        "check": f"`svetofor check FILE --json` as a process, {label}-row xlsx",
        "import": f"`svetofor import FILE` as a process (new SQLite store), {label}-row xlsx",
    }[name]
    target = f"≤ {limit:g}× calamine" + ("; ≥ 4× faster than pandas" if name == "check" and pandas_t else "")
    note = f"peak RSS {fmt_bytes(r['rss'][name])}; in process {_in_process(ctx, n_rows, name)}"
    if name == "check":
        note += f"; JSON {fmt_bytes(r['json_bytes'])}"
    return [
        Row(
            f"process-{name}-{label}",
            what,
            value=t,
            result=fmt_s(t),
            baseline=baseline,
            ratio=ratio,
            target=target,
            verdict=verdict(good),
            note=note,
            raw={"rows": n_rows, **{k: v for k, v in r.items() if k != "median"}},
        )
    ]


def measure_export(ctx: Context, fmt: str) -> list[Row]:
    """``svetofor export`` of the sample-sized seeded store, against ``svetofor check`` of the
    same list as a process (the floor of starting the command and reading the data)."""
    data_dir = ctx.workdir / "export-store"
    path = synth.xlsx(ctx.file_sizes[0], ctx.datadir)
    if not data_dir.exists():
        run_process(svetofor_cmd("import", str(path), "--data-dir", str(data_dir)))
    out_file = ctx.workdir / f"export.{fmt}"
    steps = {
        "floor": lambda: run_process(svetofor_cmd("users", "list", "--data-dir", str(data_dir))),
        "export": lambda: run_process(
            svetofor_cmd("export", "--format", fmt, "-o", str(out_file), "--data-dir", str(data_dir))
        ),
    }
    r = interleaved(steps, 1 if ctx.quick else ctx.heavy_runs)
    t, floor = r["median"]["export"], r["median"]["floor"]
    return [
        Row(
            f"process-export-{fmt}",
            f"`svetofor export --format {fmt}` as a process, {rows_label(ctx.file_sizes[0])}-row list",
            value=t,
            result=f"{fmt_s(t)} ({fmt_bytes(out_file.stat().st_size)})",
            baseline=f"`svetofor users list` on the same store {fmt_s(floor)}",
            ratio=f"{t - floor:.2f} s beyond opening the store",
            note=f"peak RSS {fmt_bytes(r['rss']['export'])}",
            raw=r,
        )
    ]


def run(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    for n in sizes(ctx):
        for name in ("check", "import"):
            label = f"process-{name}-{rows_label(n)}"
            rows += guarded(
                label,
                f"{name} as a process, {rows_label(n)} rows",
                lambda n=n, name=name: measure_file(ctx, n, name),
            )
    for fmt in ("png", "xlsx"):
        rows += guarded(
            f"process-export-{fmt}", f"export {fmt} as a process", lambda fmt=fmt: measure_export(ctx, fmt)
        )
    return rows
