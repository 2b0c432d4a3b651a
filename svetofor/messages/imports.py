"""The import history, reverts and re-applies, import modes, the named preview and the
"data updated" banner (``svetofor/services/imports.py``, ``svetofor/commands/imports.py``,
the import page)."""

from __future__ import annotations

from svetofor.messages.core import Entry

TEXT: dict[str, Entry] = {
    # refusals of a revert or re-apply
    "importing.refused.superseded": (
        "Импорт «{file}» нельзя отменить: после него загружен «{later}» (№ {id}, {user}, {at}) "
        "той же страны. Сначала отмените более поздний импорт.",
        "The import of “{file}” cannot be reverted: “{later}” (no. {id}, {user}, {at}) of the same "
        "country was imported after it. Revert the later import first.",
    ),
    "importing.refused.superseded_reapply": (
        "Импорт «{file}» нельзя применить снова: после его отмены загружен «{later}» "
        "(№ {id}, {user}, {at}) той же страны.",
        "The import of “{file}” cannot be re-applied: “{later}” (no. {id}, {user}, {at}) of the same "
        "country was imported after it was reverted.",
    ),
    "importing.refused.not_kept": (
        "Импорт «{file}» сделан до того, как импорты стали отменяемыми: его нельзя отменить.",
        "The import of “{file}” was made before imports could be reverted: it cannot be reverted.",
    ),
    "importing.refused.already_reverted": (
        "Импорт «{file}» уже отменён.",
        "The import of “{file}” is already reverted.",
    ),
    "importing.refused.not_reverted": (
        "Импорт «{file}» не отменён: применять его снова не нужно.",
        "The import of “{file}” is not reverted: there is nothing to re-apply.",
    ),
    "importing.refused.no_import": ("Нет импорта № {id}.", "There is no import no. {id}."),
    # audit log
    "audit.action.revert": ("отмена импорта", "import reverted"),
    "audit.action.reapply": ("повторное применение импорта", "import re-applied"),
    # modes
    "importing.mode": ("Как загрузить", "How to import"),
    "importing.mode.replace.long": (
        "заменить весь перечень страны",
        "replace the country's whole list",
    ),
    "importing.mode.update.long": (
        "обновить только позиции из файла",
        "update only the file's positions",
    ),
    "importing.denied.other_country": (
        "В файле есть строки страны {countries}, а ваша роль ({role}) позволяет загружать только "
        "перечень своей страны. Ничего не загружено: уберите эти строки из файла или попросите "
        "загрузить его того, кому это разрешено.",
        "The file has rows of {countries}, and your role ({role}) may import only your own "
        "country's list. Nothing was imported: remove those rows from the file or ask someone "
        "allowed to import it.",
    ),
    "importing.mode.replace": ("замена", "replace"),
    "importing.mode.update": ("обновление", "update"),
    "importing.mode.effect.replace": (
        "Замена: файл станет всем перечнем {country}. Позиций в файле: {in_file}, в перечне сейчас: "
        "{held}; уйдут из перечня: {dropped}.",
        "Replace: the file becomes the whole list of {country}. Positions in the file: {in_file}, "
        "in the list now: {held}; leaving the list: {dropped}.",
    ),
    "importing.mode.effect.update": (
        "Обновление: меняются только позиции из файла. В перечне {country} заменяются данные "
        "позиций: {renewed}, новых позиций: {added}; остальные ({untouched}) остаются как есть.",
        "Update: only the file's positions change. In the list of {country} the data of {renewed} "
        "position(s) is replaced, {added} new; the other {untouched} stay as they are.",
    ),
    # the named preview (page and workbook)
    "importing.preview.sheet": ("Что изменит импорт", "What the import changes"),
    "importing.preview.title": ("Что изменит импорт файла «{file}»", "What importing “{file}” changes"),
    "importing.preview.changes": ("Ячейки, которые сменят цвет", "Cells that change colour"),
    "importing.preview.added": ("Новые позиции", "New positions"),
    "importing.preview.removed": ("Позиции, которые исчезнут", "Positions that disappear"),
    "importing.preview.warnings_opened": ("Предупреждения, которые появятся", "Warnings that appear"),
    "importing.preview.warnings_closed": ("Предупреждения, которые исчезнут", "Warnings that disappear"),
    "importing.preview.stale": (
        "Ручные отметки, с которыми разойдутся данные",
        "Overrides the data would now disagree with",
    ),
    "importing.preview.position": ("Позиция", "Position"),
    "importing.preview.country": ("Страна", "Country"),
    "importing.preview.from": ("Было", "Was"),
    "importing.preview.to": ("Станет", "Becomes"),
    "importing.preview.override": ("Ручная отметка", "Override"),
    "importing.preview.kind": ("Вид", "Kind"),
    "importing.preview.severity": ("Важность", "Severity"),
    "importing.preview.download": (
        "Скачать список изменений таблицей",
        "Download the list of changes (xlsx)",
    ),
    # the history on the import page
    "importing.history.mode": ("Режим", "Mode"),
    "importing.history.state": ("Отмена", "Revert"),
    "importing.history.reverted": ("отменён: {user}, {at}", "reverted: {user}, {at}"),
    "importing.history.revert": ("Отменить", "Revert"),
    "importing.history.reapply": ("Применить снова", "Re-apply"),
    "importing.history.confirm": ("Подтвердить", "Confirm"),
    "importing.confirm.revert.title": (
        "Отменить импорт № {id} «{file}»?",
        "Revert import no. {id} “{file}”?",
    ),
    "importing.confirm.reapply.title": (
        "Применить снова импорт № {id} «{file}»?",
        "Re-apply import no. {id} “{file}”?",
    ),
    "importing.confirm.revert": (
        "Импорт «{file}» ({user}, {at}) будет отменён: данные его стран вернутся к тому, что было до него.",
        "The import of “{file}” ({user}, {at}) will be reverted: its countries' data returns to what "
        "it was before it.",
    ),
    "importing.confirm.reapply": (
        "Импорт «{file}» ({user}, {at}) будет применён снова: данные его стран вернутся к тому, что "
        "было до его отмены.",
        "The import of “{file}” ({user}, {at}) will be applied again: its countries' data returns to "
        "what it was before the revert.",
    ),
    "importing.confirm.records": (
        {
            "one": "{country}: будет восстановлена {n} запись",
            "few": "{country}: будут восстановлены {n} записи",
            "many": "{country}: будут восстановлены {n} записей",
            "other": "{country}: будут восстановлены {n} записи",
        },
        {"one": "{country}: {n} record restored", "other": "{country}: {n} records restored"},
    ),
    "importing.confirm.kept": (
        "Ручные отметки, проверки предупреждений и объединения предприятий сохранятся; отметки, с "
        "которыми разойдутся данные, будут помечены.",
        "Overrides, warning reviews and enterprise merges stay; overrides the data then disagrees "
        "with are flagged.",
    ),
    "importing.done.revert": (
        "Импорт № {id} «{file}» отменён.",
        "Import no. {id} “{file}” reverted.",
    ),
    "importing.done.reapply": (
        "Импорт № {id} «{file}» применён снова.",
        "Import no. {id} “{file}” applied again.",
    ),
    # other tabs learn of changes
    "importing.fresh.banner": (
        "Данные обновлены: {what} ({user}, {at}).",
        "Data updated: {what} ({user}, {at}).",
    ),
    "importing.fresh.reload": ("Обновить", "Refresh"),
    "importing.fresh.import": ("импорт {countries}", "import of {countries}"),
    "importing.fresh.revert": ("отмена импорта {countries}", "import of {countries} reverted"),
    "importing.fresh.reapply": (
        "повторное применение импорта {countries}",
        "import of {countries} re-applied",
    ),
    # command line
    "importing.help.imports": (
        "история импортов; отменить импорт или применить отменённый снова",
        "the import history; revert an import or apply a reverted one again",
    ),
    "importing.help.revert": (
        "вернуть данные стран импорта к состоянию до него",
        "return the import's countries to their data before it",
    ),
    "importing.help.reapply": ("применить отменённый импорт снова", "apply a reverted import again"),
    "importing.help.mode": (
        "замена: файл становится всем перечнем страны (по умолчанию); обновление: меняются только "
        "позиции, названные в файле",
        "replace: the file becomes the country's whole list (default); update: only the positions "
        "the file names change",
    ),
    "importing.cli.line": (
        "№ {id}  {at}  {user}  {file}  {countries}  {mode}",
        "no. {id}  {at}  {user}  {file}  {countries}  {mode}",
    ),
    "importing.cli.reverted": ("  (отменён)", "  (reverted)"),
    "importing.cli.empty": ("Импортов ещё не было.", "No imports yet."),
    "importing.cli.revert.done": (
        "Импорт № {id} ({file}) отменён: данные его стран возвращены к состоянию до него.",
        "Import no. {id} ({file}) reverted: its countries' data is back to what it was before it.",
    ),
    "importing.cli.reapply.done": (
        "Импорт № {id} ({file}) применён снова.",
        "Import no. {id} ({file}) applied again.",
    ),
}
