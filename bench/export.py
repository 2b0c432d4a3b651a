"""Image export of the diagram (kaleido): first export (starts the browser) and the next ones."""

from __future__ import annotations

from bench.core import Context, Row, guarded


def expected_rows(ctx: Context) -> list[str]:
    return ["image-export"]


def measure_image_export(ctx: Context) -> list[Row]:
    from svetofor import export_image  # noqa: F401

    raise NotImplementedError("image export bench pending")


def run(ctx: Context) -> list[Row]:
    return guarded("image-export", "image export PNG", lambda: measure_image_export(ctx))
