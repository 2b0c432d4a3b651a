"""Timing helpers, the result row and the run context shared by the benchmark areas."""

from __future__ import annotations

import gc
import statistics
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Row:
    """One line of the results table.

    ``value`` is the headline figure in ``unit``; ``baseline`` describes what it was compared
    with in the same run and ``ratio`` the comparison in words; ``verdict`` is PASS / MISS
    against ``target``, INFO where there is no target, SKIP or ERROR (with ``note``).
    """

    name: str
    what: str
    value: float | None = None
    unit: str = "s"
    result: str = ""
    baseline: str = "—"
    ratio: str = "—"
    target: str = "—"
    verdict: str = "INFO"
    note: str = ""
    raw: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Context:
    """Sizes and repetitions for one run; ``quick`` shrinks everything for a CI smoke run."""

    quick: bool
    workdir: Path  # this run's scratch directory (stores, servers' data dirs)
    datadir: Path  # generated workbooks, cached between runs
    runs: int  # repetitions of cheap measurements
    heavy_runs: int  # repetitions of measurements that take seconds each
    file_sizes: tuple[int, ...]  # rows of the synthetic workbooks (the last one is "the 50k file")
    rule_size: tuple[int, int, int]  # positions, enterprises, records for the rule benchmarks
    names: int  # enterprise names for same-enterprise suggestions
    naive_sample: int  # names in the naive pairwise baseline
    render_sizes: tuple[int, ...]  # positions for the diagram first render
    recolour_size: int
    export_size: int
    report_size: int
    snapshot_size: int
    warnings_page: int  # warnings on the warnings page first render
    cache: dict[str, Any] = field(default_factory=dict)  # things several areas share (files, stores)

    @classmethod
    def make(cls, quick: bool, workdir: Path, datadir: Path) -> Context:
        datadir.mkdir(parents=True, exist_ok=True)
        if quick:
            return cls(
                quick=True,
                workdir=workdir,
                datadir=datadir,
                runs=1,
                heavy_runs=1,
                file_sizes=(300, 1000),
                rule_size=(2000, 500, 10000),
                names=1000,
                naive_sample=200,
                render_sizes=(300,),
                recolour_size=300,
                export_size=60,
                report_size=60,
                snapshot_size=2000,
                warnings_page=100,
            )
        return cls(
            quick=False,
            workdir=workdir,
            datadir=datadir,
            runs=5,
            heavy_runs=3,
            file_sizes=(1000, 10000, 50000),
            rule_size=(20000, 5000, 100000),
            names=5000,
            naive_sample=1000,
            render_sizes=(300, 2000),
            recolour_size=2000,
            export_size=300,
            report_size=300,
            snapshot_size=20000,
            warnings_page=1000,
        )

    @property
    def big(self) -> int:
        return self.file_sizes[-1]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds for one call (with the garbage collector settled first, so runs are comparable)."""
    gc.collect()
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def median_time(
    fn: Callable[[], Any], runs: int, setup: Callable[[], Any] | None = None
) -> tuple[float, list[float], Any]:
    """Median seconds of ``runs`` calls; ``setup`` (untimed) runs before each and its result is passed."""
    times = []
    out = None
    for _ in range(max(1, runs)):
        if setup is not None:
            arg = setup()
            t, out = timed(lambda arg=arg: fn(arg))
        else:
            t, out = timed(fn)
        times.append(t)
    return statistics.median(times), times, out


def guarded(name: str, what: str, fn: Callable[[], list[Row]]) -> list[Row]:
    """Run one measurement; a failure becomes an ERROR row instead of ending the whole run."""
    try:
        return fn()
    except ModuleNotFoundError as exc:
        return [Row(name, what, verdict="ERROR", note=f"not available yet: {exc}")]
    except Exception as exc:
        frames = traceback.extract_tb(exc.__traceback__)
        # name the deepest frame in our own code, not the library line that raised
        ours = [f for f in frames if "/svetofor/" in f.filename or "/bench/" in f.filename] or frames
        tb = ours[-1]
        where = f"{Path(tb.filename).parent.name}/{Path(tb.filename).name}:{tb.lineno}"
        return [Row(name, what, verdict="ERROR", note=f"{type(exc).__name__}: {exc} ({where})"[:300])]


def fmt_s(seconds: float) -> str:
    if seconds < 0.001:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def fmt_bytes(n: float) -> str:
    if n < 1024:
        return f"{n:.0f} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def rows_label(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)
