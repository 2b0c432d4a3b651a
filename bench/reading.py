"""Reading: `svetofor check` and the end-to-end import of 1k/10k/50k-row workbooks.

Each size is measured against two baselines read from the same file in the same run: a bare
``python_calamine`` read (the floor: the parsing library alone, no header detection, no
validation) and ``pandas.read_excel(engine="openpyxl")`` (what a planner's script would use).
"""

from __future__ import annotations

import contextlib
import inspect
import itertools
import math
import statistics
import tempfile
from pathlib import Path
from typing import Any

from bench import synth
from bench.core import Context, Row, fmt_s, guarded, rows_label, timed, verdict

ROWS = ("check", "import")  # one row per file size each, e.g. check-50k, import-1k


def expected_rows(ctx: Context) -> list[str]:
    return [f"{kind}-{rows_label(n)}" for kind in ROWS for n in ctx.file_sizes]


def workbook(ctx: Context, n_rows: int) -> Path:
    return synth.xlsx(n_rows, ctx.datadir)


def calamine_read(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return sum(len(wb.get_sheet_by_name(name).to_python()) for name in wb.sheet_names)


def pandas_read(path: Path) -> int:
    import pandas as pd

    return sum(
        len(df) for df in pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl").values()
    )


def rounds(ctx: Context, n_rows: int) -> dict[str, Any]:
    """Every timing of one file size, taken in interleaved rounds of calamine, pandas, check and
    import, so that the baselines and the measured steps see the same machine (load from other
    processes, memory state) and their ratios stay fair. Computed once per run and shared."""
    key = f"rounds-{n_rows}"
    if key in ctx.cache:
        return ctx.cache[key]
    path = workbook(ctx, n_rows)
    check = _checker(ctx.workdir)
    out: dict[str, Any] = {"calamine": [], "pandas": [], "check": [], "import": [], "errors": {}}
    for _ in range(ctx.runs if n_rows < 10000 else ctx.heavy_runs):
        for name in ("calamine", "pandas", "check", "import"):
            if name in out["errors"]:
                continue
            service = new_service(ctx.workdir) if name == "import" else None
            try:
                if name == "calamine":
                    t, result = timed(lambda: calamine_read(path))
                elif name == "pandas":
                    t, result = timed(lambda: pandas_read(path))
                elif name == "check":
                    t, result = timed(lambda: check(path))
                else:
                    t, result = timed(lambda service=service: import_once(service, path))
            except Exception as exc:
                out["errors"][name] = exc
                continue
            finally:
                if service is not None:
                    service.close()
            out[name].append(t)
            # keep only what the rows print: holding a 50k-row report would slow later areas
            out[f"{name}_result"] = _summary(result) if name == "check" else result
    ctx.cache[key] = out
    return out


def _summary(report: Any) -> dict[str, Any]:
    return {"ok": getattr(report, "ok", None), "first_error": _first_error(report)}


def _median_or_raise(r: dict[str, Any], name: str) -> float:
    if name in r["errors"]:
        raise r["errors"][name]
    return statistics.median(r[name])


def _checker(workdir: Path):
    """``Svetofor.check`` whether it is a static/class method or needs a (throwaway) store."""
    from svetofor.service import Svetofor

    attr = inspect.getattr_static(Svetofor, "check")
    if isinstance(attr, staticmethod | classmethod):
        return Svetofor.check
    from svetofor.store import Store

    return Svetofor(Store.open(Path(tempfile.mkdtemp(dir=workdir)))).check


def measure_check(ctx: Context, n_rows: int) -> list[Row]:
    label = rows_label(n_rows)
    r = rounds(ctx, n_rows)
    t = _median_or_raise(r, "check")
    ok = r["check_result"]["ok"]
    cal, pdt = _median_or_raise(r, "calamine"), _median_or_raise(r, "pandas")
    official = n_rows == ctx.big
    good = t <= 1.5 * cal and pdt / t >= 4
    note = "" if ok in (None, True) else f"check reported errors: {r['check_result']['first_error']}"
    return [
        Row(
            f"check-{label}",
            f"`svetofor check` (read + validate + classify + warnings), {label}-row xlsx",
            value=t,
            result=fmt_s(t),
            baseline=f"calamine {fmt_s(cal)}; pandas/openpyxl {fmt_s(pdt)}",
            ratio=f"{t / cal:.2f}× calamine; {_vs_pandas(pdt, t)}",
            target="≤ 1.5× calamine; ≥ 4× faster than pandas" if official else "(target at the largest size)",
            verdict=verdict(good) if official and ok is not False else ("ERROR" if ok is False else "INFO"),
            note=note,
            raw={"rows": n_rows, "runs": r["check"], "calamine": r["calamine"], "pandas": r["pandas"]},
        )
    ]


def _first_error(report) -> str:
    errors = getattr(report, "errors", None) or getattr(getattr(report, "result", None), "errors", None) or []
    if not errors:
        return "?"
    e = errors[0]
    return getattr(e, "located", lambda: str(e))() + f" (+{len(errors) - 1} more)"


def new_service(workdir: Path):
    """The service over a new, empty SQLite store. Opening it creates the schema, which is not
    charged to the import: a planner's import goes into a store that already exists."""
    from svetofor.service import Svetofor
    from svetofor.store import Store

    return Svetofor(Store.open(Path(tempfile.mkdtemp(prefix="import-", dir=workdir))))


def import_once(service, path: Path) -> int:
    """Read, validate, classify and store one file, as the import page and ``svetofor import``
    do (``Svetofor.import_file``: one transaction, plus the automatic snapshot); returns records."""
    return _records_of(service.import_file(path, user="bench"))


def _records_of(out) -> int:
    for attr in ("records", "n_records"):
        v = getattr(out, attr, None)
        if isinstance(v, int):
            return v
    counts = getattr(out, "counts", None)
    if isinstance(counts, dict) and "records" in counts:
        return int(counts["records"])
    return -1


def measure_import(ctx: Context, n_rows: int) -> list[Row]:
    label = rows_label(n_rows)
    r = rounds(ctx, n_rows)
    t = _median_or_raise(r, "import")
    n_records = r["import_result"]
    cal, pdt = _median_or_raise(r, "calamine"), _median_or_raise(r, "pandas")
    good = t <= 2 * cal and pdt / t >= 3
    return [
        Row(
            f"import-{label}",
            f"import end to end (read, validate, classify, store in SQLite), {label}-row xlsx",
            value=t,
            result=fmt_s(t),
            baseline=f"calamine {fmt_s(cal)}; pandas/openpyxl {fmt_s(pdt)}",
            ratio=f"{t / cal:.2f}× calamine; {_vs_pandas(pdt, t)}",
            target="≤ 2× calamine; ≥ 3× faster than pandas",
            verdict=verdict(good),
            raw={"rows": n_rows, "records": n_records, "runs": r["import"]},
        )
    ]


def _vs_pandas(pandas_t: float, t: float) -> str:
    r = pandas_t / t
    return f"{r:.1f}× faster than pandas" if r >= 1 else f"{1 / r:.1f}× slower than pandas"


def warm_up(ctx: Context) -> None:
    """One untimed pass over the smallest file, so lazy imports and first-call caches of every
    library (ours, calamine, pandas, SQLAlchemy) are not charged to the first measured size."""
    path = workbook(ctx, ctx.file_sizes[0])
    calamine_read(path)
    pandas_read(path)
    for step in (
        lambda: _checker(ctx.workdir)(path),
        lambda: import_once(new_service(ctx.workdir), path),
    ):
        with contextlib.suppress(Exception):  # the measured call reports a failure as an ERROR row
            step()


def run(ctx: Context) -> list[Row]:
    warm_up(ctx)
    rows: list[Row] = []
    for n in ctx.file_sizes:
        label = rows_label(n)
        rows += guarded(
            f"check-{label}", f"`svetofor check`, {label}-row xlsx", lambda n=n: measure_check(ctx, n)
        )
    for n in ctx.file_sizes:
        label = rows_label(n)
        rows += guarded(
            f"import-{label}", f"import end to end, {label}-row xlsx", lambda n=n: measure_import(ctx, n)
        )
    return rows


def growth(rows: list[Row]) -> list[dict]:
    """How cost grows with rows for check and import: µs per row and the local exponent.

    The exponent between two sizes is log(t2/t1) / log(n2/n1): 1.0 is linear, above ~1.15 is
    worse than linear (something quadratic-ish or cache-bound), below 1 means a fixed cost
    still dominates the smaller size.
    """
    out = []
    for kind in ROWS:
        pts = sorted(
            (r.raw["rows"], r.value)
            for r in rows
            if r.name.startswith(kind + "-") and r.value and "rows" in r.raw
        )
        for (n1, t1), (n2, t2) in itertools.pairwise(pts):
            exp = math.log(t2 / t1) / math.log(n2 / n1)
            out.append(
                {
                    "what": kind,
                    "from": n1,
                    "to": n2,
                    "t_from": t1,
                    "t_to": t2,
                    "us_per_row_from": t1 / n1 * 1e6,
                    "us_per_row_to": t2 / n2 * 1e6,
                    "exponent": exp,
                }
            )
    return out
