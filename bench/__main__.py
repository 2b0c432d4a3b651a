"""``python -m bench [--quick] [--only NAME[,NAME]] [--json OUT] [--markdown OUT]``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each (CI smoke, < 1 min)")
    parser.add_argument(
        "--only",
        metavar="NAME",
        help="areas or rows to run, comma-separated: "
        + ", ".join(bench.AREAS)
        + ", or a row name (check-50k)",
    )
    parser.add_argument("--json", metavar="OUT", type=Path, help="write the raw numbers as JSON")
    parser.add_argument("--markdown", metavar="OUT", type=Path, help="also write the table to a file")
    parser.add_argument("--workdir", type=Path, help="scratch directory (default: a new temporary one)")
    args = parser.parse_args(argv)

    out = bench.run(quick=args.quick, only=args.only, workdir=args.workdir)
    table = bench.markdown(out)
    print(table)
    if args.markdown:
        args.markdown.write_text(table + "\n", encoding="utf-8")
    if args.json:
        data = dict(out, rows=[r.to_json() for r in out["rows"]])
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 1 if any(r.verdict == "ERROR" for r in out["rows"]) else 0


if __name__ == "__main__":
    sys.exit(main())
