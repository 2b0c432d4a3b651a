"""Progress between sessions: snapshot comparison at 20k positions, session report at 300."""

from __future__ import annotations

from bench.core import Context, Row, guarded


def expected_rows(ctx: Context) -> list[str]:
    return ["snapshot-compare", "report"]


def measure_compare(ctx: Context) -> list[Row]:
    from svetofor import diff  # noqa: F401

    raise NotImplementedError("pending")


def run(ctx: Context) -> list[Row]:
    return guarded("snapshot-compare", "snapshot comparison", lambda: measure_compare(ctx))
