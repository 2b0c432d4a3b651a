"""Rules at scale: classification, duplication warnings + localisation, same-enterprise suggestions.

The data is built in memory by :mod:`bench.synth` (20k positions x 5k enterprises x 100k records
in the full run), so these rows measure the rules and nothing else.
"""

from __future__ import annotations

import inspect

from bench import synth
from bench.core import Context, Row, fmt_s, guarded, median_time, timed, verdict

ROWS = ("classify", "warnings", "same-enterprise")


def expected_rows(ctx: Context) -> list[str]:
    return list(ROWS)


def dataset(ctx: Context):
    if "rule-dataset" not in ctx.cache:
        ctx.cache["rule-dataset"] = synth.generate(*ctx.rule_size).to_dataset()
    return ctx.cache["rule-dataset"]


def _size(ctx: Context) -> str:
    ds = dataset(ctx)
    return f"{len(ds.items) // 1000}k positions × {len(ds.enterprises) / 1000:.1f}k enterprises × {len(ds.records) // 1000}k records"


def measure_classify(ctx: Context) -> list[Row]:
    from svetofor.classify import classify
    from svetofor.messages import render

    ds = dataset(ctx)
    t, runs, statuses = median_time(lambda: classify(ds), ctx.runs)
    # rendering the explanations too, as the diagram's hover does, shows what lazy text costs
    t_text, _ = timed(
        lambda: sum(len(render(s.explanation, "ru")) for cells in statuses.values() for s in cells.values())
    )
    return [
        Row(
            "classify",
            f"classification BY + RU + UNION, {_size(ctx)}",
            value=t,
            result=fmt_s(t),
            target="≤ 0.2 s",
            verdict=verdict(t <= 0.2) if not ctx.quick else "INFO",
            note=f"rendering every explanation afterwards: {fmt_s(t_text)}",
            raw={"runs": runs, "explanations": t_text, "cells": 3 * len(statuses)},
        )
    ]


def measure_warnings(ctx: Context) -> list[Row]:
    from svetofor import duplication
    from svetofor.classify import classify

    ds = dataset(ctx)
    statuses = classify(ds)
    t_graph, graph_runs, _graph = median_time(lambda: duplication.build_graph(ds), ctx.runs)

    find_params = inspect.signature(duplication.find_warnings).parameters
    loc_params = inspect.signature(duplication.localisation).parameters

    def end_to_end():
        # the graph is built once per data version, so it is part of the first request's cost
        g = duplication.build_graph(ds)
        kw = {"graph": g} if "graph" in find_params else {}
        warnings = duplication.find_warnings(ds, statuses, **kw)
        kw = {"graph": g} if "graph" in loc_params else {}
        loc = duplication.localisation(ds, statuses, **kw)
        return warnings, loc

    t, runs, (warnings, loc) = median_time(end_to_end, ctx.runs)
    kinds: dict[str, int] = {}
    for w in warnings:
        kinds[w.kind] = kinds.get(w.kind, 0) + 1
    blocked = sum(1 for x in loc.values() if not x.localisable)
    return [
        Row(
            "warnings",
            f"duplication warnings + localisation incl. graph build, {_size(ctx)}",
            value=t,
            result=fmt_s(t),
            baseline=f"networkx graph build {fmt_s(t_graph)}",
            ratio=f"{t / t_graph:.1f}× graph build",
            target="≤ 1 s total",
            verdict=verdict(t <= 1.0) if not ctx.quick else "INFO",
            note=", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
            + f"; {len(loc)} machines with components, {blocked} not localisable",
            raw={
                "runs": runs,
                "graph": t_graph,
                "graph_runs": graph_runs,
                "warnings": kinds,
                "machines": len(loc),
            },
        )
    ]


def _normalise():
    """The same name normalisation the suggestions match on, so the baseline compares equal strings."""
    from svetofor import duplication

    fn = getattr(duplication, "_match_name", None)
    return fn or (lambda s: " ".join(s.casefold().replace("ё", "е").replace('"', " ").split()))


def measure_same_enterprise(ctx: Context) -> list[Row]:
    from rapidfuzz import fuzz

    from svetofor import duplication

    enterprises = list(dataset(ctx).enterprises.values())[: ctx.names]
    t, runs, suggestions = median_time(lambda: duplication.same_enterprise_suggestions(enterprises), ctx.runs)

    norm = _normalise()
    sample = [norm(e.name) for e in enterprises[: ctx.naive_sample]]

    def naive():
        hits = 0
        for i, a in enumerate(sample):
            for b in sample[i + 1 :]:
                if fuzz.ratio(a, b) >= 90:
                    hits += 1
        return hits

    t_naive, _ = timed(naive)
    scale = (len(enterprises) / len(sample)) ** 2  # pairs grow with n²
    t_naive_full = t_naive * scale
    speedup = t_naive_full / t
    return [
        Row(
            "same-enterprise",
            f"same-enterprise suggestions over {len(enterprises)} names",
            value=t,
            result=fmt_s(t),
            baseline=f"naive pairwise fuzz.ratio: {fmt_s(t_naive)} on {len(sample)}, scaled n² → {fmt_s(t_naive_full)}",
            ratio=f"{speedup:.0f}× faster",
            target="≤ 2 s; ≥ 20× faster than naive",
            verdict=verdict(t <= 2 and speedup >= 20) if not ctx.quick else "INFO",
            note=f"{len(suggestions)} suggestions",
            raw={
                "runs": runs,
                "naive_sample": t_naive,
                "naive_scaled": t_naive_full,
                "names": len(enterprises),
            },
        )
    ]


def run(ctx: Context) -> list[Row]:
    return (
        guarded("classify", "classification", lambda: measure_classify(ctx))
        + guarded("warnings", "duplication warnings + localisation", lambda: measure_warnings(ctx))
        + guarded("same-enterprise", "same-enterprise suggestions", lambda: measure_same_enterprise(ctx))
    )


def cleanup(ctx: Context) -> None:
    """Drop the 100k-record dataset; the progress area rebuilds it (same seed) when it needs it."""
    ctx.cache.pop("rule-dataset", None)
