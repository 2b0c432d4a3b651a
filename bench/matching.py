"""Position matching at scale: quality on labelled wordings and time for 20,000 positions.

Two lists (BY and RU, 10,000 positions each in the full run) come from
:mod:`bench.matching_data`: the RU list rewords 40 % of the BY positions, writes look-alikes
(traps) of 30 %, and has 30 % of its own. Truth is known exactly (spec equality), so the rows
report precision, recall and the number of trap pairs offered, then the time of
``suggest_positions`` over all positions (features computed afresh each run; the word-form
memo of the process is warm, as in a running service; the cold first run is in the note), the
import preview (``match_incoming``, 1,000 uploaded rows against the stored positions), and the
same quality figures with the Snowball stemmer alone, for the library choice.

Area interface as the other ``bench`` modules: ``expected_rows``, ``run``.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from bench.core import Context, Row, fmt_s, guarded, verdict

ROWS = ("matching-quality", "matching-suggest", "matching-incoming", "matching-snowball")
SEED = 20260306


def expected_rows(ctx: Context) -> list[str]:
    return list(ROWS)


def _size(ctx: Context) -> int:
    return 2000 if ctx.quick else 20000


def _positions(ctx: Context) -> tuple[Any, list[Any]]:
    key = f"matching-population-{_size(ctx)}"
    if key not in ctx.cache:
        from bench.matching_data import population
        from svetofor.matching import PositionInfo

        pop = population(_size(ctx), seed=SEED)
        positions = [
            PositionInfo(f"{country}-{i:05d}", w.name, None, w.hs_code, w.kind, None, frozenset({country}))
            for country, wordings in (("BY", pop.by), ("RU", pop.ru))
            for i, w in enumerate(wordings)
        ]
        ctx.cache[key] = (pop, positions)
    return ctx.cache[key]  # type: ignore[no-any-return]


def quality(pop: Any, suggestions: list[Any]) -> dict[str, Any]:
    """Precision, recall and trap pairs offered of suggestions over a population."""
    truth = {(f"BY-{i:05d}", f"RU-{j:05d}") for i, j in pop.true_pairs()}
    traps = {(f"BY-{i:05d}", f"RU-{j:05d}") for i, j in pop.traps}
    offered = {(s.a_key, s.b_key) for s in suggestions}
    hits = len(offered & truth)
    return {
        "precision": hits / len(offered) if offered else 1.0,
        "recall": hits / len(truth) if truth else 1.0,
        "traps_offered": len(offered & traps),
        "wrong_offered": len(offered - truth),
        "true_pairs": len(truth),
        "trap_pairs": len(traps),
        "suggestions": len(offered),
    }


def _suggest(positions: list[Any], morphology: str) -> tuple[float, list[Any]]:
    from svetofor.matching import features, suggest_positions

    features._features.cache_clear()  # a new data version: every name is read again
    t0 = time.perf_counter()
    out = suggest_positions(positions, morphology=morphology)
    return time.perf_counter() - t0, out


def measure_quality_and_time(ctx: Context) -> list[Row]:
    pop, positions = _positions(ctx)
    cold, suggestions = _suggest(positions, "pymorphy3")
    times = [_suggest(positions, "pymorphy3")[0] for _ in range(max(1, ctx.heavy_runs))]
    t = statistics.median(times)
    q = quality(pop, suggestions)
    n = len(positions)
    good = q["recall"] >= 0.95 and q["traps_offered"] == 0
    return [
        Row(
            "matching-quality",
            f"same-position suggestions over {n} positions (labelled wordings)",
            value=q["recall"],
            unit="",
            result=f"recall {q['recall']:.4f}, precision {q['precision']:.4f}, traps offered {q['traps_offered']}",
            baseline=f"{q['true_pairs']} true pairs, {q['trap_pairs']} trap pairs, {q['suggestions']} suggested",
            target="recall ≥ 0.95, 0 traps",
            verdict=verdict(good) if not ctx.quick else "INFO",
            note=f"wrong pairs offered in all: {q['wrong_offered']}",
            raw=q,
        ),
        Row(
            "matching-suggest",
            f"suggest_positions over {n} positions (one core)",
            value=t,
            result=fmt_s(t),
            baseline=f"first run in the process (word forms not yet memoised) {fmt_s(cold)}",
            target="≤ 2 s",
            verdict=verdict(t <= 2) if not ctx.quick else "INFO",
            note=f"median of {len(times)} runs",
            raw={"runs": times, "cold": cold, "positions": n},
        ),
    ]


def measure_incoming(ctx: Context) -> list[Row]:
    from svetofor.matching import PositionInfo, features, match_incoming

    _, positions = _positions(ctx)
    stored = [p for p in positions if p.key.startswith("BY-")]
    incoming = [
        PositionInfo(p.key.replace("RU-", "UP-"), p.name, None, p.hs_code, p.kind, None, p.countries)
        for p in positions
        if p.key.startswith("RU-")
    ][: max(100, _size(ctx) // 20)]
    times = []
    for _ in range(max(1, ctx.runs)):
        features._features.cache_clear()
        t0 = time.perf_counter()
        out = match_incoming(incoming, stored)
        times.append(time.perf_counter() - t0)
    t = statistics.median(times)
    counts = {s: sum(1 for m in out if m.status == s) for s in ("exact", "probable", "new")}
    return [
        Row(
            "matching-incoming",
            f"import preview: {len(incoming)} uploaded rows against {len(stored)} stored positions",
            value=t,
            result=fmt_s(t),
            note=", ".join(f"{k} {v}" for k, v in counts.items()),
            raw={"runs": times, **counts},
        )
    ]


def measure_snowball(ctx: Context) -> list[Row]:
    pop, positions = _positions(ctx)
    _suggest(positions, "snowball")  # memoise the stems, as for the default row
    t, suggestions = _suggest(positions, "snowball")
    q = quality(pop, suggestions)
    return [
        Row(
            "matching-snowball",
            f"the same with the Snowball stemmer alone, {len(positions)} positions",
            value=q["recall"],
            unit="",
            result=f"recall {q['recall']:.4f}, precision {q['precision']:.4f}, traps offered {q['traps_offered']}",
            baseline=f"time {fmt_s(t)}",
            note="for the library choice (docs/position-matching.md)",
            raw={**q, "seconds": t},
        )
    ]


def run(ctx: Context) -> list[Row]:
    return (
        guarded("matching-quality", "same-position suggestions", lambda: measure_quality_and_time(ctx))
        + guarded("matching-incoming", "import preview matching", lambda: measure_incoming(ctx))
        + guarded("matching-snowball", "Snowball stemmer", lambda: measure_snowball(ctx))
    )


def cleanup(ctx: Context) -> None:
    for key in [k for k in ctx.cache if k.startswith("matching-population-")]:
        ctx.cache.pop(key, None)
