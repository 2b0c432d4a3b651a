"""Progress between sessions: comparing two snapshots of 20k positions; the session report of 300.

The comparison is measured as the page does it: two stored payloads are decoded and compared.
The "later" snapshot is the same list after a session's worth of change (about 5 % of the
records moved forward, some positions dropped and added), so the diff has real work to do.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
from dataclasses import replace

from bench import rules, synth
from bench.core import Context, Row, fmt_bytes, fmt_s, guarded, median_time, timed, verdict
from bench.export import child_env


def expected_rows(ctx: Context) -> list[str]:
    return ["snapshot-compare", "report"]


def _rows_of(ds):
    from svetofor import duplication
    from svetofor.classify import classify
    from svetofor.diagram import build_rows

    st = classify(ds)
    g = duplication.build_graph(ds)
    warnings = duplication.find_warnings(ds, st, graph=g)
    return build_rows(ds, st, {}, warnings, duplication.localisation(ds, st, graph=g)), warnings


def later(ds, seed: int = 99):
    """The list a session later: 5 % of records progressed, 1 % of positions gone, 1 % new."""
    from svetofor.model import Dataset, Item

    rng = random.Random(seed)
    records = []
    for r in ds.records:
        if rng.random() < 0.05:
            if r.action == "new":
                r = replace(r, existing=True, action=None, capacity=r.capacity or 100.0)
            elif not r.existing:
                r = replace(r, action="new", launch_year=2027)
            else:
                r = replace(r, capacity=(r.capacity or 0) * 2 or None)
        records.append(r)
    keys = list(ds.items)
    gone = set(rng.sample(keys, len(keys) // 100))
    items = {k: v for k, v in ds.items.items() if k not in gone}
    n = len(ds.items)
    for j in range(len(keys) // 100):
        key = f"Н-{j:06d}"
        items[key] = Item(
            key=key, name=f"Новая позиция {j}", code=key, kind="machine", group="Токарные станки", order=n + j
        )
    records = [r for r in records if r.item_key not in gone]
    demand = {k: v for k, v in ds.demand.items() if k[0] not in gone}
    return Dataset(
        items=items, enterprises=ds.enterprises, records=records, demand=demand, countries=ds.countries
    )


def measure_compare(ctx: Context) -> list[Row]:
    from svetofor import progress
    from svetofor.diff import state_of

    n = ctx.rule_size[0]
    size = ctx.snapshot_size
    # the rule benchmarks' list when the sizes agree (full run), else one of the snapshot size
    base = rules.dataset(ctx) if size == n else synth.generate(size, size // 4, size * 5).to_dataset()
    rows_a, warn_a = _rows_of(base)
    rows_b, warn_b = _rows_of(later(base))
    t_encode, payload_a = timed(
        lambda: progress.encode_snapshot(state_of(rows_a, warn_a), name="Заседание 1")
    )
    payload_b = progress.encode_snapshot(state_of(rows_b, warn_b), name="Заседание 2")

    def compare():
        a = progress.decode_snapshot(payload_a)
        b = progress.decode_snapshot(payload_b)
        return progress.compare(a.state, b.state)

    t, runs, cmp = median_time(compare, ctx.runs)
    decoded = progress.decode_snapshot(payload_a), progress.decode_snapshot(payload_b)
    t_diff, _ = timed(lambda: progress.compare(decoded[0].state, decoded[1].state))
    return [
        Row(
            "snapshot-compare",
            f"compare two stored snapshots of {len(base.items) // 1000}k positions (decode both + compare)",
            value=t,
            result=fmt_s(t),
            baseline=f"compare alone {fmt_s(t_diff)}; taking a snapshot {fmt_s(t_encode)}",
            target="≤ 0.5 s",
            verdict=verdict(t <= 0.5) if not ctx.quick else "INFO",
            note=f"{len(cmp.changes)} changed cells, {len(cmp.added)} added, {len(cmp.removed)} removed; "
            f"snapshot {fmt_bytes(len(payload_a))}",
            raw={"runs": runs, "compare_only": t_diff, "encode": t_encode, "payload_bytes": len(payload_a)},
        )
    ]


_REPORT_SCRIPT = textwrap.dedent(
    """
    import json, sys, tempfile, time
    from pathlib import Path
    from bench import synth
    from bench.progress import later
    from svetofor import progress, report
    from svetofor.model import ReadResult
    from svetofor.service import Svetofor
    from svetofor.store import Store

    n, runs = int(sys.argv[1]), int(sys.argv[2])
    ds = synth.generate(n, max(20, n // 4), n * 4, seed=7).to_dataset()
    svc = Svetofor(Store.open(Path(tempfile.mkdtemp(prefix="report-"))))
    svc.store.lists.import_result(ReadResult("before.xlsx", ds, countries=ds.countries), user="bench", file_hash="a")
    since = progress.current_snapshot(svc.view(), "Заседание 06.03.2025")
    after = later(ds)
    svc.store.lists.import_result(ReadResult("after.xlsx", after, countries=after.countries), user="bench", file_hash="b")
    view = svc.view()
    series = progress.progress_series([since, progress.current_snapshot(view, "Сейчас")])
    times, size = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        pdf = report.session_report(view, since_state=since, series=series)
        times.append(time.perf_counter() - t0)
        size = len(pdf)
    print(json.dumps({"times": times, "bytes": size}))
    """
)


def measure_report(ctx: Context) -> list[Row]:
    n = ctx.report_size
    proc = subprocess.run(
        [sys.executable, "-c", _REPORT_SCRIPT, str(n), str(1 if ctx.quick else 3)],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=900,
    )
    if proc.returncode != 0:
        last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"
        raise RuntimeError(f"report child failed: {last}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    first, rest = out["times"][0], sorted(out["times"][1:])
    nxt = rest[len(rest) // 2] if rest else None
    return [
        Row(
            "report",
            f"session report PDF, {n} positions (changes since a snapshot, chart, warnings)",
            value=first,
            result=f"first {fmt_s(first)}"
            + (f" / next {fmt_s(nxt)}" if nxt is not None else "")
            + f" ({fmt_bytes(out['bytes'])})",
            baseline="first in a fresh process starts Chromium",
            target="≤ 10 s",
            verdict=verdict(first <= 10),
            raw=out,
        )
    ]


def run(ctx: Context) -> list[Row]:
    return guarded("snapshot-compare", "snapshot comparison", lambda: measure_compare(ctx)) + guarded(
        "report", "session report", lambda: measure_report(ctx)
    )
