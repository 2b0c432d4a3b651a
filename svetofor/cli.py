"""The ``svetofor`` command: serve, check, import, export, snapshot, report.

Thin on purpose: every decision lives in the reader, the service and the exports; this module
parses arguments, calls them and prints. Exit codes: 0 success (for ``check``: the file would
import), 1 the input has errors or the work failed, 2 usage (bad option, missing file). Bad
input never ends in a traceback; set ``SVETOFOR_DEBUG=1`` to see one for an unexpected failure.

Words come from the message catalogue (``svetofor/messages/cli.py``), in the language of the
command's ``--lang`` where it has one, else of ``SVETOFOR_LANG``, else Russian.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from svetofor.commands import imports
from svetofor.commands import positions as positions_cmd
from svetofor.messages import Message, Param, error_text, msg, norm_lang, render, text
from svetofor.model import COLOURS, SCOPES, Problem, ReadResult

USAGE_ERROR = 2
INPUT_ERROR = 1
LANG_ENV = "SVETOFOR_LANG"


def default_lang() -> str:
    """The command line's language when a command has no ``--lang``: ``SVETOFOR_LANG``, else Russian."""
    return norm_lang(os.environ.get(LANG_ENV))


def _lang(args: argparse.Namespace) -> str:
    return norm_lang(getattr(args, "lang", None) or default_lang())


def _say(args: argparse.Namespace, id: str, /, **params: Param) -> str:
    return text(id, _lang(args), **params)


class UsageError(Exception):
    """A bad command line: printed with the usage hint, exit code 2. The text is a message or,
    for argparse's own complaints, argparse's words."""

    def __init__(self, message: Message | str) -> None:
        super().__init__(message)
        self.message = message

    def text(self, lang: str) -> str:
        return render(self.message, lang)


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so ``main`` returns the code (tests call it)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def _country(value: str) -> str:
    code = value.strip().upper()
    if code not in ("BY", "RU"):
        raise argparse.ArgumentTypeError(text("cli.bad.country", default_lang(), value=value))
    return code


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(text("cli.bad.port", default_lang(), value=value)) from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(text("cli.bad.port_range", default_lang(), port=str(port)))
    return port


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The parser with its help in ``lang`` (default: :func:`default_lang`)."""
    lang = norm_lang(lang or default_lang())

    def h(id: str, /, **params: Param) -> str:
        # argparse expands %(default)s and the like in help: a literal % must be doubled
        return text(id, lang, **params).replace("%", "%%")

    parser = _Parser(prog="svetofor", description=h("cli.description"))
    sub = parser.add_subparsers(dest="command", metavar=h("cli.metavar.command"), parser_class=_Parser)
    sub.required = True

    serve = sub.add_parser("serve", help=h("cli.help.serve"))
    serve.add_argument("--data-dir", default="instance", help=h("cli.help.data_dir"))
    serve.add_argument("--port", type=_port, default=8050)
    serve.add_argument("--host", default="127.0.0.1")

    check = sub.add_parser("check", help=h("cli.help.check"))
    check.add_argument("file", metavar="FILE")
    check.add_argument("--country", type=_country, help=h("cli.help.country"))
    check.add_argument("--json", action="store_true", help=h("cli.help.json"))
    check.add_argument("--lang", choices=("ru", "en"))  # the file's problems in this language

    imp = sub.add_parser("import", help=h("cli.help.import"))
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--country", type=_country, help=h("cli.help.country"))
    imp.add_argument("--data-dir", default="instance")
    imp.add_argument("--lang", choices=("ru", "en"))
    imp.add_argument("--user", default=os.environ.get("USER") or "local", help=h("cli.help.user.import"))
    imp.add_argument(
        "--mode", choices=("replace", "update"), default="replace", help=h("importing.help.mode")
    )
    imports.register(sub, h)

    exp = sub.add_parser("export", help=h("cli.help.export"))
    exp.add_argument("--data-dir", default="instance")
    exp.add_argument("--format", required=True, choices=("png", "svg", "pdf", "xlsx", "template"))
    exp.add_argument(
        "--country", type=_country, help=h("cli.help.template_country", option="--format template")
    )
    exp.add_argument("-o", "--output", required=True, metavar="OUT", help=h("cli.help.output"))
    exp.add_argument("--group", action="append", default=[], help=h("cli.help.group"))
    exp.add_argument("--kind", action="append", default=[], help=h("cli.help.kind"))
    exp.add_argument("--colour", action="append", default=[], choices=COLOURS)
    exp.add_argument("--colour-scope", default="ANY", choices=(*SCOPES, "ANY"))
    for scope in SCOPES:  # per country at once: --colour-by red --colour-ru green
        exp.add_argument(
            f"--colour-{scope.lower()}",
            action="append",
            default=[],
            choices=COLOURS,
            help=h("cli.help.colour_in", scope=msg(f"scope.{scope}")),
        )
    exp.add_argument("--search", default="", help=h("cli.help.search"))
    exp.add_argument("--only-overridden", action="store_true")
    exp.add_argument("--only-warnings", action="store_true")
    exp.add_argument("--only-stale", action="store_true")
    exp.add_argument("--lang", default="ru", choices=("ru", "en"))
    exp.add_argument("--page", default="A4", choices=("A4", "A3"), help=h("cli.help.page"))
    exp.add_argument("--title", default=None)

    # progress between commission sessions
    snap = sub.add_parser("snapshot", help=h("cli.help.snapshot"))
    snap.add_argument("name", metavar="NAME", help=h("cli.help.snapshot.name"))
    snap.add_argument("--data-dir", default="instance")
    snap.add_argument("--user", default=os.environ.get("USER") or "local", help=h("cli.help.user.snapshot"))

    rep = sub.add_parser("report", help=h("cli.help.report"))
    rep.add_argument("--data-dir", default="instance")
    rep.add_argument(
        "--since",
        metavar="SNAPSHOT",
        help=h("cli.help.since"),
    )
    rep.add_argument("--lang", default="ru", choices=("ru", "en"))
    rep.add_argument("--format", default=None, choices=("pdf", "html"), help=h("cli.help.format"))
    rep.add_argument("--title", default=None)
    rep.add_argument("-o", "--output", required=True, metavar="OUT", help=h("cli.help.output"))

    # sign-in and roles
    users = sub.add_parser("users", help=h("cli.help.users"))
    users_sub = users.add_subparsers(
        dest="users_command", metavar=h("cli.metavar.action"), parser_class=_Parser
    )
    users_sub.required = True
    u_add = users_sub.add_parser("add", help=h("cli.help.users.add"))
    u_add.add_argument("name", metavar="NAME")
    u_add.add_argument("--role", required=True, choices=("viewer", "editor-BY", "editor-RU", "admin"))
    u_pw = users_sub.add_parser("passwd", help=h("cli.help.users.passwd"))
    u_pw.add_argument("name", metavar="NAME")
    u_pw.add_argument("--role", choices=("viewer", "editor-BY", "editor-RU", "admin"))
    u_rm = users_sub.add_parser("remove", help=h("cli.help.users.remove"))
    u_rm.add_argument("name", metavar="NAME")
    users_sub.add_parser("list", help=h("cli.help.users.list"))
    for p in users_sub.choices.values():
        p.add_argument("--data-dir", default="instance")
    positions_cmd.register(sub, h)
    for p in (u_add, u_pw):
        p.add_argument("--password-stdin", action="store_true", help=h("cli.help.password_stdin"))
    return parser


# ------------------------------------------------------------------------------- commands


def _existing_file(path: str) -> Path:
    p = Path(path)
    if not p.exists():
        raise UsageError(msg("cli.no_file", path=path))
    if not p.is_file():
        raise UsageError(msg("cli.not_a_file", path=path))
    return p


def _print_problems(title: Message, problems: Sequence[Problem], lang: str, out: TextIO) -> None:
    if not problems:
        return
    print(render(title, lang), file=out)
    for p in problems:
        print(f"  - {p.located(lang)}", file=out)


def _write_json(data: object, out: TextIO) -> None:
    """Indented UTF-8 JSON; orjson writes the 50k-row check (about 5 MB) ten times faster than
    the standard library, straight to the byte stream when there is one."""
    import orjson

    payload = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        out.flush()
        buffer.write(payload)
        buffer.flush()
    else:
        out.write(payload.decode("utf-8"))


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from svetofor.checking import check_result  # not the service: a check never opens the store

    path = _existing_file(args.file)
    report = check_result(_read(path, args.country))
    if args.json:
        _write_json(report.to_json(_lang(args)), out)
        return 0 if report.ok else INPUT_ERROR
    data = report.to_json()
    lang = _lang(args)
    counts = {k: str(data[k]) for k in ("items", "enterprises", "records")}
    print(text("cli.counts", lang, file=path.name, **counts), file=out)
    _print_problems(msg("cli.errors", n=len(report.result.errors)), report.result.errors, lang, out)
    _print_problems(msg("cli.remarks", n=len(report.result.remarks)), report.result.remarks, lang, out)
    if report.ok:
        _print_totals(data["status"], lang, out)
        if report.warnings:
            print(text("cli.warnings", lang, n=len(data["duplicates"])), file=out)
            for w in data["duplicates"]:
                where = (
                    text("cli.warning.item", lang, item=w["item"]) if w["item"] else ", ".join(w["countries"])
                )
                who = "; ".join(w["enterprises"])
                severity = text(f"import.severity.{w['severity']}", lang)
                kind = text(f"import.wkind.{w['kind']}", lang)
                print(f"  - [{severity}] {kind}: {where}: {who}", file=out)
        print(text("cli.check.ok", lang), file=out)
        return 0
    print(text("cli.check.failed", lang), file=out)
    return INPUT_ERROR


def _print_totals(status: dict[str, dict[str, int]], lang: str, out: TextIO) -> None:
    print(text("cli.totals", lang), file=out)
    names = {c: text(f"colour.{c}.short", lang) for c in COLOURS}
    width = max(len(w) for w in names.values())
    print("  " + " " * width + "".join(f"{s:>8}" for s in SCOPES), file=out)
    for colour in COLOURS:
        counts = "".join(f"{status[s][colour]:>8}" for s in SCOPES)
        print(f"  {names[colour]:<{width}}{counts}", file=out)


def _read(path: Path, country: str | None) -> ReadResult:
    from svetofor.reading import read_file

    return read_file(path, country=country)


def cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from svetofor.auth import ADMIN, User
    from svetofor.service import ImportRefused, Svetofor

    path = _existing_file(args.file)
    svc = Svetofor.open(args.data_dir)
    try:
        try:
            # The operator with the database at hand is trusted as an admin.
            record = svc.import_file(path, country=args.country, user=User(args.user, ADMIN), mode=args.mode)
        except ImportRefused as refused:
            _print_problems(msg("cli.errors", n=len(refused.errors)), refused.errors, _lang(args), err)
            print(_say(args, "cli.import.refused"), file=err)
            return INPUT_ERROR
    finally:
        svc.close()
    countries = ", ".join(record.countries) or "—"
    counts = {
        "items": str(record.items),
        "enterprises": str(record.enterprises),
        "records": str(record.records),
    }
    print(_say(args, "cli.import.done", file=path.name, countries=countries, **counts), file=out)
    if record.duplicate_of is not None:
        print(_say(args, "cli.import.duplicate", id=str(record.duplicate_of)), file=out)
    return 0


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from svetofor.diagram import DiagramFilter, filter_rows
    from svetofor.service import SAMPLE_LIST, Svetofor

    # Same data as the page: the embedded default is seeded from the sample on first start.
    svc = Svetofor.open(args.data_dir, seed=SAMPLE_LIST if SAMPLE_LIST.exists() else None)
    try:
        view = svc.view()
    finally:
        svc.close()
    groups = {row.item.group or "" for row in view.rows}
    kinds = {row.item.kind or "" for row in view.rows}
    for name, asked, known in (("group", args.group, groups), ("kind", args.kind, kinds)):
        unknown = tuple(v for v in asked if v not in known)
        if unknown:
            listed = tuple(sorted(k for k in known if k)) or ("—",)
            raise UsageError(msg(f"cli.unknown_value.{name}", unknown=unknown, known=listed))
    flt = DiagramFilter(
        groups=tuple(args.group),
        kinds=tuple(args.kind),
        colours=tuple(args.colour),
        colour_scope=args.colour_scope,
        text=args.search,
        only_overridden=args.only_overridden,
        only_warnings=args.only_warnings,
        only_stale=args.only_stale,
        scope_colours=tuple((scope, tuple(getattr(args, f"colour_{scope.lower()}"))) for scope in SCOPES),
    )
    if args.format == "template":  # the ministry template (svetofor/template_xlsx.py)
        from svetofor.template_xlsx import template_bytes

        if args.country is None:
            raise UsageError(msg("template.country_required", option="--country BY|RU"))
        rows = filter_rows(view.rows, flt)
        data = template_bytes(rows, view.dataset, country=args.country, lang=args.lang)
    elif args.format == "xlsx":
        from svetofor.export_image import describe_filter
        from svetofor.export_xlsx import workbook_bytes

        data = workbook_bytes(
            filter_rows(view.rows, flt),
            view.warnings,
            view.reviews,
            lang=args.lang,
            dataset=view.dataset,
            title=args.title,
            filter_text=describe_filter(flt, args.lang),
        )
    else:
        from svetofor.export_image import ImageExportError, export_diagram

        try:
            data = export_diagram(
                view.rows, flt, args.format, lang=args.lang, page=args.page, title=args.title
            )
        except ImageExportError as exc:
            print(_say(args, "cli.export.image_failed", error=exc.text(_lang(args))), file=err)
            return INPUT_ERROR
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        try:
            Path(args.output).write_bytes(data)
        except OSError as exc:
            print(_say(args, "cli.write_failed", path=args.output, error=exc.strerror or str(exc)), file=err)
            return INPUT_ERROR
        shown = len(filter_rows(view.rows, flt))
        print(_say(args, "cli.export.done", path=args.output, fmt=args.format, n=str(shown)), file=out)
    return 0


def cmd_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from svetofor.ui.server import ServeRefused, serve

    try:
        serve(args.data_dir, host=args.host, port=args.port)
    except ServeRefused as refused:
        print(refused.text(_lang(args)), file=err)
        return USAGE_ERROR
    return 0


def _password(args: argparse.Namespace, err: TextIO) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    if not sys.stdin.isatty():
        raise UsageError(msg("cli.password.tty"))
    first = getpass.getpass(_say(args, "cli.password.prompt"))
    if getpass.getpass(_say(args, "cli.password.again")) != first:
        raise UsageError(msg("cli.password.mismatch"))
    return first


def cmd_users(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from svetofor import auth
    from svetofor.store import Store

    # Whoever runs the command can open the database file anyway: they act as an admin, under
    # their system name marked as such in the audit log.
    actor = auth.User(f"cli:{os.environ.get('USER') or 'operator'}", auth.ADMIN)
    store = Store.open(args.data_dir)
    try:
        if args.users_command == "list":
            for info in store.accounts.all():
                print(f"{info.username}\t{info.role}\t{info.created_at:%Y-%m-%d}", file=out)
            return 0
        try:
            if args.users_command == "add":
                user = auth.add_user(store, args.name, _password(args, err), args.role, actor=actor)
                print(_say(args, "cli.users.added", name=user.name, role=user.role), file=out)
            elif args.users_command == "passwd":
                user = auth.set_password(store, args.name, _password(args, err), actor=actor, role=args.role)
                print(_say(args, "cli.users.password", name=user.name, role=user.role), file=out)
            else:
                auth.remove_user(store, args.name, actor=actor)
                print(_say(args, "cli.users.removed", name=args.name), file=out)
        except ValueError as exc:
            print(f"svetofor users: {exc}", file=err)
            return INPUT_ERROR
        return 0
    finally:
        store.close()


def cmd_snapshot(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from svetofor.auth import ADMIN, User
    from svetofor.service import SAMPLE_LIST, Svetofor

    if not args.name.strip():
        raise UsageError(msg("cli.snapshot.name_required"))
    svc = Svetofor.open(args.data_dir, seed=SAMPLE_LIST if SAMPLE_LIST.exists() else None)
    try:
        info = svc.freeze(args.name, user=User(args.user, ADMIN))  # the operator: trusted
    finally:
        svc.close()
    print(_say(args, "cli.snapshot.done", id=str(info.id), name=info.name, n=info.size), file=out)
    return 0


def cmd_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from svetofor import progress
    from svetofor.report import ReportError, session_report
    from svetofor.service import SAMPLE_LIST, Svetofor

    fmt = args.format or ("html" if args.output.lower().endswith((".html", ".htm")) else "pdf")
    svc = Svetofor.open(args.data_dir, seed=SAMPLE_LIST if SAMPLE_LIST.exists() else None)
    try:
        infos = svc.snapshot_infos()
        try:
            info = progress.find_snapshot(infos, args.since) if args.since else progress.default_since(infos)
        except progress.SnapshotNotFound as exc:
            raise UsageError(exc.message) from None
        since = svc.load_snapshot(info) if info is not None else None
        view = svc.view()
        now = progress.current_snapshot(view)
        series = svc.progress_points(now)
    finally:
        svc.close()
    try:
        data = session_report(
            view, since_state=since, series=series, lang=args.lang, title=args.title, fmt=fmt
        )
    except ReportError as exc:
        print(_say(args, "cli.report.failed", error=exc.text(_lang(args))), file=err)
        return INPUT_ERROR
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    try:
        Path(args.output).write_bytes(data)
    except OSError as exc:
        print(_say(args, "cli.write_failed", path=args.output, error=exc.strerror or str(exc)), file=err)
        return INPUT_ERROR
    against = msg("cli.report.since", name=since.name) if since is not None else msg("cli.report.since.none")
    print(_say(args, "cli.report.done", path=args.output, fmt=fmt, against=against), file=out)
    return 0


COMMANDS = {
    "serve": cmd_serve,
    "check": cmd_check,
    "import": cmd_import,
    "export": cmd_export,
    "snapshot": cmd_snapshot,
    "report": cmd_report,
    "users": cmd_users,
    "imports": imports.cmd_imports,
    "positions": positions_cmd.run,
}


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    lang = default_lang()
    try:
        args = parser.parse_args(argv)
        lang = _lang(args)
        return COMMANDS[args.command](args, out, err)
    except UsageError as exc:
        print(exc.text(lang), file=err)
        print(text("cli.help.hint", lang), file=err)
        return USAGE_ERROR
    except SystemExit as exc:  # --help, or argparse exiting on its own
        return int(exc.code) if isinstance(exc.code, int) else USAGE_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `svetofor check --json f | head`: the reader left, nothing to say
        return 0
    except Exception as exc:
        if os.environ.get("SVETOFOR_DEBUG"):
            traceback.print_exc(file=err)
        print(text("cli.failed", lang, kind=type(exc).__name__, error=error_text(exc, lang)), file=err)
        return INPUT_ERROR


if __name__ == "__main__":
    sys.exit(main())
