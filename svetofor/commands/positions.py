"""``svetofor positions suggest|merge|unmerge|dismiss`` (docs/domain.md §8, §6).

The operator with the database at hand is trusted as an admin, like ``svetofor import``: a
merge from here takes effect at once (no proposal), and is audited under ``--user``.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from typing import Any, TextIO

from svetofor.messages import render, text


def register(sub: Any, h: Callable[..., str]) -> None:
    """Add ``positions`` and its subcommands to the parser's ``sub`` (``h``: a help text by id)."""
    positions = sub.add_parser("positions", help=h("positions.cli.help"))
    actions = positions.add_subparsers(dest="positions_command", metavar="ACTION")
    actions.required = True
    suggest = actions.add_parser("suggest", help=h("positions.cli.help.suggest"))
    suggest.add_argument("--json", action="store_true", help=h("cli.help.json"))
    merge = actions.add_parser("merge", help=h("positions.cli.help.merge"))
    merge.add_argument("keep", metavar="KEEP_KEY")
    merge.add_argument("other", metavar="OTHER_KEY")
    merge.add_argument("--name", help=h("positions.cli.help.name"))
    merge.add_argument("--code", help=h("positions.cli.help.code"))
    unmerge = actions.add_parser("unmerge", help=h("positions.cli.help.unmerge"))
    unmerge.add_argument("key", metavar="KEY")
    dismiss = actions.add_parser("dismiss", help=h("positions.cli.help.dismiss"))
    dismiss.add_argument("key_a", metavar="KEY_A")
    dismiss.add_argument("key_b", metavar="KEY_B")
    for p in actions.choices.values():
        p.add_argument("--data-dir", default="instance")
    for p in (merge, unmerge, dismiss):
        p.add_argument("--user", default=os.environ.get("USER") or "local", help=h("positions.cli.help.user"))


def suggestions_json(svc: Any) -> dict[str, Any]:
    """Exactly ``{"suggestions": [{"a": {"key", "name"}, "b": {...}, "score", "reason"}]}``; the
    name as stored (after merges), the reason in Russian, the catalogue's default."""
    items = svc.view().dataset.items
    return {
        "suggestions": [
            {
                "a": {"key": s.a_key, "name": items[s.a_key].name},
                "b": {"key": s.b_key, "name": items[s.b_key].name},
                "score": float(s.score),
                "reason": render(s.reason, "ru"),
            }
            for s in svc.position_suggestions()
        ]
    }


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from svetofor.auth import ADMIN, User
    from svetofor.cli import _lang
    from svetofor.service import Svetofor

    lang = _lang(args)
    svc = Svetofor.open(args.data_dir)
    try:
        command = args.positions_command
        if command == "suggest":
            found = suggestions_json(svc)
            if args.json:
                print(json.dumps(found, ensure_ascii=False, indent=2), file=out)
            else:
                for s in found["suggestions"]:
                    line = f"{s['score']:.2f}  {s['a']['key']} «{s['a']['name']}» = {s['b']['key']} «{s['b']['name']}»"
                    print(f"{line}\n      {s['reason']}", file=out)
                print(text("positions.cli.suggested", lang, n=len(found["suggestions"])), file=out)
            return 0
        operator = User(args.user, ADMIN)  # trusted, like `svetofor import`
        if command == "merge":
            svc.merge_positions(args.keep, args.other, user=operator, name=args.name, code=args.code)
            print(text("positions.cli.merged", lang, other=args.other, keep=args.keep), file=out)
        elif command == "unmerge":
            svc.unmerge_position(args.key, user=operator)
            print(text("positions.cli.unmerged", lang, key=args.key), file=out)
        else:
            svc.dismiss_positions((args.key_a, args.key_b), user=operator)
            print(text("positions.cli.dismissed", lang, a=args.key_a, b=args.key_b), file=out)
        return 0
    finally:
        svc.close()
