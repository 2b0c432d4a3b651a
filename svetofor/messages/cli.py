"""The ``svetofor`` command line (``svetofor/cli.py``, ``svetofor/ui/server.py``): help texts,
results and refusals. The command speaks the language of ``--lang`` where a command has one,
else of ``SVETOFOR_LANG``, else Russian."""

from __future__ import annotations

from svetofor.messages.core import Entry

TEXT: dict[str, Entry] = {
    # help
    "cli.description": (
        "Диаграмма «Светофор»: проверка, загрузка и выгрузка перечней, веб-приложение.",
        "The Svetofor diagram: check, import and export ministry lists; the web app.",
    ),
    "cli.metavar.command": ("КОМАНДА", "COMMAND"),
    "cli.metavar.action": ("ДЕЙСТВИЕ", "ACTION"),
    "cli.help.serve": ("запустить веб-приложение", "run the web app"),
    "cli.help.data_dir": ("каталог данных (по умолчанию instance)", "data directory (default: instance)"),
    "cli.help.check": ("проверить файл, ничего не сохраняя", "check a file without storing anything"),
    "cli.help.country": (
        "страна перечня, если её нет в файле: BY или RU",
        "the list's country when the file does not say: BY or RU",
    ),
    "cli.help.json": ("вывести результат одним JSON-объектом", "print the result as one JSON object"),
    "cli.help.import": ("загрузить перечень (всё или ничего)", "import a list (all or nothing)"),
    "cli.help.user.import": ("кто загружает", "who imports"),
    "cli.help.export": (
        "выгрузить диаграмму: png, svg, pdf или xlsx",
        "export the diagram: png, svg, pdf or xlsx",
    ),
    "cli.help.output": ("файл (или - для stdout)", "file (or - for stdout)"),
    "cli.help.group": ("группа (можно несколько раз)", "group (may be repeated)"),
    "cli.help.kind": ("вид: machine, component, tool", "kind: machine, component, tool"),
    "cli.help.colour_in": ("цвет в {scope}", "colour in {scope}"),
    "cli.help.search": ("поиск по наименованию, коду, предприятию", "search by name, code, enterprise"),
    "cli.help.page": ("формат страниц PDF", "PDF page size"),
    "cli.help.snapshot": (
        "зафиксировать текущую диаграмму под именем",
        "freeze the current diagram under a name",
    ),
    "cli.help.snapshot.name": ("например: «Заседание 06.03.2025»", "for example: “Session 06.03.2025”"),
    "cli.help.user.snapshot": ("кто фиксирует", "who freezes"),
    "cli.help.report": (
        "отчёт к заседанию комиссии (PDF или HTML)",
        "the commission-session report (PDF or HTML)",
    ),
    "cli.help.since": (
        "снимок для сравнения: номер или имя (по умолчанию последний ручной)",
        "the snapshot to compare with: number or name (default: the latest frozen by a planner)",
    ),
    "cli.help.format": ("по умолчанию по расширению OUT", "default: from the extension of OUT"),
    "cli.help.users": (
        "пользователи веб-приложения: add, remove, passwd, list",
        "users of the web app: add, remove, passwd, list",
    ),
    "cli.help.users.add": ("добавить пользователя", "add a user"),
    "cli.help.users.passwd": ("сменить пароль (и роль)", "change the password (and the role)"),
    "cli.help.users.remove": ("удалить пользователя", "remove a user"),
    "cli.help.users.list": ("список пользователей и ролей", "list users and roles"),
    "cli.help.password_stdin": (
        "прочитать пароль из первой строки stdin",
        "read the password from the first line of stdin",
    ),
    "cli.help.hint": (
        "Справка: svetofor --help, svetofor КОМАНДА --help",
        "Help: svetofor --help, svetofor COMMAND --help",
    ),
    # bad arguments
    "cli.bad.country": (
        "страна должна быть BY или RU, а не «{value}»",
        "the country must be BY or RU, not “{value}”",
    ),
    "cli.bad.port": ("порт должен быть числом, а не «{value}»", "the port must be a number, not “{value}”"),
    "cli.bad.port_range": ("порт {port} вне диапазона 0–65535", "port {port} is outside 0–65535"),
    "cli.no_file": ("файл не найден: {path}", "no such file: {path}"),
    "cli.not_a_file": ("это не файл: {path}", "not a file: {path}"),
    "cli.unknown_value.group": (
        "нет такого значения (группа): {unknown}; есть: {known}",
        "no such value (group): {unknown}; there are: {known}",
    ),
    "cli.unknown_value.kind": (
        "нет такого значения (вид): {unknown}; есть: {known}",
        "no such value (kind): {unknown}; there are: {known}",
    ),
    "cli.snapshot.name_required": ("у снимка должно быть имя", "a snapshot needs a name"),
    "cli.snapshot.not_found": (
        "снимок «{ref}» не найден; есть: {known:; }",
        "no snapshot “{ref}”; there are: {known:; }",
    ),
    "cli.snapshot.none": ("снимков нет", "no snapshots"),
    "cli.password.tty": (
        "пароль: запустите в терминале или передайте --password-stdin",
        "password: run in a terminal or pass --password-stdin",
    ),
    "cli.password.prompt": ("Пароль: ", "Password: "),
    "cli.password.again": ("Пароль ещё раз: ", "Password again: "),
    "cli.password.mismatch": ("пароли не совпадают", "the passwords differ"),
    # check and import
    "cli.counts": (
        "{file}: позиций {items}, предприятий {enterprises}, записей {records}",
        "{file}: {items} positions, {enterprises} enterprises, {records} records",
    ),
    "cli.errors": ("Ошибки ({n}):", "Errors ({n}):"),
    "cli.remarks": ("Замечания ({n}):", "Remarks ({n}):"),
    "cli.totals": ("Итого по цветам:", "Totals by colour:"),
    "cli.warnings": ("Предупреждения о дублировании ({n}):", "Duplication warnings ({n}):"),
    "cli.warning.item": ("позиция {item}", "position {item}"),
    "cli.check.ok": ("Файл можно загрузить.", "The file can be imported."),
    "cli.check.failed": (
        "Файл содержит ошибки: загрузка невозможна.",
        "The file has errors: it cannot be imported.",
    ),
    "cli.import.refused": (
        "Ничего не загружено: исправьте ошибки и повторите.",
        "Nothing was imported: fix the errors and try again.",
    ),
    "cli.import.done": (
        "Загружено: {file} ({countries}): позиций {items}, предприятий {enterprises}, записей {records}.",
        "Imported: {file} ({countries}): {items} positions, {enterprises} enterprises, {records} records.",
    ),
    "cli.import.duplicate": (
        "Этот файл уже загружался (загрузка № {id}).",
        "This file was imported before (import no. {id}).",
    ),
    # export, snapshot, report, users
    "cli.export.image_failed": (
        "Не удалось выгрузить изображение: {error}",
        "Could not export the image: {error}",
    ),
    "cli.write_failed": ("Не удалось записать {path}: {error}", "Could not write {path}: {error}"),
    "cli.export.done": (
        "Выгружено: {path} ({fmt}, позиций {n}).",
        "Exported: {path} ({fmt}, {n} positions).",
    ),
    "cli.snapshot.done": (
        {
            "one": "Снимок № {id} «{name}» сохранён ({n} байт).",
            "few": "Снимок № {id} «{name}» сохранён ({n} байта).",
            "many": "Снимок № {id} «{name}» сохранён ({n} байт).",
            "other": "Снимок № {id} «{name}» сохранён ({n} байта).",
        },
        {
            "one": "Snapshot no. {id} “{name}” saved ({n} byte).",
            "other": "Snapshot no. {id} “{name}” saved ({n} bytes).",
        },
    ),
    "cli.report.failed": ("Не удалось сформировать отчёт: {error}", "Could not make the report: {error}"),
    "cli.report.done": ("Отчёт: {path} ({fmt}, {against}).", "Report: {path} ({fmt}, {against})."),
    "cli.report.since": ("сравнение со снимком «{name}»", "compared with snapshot “{name}”"),
    "cli.report.since.none": ("без сравнения", "no comparison"),
    "cli.users.added": ("Пользователь {name} добавлен ({role}).", "User {name} added ({role})."),
    "cli.users.password": (
        "Пароль пользователя {name} изменён ({role}).",
        "Password of {name} changed ({role}).",
    ),
    "cli.users.removed": ("Пользователь {name} удалён.", "User {name} removed."),
    "cli.failed": ("svetofor: ошибка: {kind}: {error}", "svetofor: error: {kind}: {error}"),
    "cli.serve.refused": (
        "svetofor serve: отказ слушать {host}: пользователи не заданы, а без входа приложение "
        "доступно только с этого компьютера (127.0.0.1). Добавьте пользователей: "
        "svetofor users add ИМЯ --role admin --data-dir КАТАЛОГ.",
        "svetofor serve: refusing to listen on {host}: no users are configured, and without "
        "sign-in the app is reachable from this computer only (127.0.0.1). Add users: "
        "svetofor users add NAME --role admin --data-dir DIR.",
    ),
    "cli.serve.running": ("Svetofor: {url} (Ctrl+C — остановить)", "Svetofor: {url} (Ctrl+C to stop)"),
}
