"""Image export of the diagram (kaleido + Chromium): the first export and the next ones.

Measured in a child process, because the first export starts the kept browser once per process:
running it in the bench's own process would make "first" depend on what ran before.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import textwrap
from pathlib import Path

from bench.core import Context, Row, fmt_bytes, fmt_s, guarded, verdict

_SCRIPT = textwrap.dedent(
    """
    import json, sys, time
    from bench import synth
    from svetofor import duplication
    from svetofor.classify import classify
    from svetofor.diagram import build_rows
    from svetofor.export_image import export_image

    n, runs = int(sys.argv[1]), int(sys.argv[2])
    ds = synth.generate(n, max(20, n // 4), n * 4, seed=7).to_dataset()
    st = classify(ds)
    rows = build_rows(ds, st, {}, duplication.find_warnings(ds, st), duplication.localisation(ds, st))
    title = "Светофор: производство станкоинструментальной продукции"
    out = {"first": None, "next": [], "svg": [], "pdf": [], "bytes": {}}
    t0 = time.perf_counter()
    png = export_image(rows, "png", title=title)
    out["first"] = time.perf_counter() - t0
    out["bytes"]["png"] = len(png)
    for _ in range(runs):
        t0 = time.perf_counter()
        png = export_image(rows, "png", title=title)
        out["next"].append(time.perf_counter() - t0)
    for fmt in ("svg", "pdf"):
        t0 = time.perf_counter()
        data = export_image(rows, fmt, title=title)
        out[fmt].append(time.perf_counter() - t0)
        out["bytes"][fmt] = len(data)
    print(json.dumps(out))
    """
)


def expected_rows(ctx: Context) -> list[str]:
    return ["image-export"]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def measure_image_export(ctx: Context) -> list[Row]:
    n = ctx.export_size
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(n), str(max(3, ctx.runs))],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=600,
    )
    if proc.returncode != 0:
        last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"
        raise RuntimeError(f"export child failed: {last}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    first, nxt = out["first"], statistics.median(out["next"])
    return [
        Row(
            "image-export",
            f"image export PNG, {n} positions: first / next",
            value=nxt,
            result=f"first {fmt_s(first)} / next {fmt_s(nxt)} ({fmt_bytes(out['bytes']['png'])})",
            baseline="the first export starts Chromium",
            ratio=f"next is {first / nxt:.1f}× faster",
            target="next ≤ 1 s",
            verdict=verdict(nxt <= 1.0),
            note=f"SVG {fmt_s(out['svg'][0])} ({fmt_bytes(out['bytes']['svg'])}), "
            f"PDF {fmt_s(out['pdf'][0])} ({fmt_bytes(out['bytes']['pdf'])})",
            raw=out,
        )
    ]


def run(ctx: Context) -> list[Row]:
    return guarded("image-export", "image export PNG", lambda: measure_image_export(ctx))
