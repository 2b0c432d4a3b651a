"""``svetofor imports``: the import history, and ``imports revert ID`` / ``imports reapply ID``
(docs/domain.md §8). Heavy modules are imported inside the handlers: the start-up time of the
command line is measured."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from svetofor.messages import Param, error_text, text

if TYPE_CHECKING:
    from svetofor.store import ImportEntry

INPUT_ERROR = 1


def register(sub: Any, h: Callable[..., str]) -> None:
    """Add ``imports`` (with its ``revert`` and ``reapply`` actions) to the command's parsers."""
    imports = sub.add_parser("imports", help=h("importing.help.imports"))
    imports.add_argument("--data-dir", default="instance", help=h("cli.help.data_dir"))
    imports.add_argument("--json", action="store_true", help=h("cli.help.json"))
    actions = imports.add_subparsers(dest="imports_command", metavar=h("cli.metavar.action"))
    for name, help_id in (("revert", "importing.help.revert"), ("reapply", "importing.help.reapply")):
        action = actions.add_parser(name, help=h(help_id))
        action.add_argument("id", metavar="ID", type=int)
        action.add_argument("--data-dir", default=argparse.SUPPRESS, help=h("cli.help.data_dir"))
        action.add_argument("--user", default=None, help=h("cli.help.user.import"))


def entry_json(entry: ImportEntry) -> dict[str, Any]:
    """One import as ``svetofor imports --json`` lists it."""
    record = entry.record
    return {
        "id": record.id,
        "time": record.at.isoformat(),
        "file": record.file_name,
        "countries": list(record.countries),
        "user": record.user,
        "mode": entry.mode,
        "reverted": entry.reverted,
    }


def _line(entry: ImportEntry, lang: str) -> str:
    from svetofor.messages.core import format_datetime
    from svetofor.services.imports import MODE_WORDS

    record = entry.record
    params: dict[str, Param] = {
        "id": record.id,
        "at": format_datetime(record.at, lang),
        "user": record.user,
        "file": record.file_name,
        "countries": ", ".join(record.countries) or "—",
        "mode": text(MODE_WORDS[entry.mode], lang),
    }
    line = text("importing.cli.line", lang, **params)
    return line + (text("importing.cli.reverted", lang) if entry.reverted else "")


def cmd_imports(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import os

    from svetofor.auth import ADMIN, User
    from svetofor.messages import MessageError, norm_lang
    from svetofor.service import Svetofor

    lang = norm_lang(os.environ.get("SVETOFOR_LANG"))
    svc = Svetofor.open(args.data_dir)
    try:
        action = getattr(args, "imports_command", None)
        if action is None:
            entries = svc.import_entries()
            if args.json:
                print(json.dumps([entry_json(e) for e in entries], ensure_ascii=False, indent=2), file=out)
            elif not entries:
                print(text("importing.cli.empty", lang), file=out)
            for entry in [] if args.json else entries:
                print(_line(entry, lang), file=out)
            return 0
        # The operator with the database at hand is trusted as an admin, as for `svetofor import`.
        user = User(args.user or os.environ.get("USER") or "local", ADMIN)
        try:
            if action == "revert":
                done = svc.revert_import(args.id, user=user)
            else:
                done = svc.reapply_import(args.id, user=user)
        except MessageError as refused:
            print(error_text(refused, lang), file=err)
            return INPUT_ERROR
        done_id = "importing.cli.revert.done" if action == "revert" else "importing.cli.reapply.done"
        print(text(done_id, lang, id=done.record.id, file=done.record.file_name), file=out)
        return 0
    finally:
        svc.close()
