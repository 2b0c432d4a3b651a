"""The ``svetofor`` command: serve, check, import, export, snapshot, report.

Thin on purpose: every decision lives in the reader, the service and the exports; this module
parses arguments, calls them and prints. Exit codes: 0 success (for ``check``: the file would
import), 1 the input has errors or the work failed, 2 usage (bad option, missing file). Bad
input never ends in a traceback; set ``SVETOFOR_DEBUG=1`` to see one for an unexpected failure.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from svetofor.model import COLOURS, SCOPES, Problem

USAGE_ERROR = 2
INPUT_ERROR = 1

_COLOUR_RU = {"green": "зелёный", "yellow": "жёлтый", "red": "красный", "none": "нет данных"}
_SEVERITY_RU = {"high": "высокая", "medium": "средняя", "info": "к сведению"}
_KIND_RU = {
    "parallel-new": "параллельное создание",
    "partner-covers": "партнёр уже производит",
    "same-enterprise?": "одно предприятие?",
}


class UsageError(Exception):
    """A bad command line: printed with the usage hint, exit code 2."""


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so ``main`` returns the code (tests call it)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def _country(value: str) -> str:
    code = value.strip().upper()
    if code not in ("BY", "RU"):
        raise argparse.ArgumentTypeError(f"страна должна быть BY или RU, а не {value!r}")
    return code


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"порт должен быть числом, а не {value!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"порт {port} вне диапазона 0–65535")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="svetofor",
        description="Диаграмма «Светофор»: проверка, загрузка и выгрузка перечней, веб-приложение.",
    )
    sub = parser.add_subparsers(dest="command", metavar="КОМАНДА", parser_class=_Parser)
    sub.required = True

    serve = sub.add_parser("serve", help="запустить веб-приложение")
    serve.add_argument("--data-dir", default="instance", help="каталог данных (по умолчанию instance)")
    serve.add_argument("--port", type=_port, default=8050)
    serve.add_argument("--host", default="127.0.0.1")

    check = sub.add_parser("check", help="проверить файл, ничего не сохраняя")
    check.add_argument("file", metavar="FILE")
    check.add_argument("--country", type=_country, help="страна перечня, если её нет в файле: BY или RU")
    check.add_argument("--json", action="store_true", help="вывести результат одним JSON-объектом")

    imp = sub.add_parser("import", help="загрузить перечень (всё или ничего)")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--country", type=_country, help="страна перечня, если её нет в файле: BY или RU")
    imp.add_argument("--data-dir", default="instance")
    imp.add_argument("--user", default=os.environ.get("USER") or "local", help="кто загружает")

    exp = sub.add_parser("export", help="выгрузить диаграмму: png, svg, pdf или xlsx")
    exp.add_argument("--data-dir", default="instance")
    exp.add_argument("--format", required=True, choices=("png", "svg", "pdf", "xlsx"))
    exp.add_argument("-o", "--output", required=True, metavar="OUT", help="файл (или - для stdout)")
    exp.add_argument("--group", action="append", default=[], help="группа (можно несколько раз)")
    exp.add_argument("--kind", action="append", default=[], help="вид: machine, component, tool")
    exp.add_argument("--colour", action="append", default=[], choices=COLOURS)
    exp.add_argument("--colour-scope", default="ANY", choices=(*SCOPES, "ANY"))
    for scope in SCOPES:  # per country at once: --colour-by red --colour-ru green
        exp.add_argument(
            f"--colour-{scope.lower()}", action="append", default=[], choices=COLOURS, help=f"цвет в {scope}"
        )
    exp.add_argument("--search", default="", help="поиск по наименованию, коду, предприятию")
    exp.add_argument("--only-overridden", action="store_true")
    exp.add_argument("--only-warnings", action="store_true")
    exp.add_argument("--only-stale", action="store_true")
    exp.add_argument("--lang", default="ru", choices=("ru", "en"))
    exp.add_argument("--page", default="A4", choices=("A4", "A3"), help="формат страниц PDF")
    exp.add_argument("--title", default=None)

    # progress between commission sessions (issue 8)
    snap = sub.add_parser("snapshot", help="зафиксировать текущую диаграмму под именем")
    snap.add_argument("name", metavar="NAME", help="например: «Заседание 06.03.2025»")
    snap.add_argument("--data-dir", default="instance")
    snap.add_argument("--user", default=os.environ.get("USER") or "local", help="кто фиксирует")

    rep = sub.add_parser("report", help="отчёт к заседанию комиссии (PDF или HTML)")
    rep.add_argument("--data-dir", default="instance")
    rep.add_argument(
        "--since",
        metavar="SNAPSHOT",
        help="снимок для сравнения: номер или имя (по умолчанию последний ручной)",
    )
    rep.add_argument("--lang", default="ru", choices=("ru", "en"))
    rep.add_argument("--format", default=None, choices=("pdf", "html"), help="по умолчанию по расширению OUT")
    rep.add_argument("--title", default=None)
    rep.add_argument("-o", "--output", required=True, metavar="OUT", help="файл (или - для stdout)")

    # sign-in and roles (issue 6)
    users = sub.add_parser("users", help="пользователи веб-приложения: add, remove, passwd, list")
    users_sub = users.add_subparsers(dest="users_command", metavar="ДЕЙСТВИЕ", parser_class=_Parser)
    users_sub.required = True
    u_add = users_sub.add_parser("add", help="добавить пользователя")
    u_add.add_argument("name", metavar="NAME")
    u_add.add_argument("--role", required=True, choices=("viewer", "editor-BY", "editor-RU", "admin"))
    u_pw = users_sub.add_parser("passwd", help="сменить пароль (и роль)")
    u_pw.add_argument("name", metavar="NAME")
    u_pw.add_argument("--role", choices=("viewer", "editor-BY", "editor-RU", "admin"))
    u_rm = users_sub.add_parser("remove", help="удалить пользователя")
    u_rm.add_argument("name", metavar="NAME")
    users_sub.add_parser("list", help="список пользователей и ролей")
    for p in users_sub.choices.values():
        p.add_argument("--data-dir", default="instance")
    for p in (u_add, u_pw):
        p.add_argument(
            "--password-stdin", action="store_true", help="прочитать пароль из первой строки stdin"
        )
    return parser


# ------------------------------------------------------------------------------- commands


def _existing_file(path: str) -> Path:
    p = Path(path)
    if not p.exists():
        raise UsageError(f"файл не найден: {path}")
    if not p.is_file():
        raise UsageError(f"это не файл: {path}")
    return p


def _print_problems(title: str, problems: Sequence[Problem], out: TextIO) -> None:
    if not problems:
        return
    print(f"{title} ({len(problems)}):", file=out)
    for p in problems:
        print(f"  - {p.located()}", file=out)


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from svetofor.service import Svetofor

    path = _existing_file(args.file)
    report = Svetofor.check_result(_read(path, args.country))
    if args.json:
        json.dump(report.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0 if report.ok else INPUT_ERROR
    data = report.to_json()
    print(
        f"{path.name}: позиций {data['items']}, предприятий {data['enterprises']}, записей {data['records']}",
        file=out,
    )
    _print_problems("Ошибки", report.result.errors, out)
    _print_problems("Замечания", report.result.remarks, out)
    if report.ok:
        print("Итого по цветам:", file=out)
        width = max(len(w) for w in _COLOUR_RU.values())
        print("  " + " " * width + "".join(f"{s:>8}" for s in SCOPES), file=out)
        for colour in COLOURS:
            counts = "".join(f"{data['status'][s][colour]:>8}" for s in SCOPES)
            print(f"  {_COLOUR_RU[colour]:<{width}}{counts}", file=out)
        if report.warnings:
            print(f"Предупреждения о дублировании ({len(data['duplicates'])}):", file=out)
            for w in data["duplicates"]:
                where = f"позиция {w['item']}" if w["item"] else ", ".join(w["countries"])
                who = "; ".join(w["enterprises"])
                print(f"  - [{_SEVERITY_RU[w['severity']]}] {_KIND_RU[w['kind']]}: {where}: {who}", file=out)
        print("Файл можно загрузить.", file=out)
        return 0
    print("Файл содержит ошибки: загрузка невозможна.", file=out)
    return INPUT_ERROR


def _read(path: Path, country: str | None):
    from svetofor.reader import read_file

    return read_file(path, country=country)


def cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from svetofor.auth import ADMIN, User
    from svetofor.service import ImportRefused, Svetofor

    path = _existing_file(args.file)
    svc = Svetofor.open(args.data_dir)
    try:
        try:
            # The operator with the database at hand is trusted as an admin (issue 6).
            record = svc.import_file(path, country=args.country, user=User(args.user, ADMIN))
        except ImportRefused as refused:
            _print_problems("Ошибки", refused.errors, err)
            print("Ничего не загружено: исправьте ошибки и повторите.", file=err)
            return INPUT_ERROR
    finally:
        svc.close()
    countries = ", ".join(record.countries) or "—"
    print(
        f"Загружено: {path.name} ({countries}): позиций {record.items}, предприятий {record.enterprises}, "
        f"записей {record.records}.",
        file=out,
    )
    if record.duplicate_of is not None:
        print(f"Этот файл уже загружался (загрузка № {record.duplicate_of}).", file=out)
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
    for name, asked, known in (("группа", args.group, groups), ("вид", args.kind, kinds)):
        unknown = [v for v in asked if v not in known]
        if unknown:
            listed = ", ".join(sorted(k for k in known if k)) or "—"
            raise UsageError(f"нет такого значения ({name}): {', '.join(unknown)}; есть: {listed}")
    flt = DiagramFilter(
        groups=tuple(args.group),
        kinds=tuple(args.kind),
        colours=tuple(args.colour),
        colour_scope=args.colour_scope,
        text=args.search,
        only_overridden=args.only_overridden,
        only_warnings=args.only_warnings,
        only_stale=args.only_stale,
        scope_colours={scope: getattr(args, f"colour_{scope.lower()}") for scope in SCOPES},
    )
    if args.format == "xlsx":
        from svetofor.export_xlsx import workbook_bytes

        data = workbook_bytes(
            filter_rows(view.rows, flt),
            view.warnings,
            view.reviews,
            lang=args.lang,
            dataset=view.dataset,
            title=args.title,
        )
    else:
        from svetofor.export_image import ImageExportError, export_diagram

        try:
            data = export_diagram(
                view.rows, flt, args.format, lang=args.lang, page=args.page, title=args.title
            )
        except ImageExportError as exc:
            print(f"Не удалось выгрузить изображение: {exc}", file=err)
            return INPUT_ERROR
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        try:
            Path(args.output).write_bytes(data)
        except OSError as exc:
            print(f"Не удалось записать {args.output}: {exc.strerror or exc}", file=err)
            return INPUT_ERROR
        shown = len(filter_rows(view.rows, flt))
        print(f"Выгружено: {args.output} ({args.format}, позиций {shown}).", file=out)
    return 0


def cmd_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from svetofor.ui.server import ServeRefused, serve

    try:
        serve(args.data_dir, host=args.host, port=args.port)
    except ServeRefused as refused:
        print(str(refused), file=err)
        return USAGE_ERROR
    return 0


def _password(args: argparse.Namespace, err: TextIO) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    if not sys.stdin.isatty():
        raise UsageError("пароль: запустите в терминале или передайте --password-stdin")
    first = getpass.getpass("Пароль: ")
    if getpass.getpass("Пароль ещё раз: ") != first:
        raise UsageError("пароли не совпадают")
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
                print(f"Пользователь {user.name} добавлен ({user.role}).", file=out)
            elif args.users_command == "passwd":
                user = auth.set_password(store, args.name, _password(args, err), actor=actor, role=args.role)
                print(f"Пароль пользователя {user.name} изменён ({user.role}).", file=out)
            else:
                auth.remove_user(store, args.name, actor=actor)
                print(f"Пользователь {args.name} удалён.", file=out)
        except ValueError as exc:
            print(f"svetofor users: {exc}", file=err)
            return INPUT_ERROR
        return 0
    finally:
        store.close()


def cmd_snapshot(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from svetofor.auth import ADMIN, User
    from svetofor.progress import freeze
    from svetofor.service import SAMPLE_LIST, Svetofor

    if not args.name.strip():
        raise UsageError("у снимка должно быть имя")
    svc = Svetofor.open(args.data_dir, seed=SAMPLE_LIST if SAMPLE_LIST.exists() else None)
    try:
        info = freeze(svc, args.name, user=User(args.user, ADMIN))  # the operator: trusted
    finally:
        svc.close()
    print(f"Снимок № {info.id} «{info.name}» сохранён ({info.size} байт).", file=out)
    return 0


def cmd_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from svetofor import progress
    from svetofor.report import ReportError, session_report
    from svetofor.service import SAMPLE_LIST, Svetofor

    fmt = args.format or ("html" if args.output.lower().endswith((".html", ".htm")) else "pdf")
    svc = Svetofor.open(args.data_dir, seed=SAMPLE_LIST if SAMPLE_LIST.exists() else None)
    try:
        infos = svc.store.snapshots.all()
        try:
            info = progress.find_snapshot(infos, args.since) if args.since else progress.default_since(infos)
        except KeyError as exc:
            raise UsageError(str(exc.args[0])) from None
        since = progress.load_snapshot(svc.store, info) if info is not None else None
        view = svc.view()
        now = progress.current_snapshot(view, "Сейчас" if args.lang == "ru" else "Now")
        series = progress.stored_series(svc.store, now)
    finally:
        svc.close()
    try:
        data = session_report(
            view, since_state=since, series=series, lang=args.lang, title=args.title, fmt=fmt
        )
    except ReportError as exc:
        print(f"Не удалось сформировать отчёт: {exc}", file=err)
        return INPUT_ERROR
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    try:
        Path(args.output).write_bytes(data)
    except OSError as exc:
        print(f"Не удалось записать {args.output}: {exc.strerror or exc}", file=err)
        return INPUT_ERROR
    against = f"сравнение со снимком «{since.name}»" if since is not None else "без сравнения"
    print(f"Отчёт: {args.output} ({fmt}, {against}).", file=out)
    return 0


COMMANDS = {
    "serve": cmd_serve,
    "check": cmd_check,
    "import": cmd_import,
    "export": cmd_export,
    "snapshot": cmd_snapshot,
    "report": cmd_report,
    "users": cmd_users,
}


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return COMMANDS[args.command](args, out, err)
    except UsageError as exc:
        print(str(exc), file=err)
        print("Справка: svetofor --help, svetofor КОМАНДА --help", file=err)
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
        print(f"svetofor: ошибка: {type(exc).__name__}: {exc}", file=err)
        return INPUT_ERROR


if __name__ == "__main__":
    sys.exit(main())
