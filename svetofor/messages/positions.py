"""Texts of position merges: the review page, the command line and the refusals
(docs/domain.md §8)."""

from __future__ import annotations

from svetofor.messages.core import Entry

TEXT: dict[str, Entry] = {
    # command line
    "positions.cli.help": ("позиции: «та же позиция?», объединение", "positions: same position?, merges"),
    "positions.cli.help.suggest": ("предложения «та же позиция?»", "“same position?” suggestions"),
    "positions.cli.help.merge": (
        "объединить вторую позицию с первой (остаётся первая)",
        "merge OTHER_KEY into KEEP_KEY (KEEP_KEY stays)",
    ),
    "positions.cli.help.name": ("название объединённой позиции", "the merged position's name"),
    "positions.cli.help.code": ("код объединённой позиции", "the merged position's code"),
    "positions.cli.help.unmerge": ("отменить объединение позиции", "undo the merge of position KEY"),
    "positions.cli.help.dismiss": (
        "больше не предлагать две позиции как одну",
        "never suggest KEY_A and KEY_B as one position again",
    ),
    "positions.cli.help.user": (
        "от чьего имени записать в журнал (оператор — доверенный администратор)",
        "whose name the audit log records (the operator is a trusted admin)",
    ),
    "positions.cli.suggested": (
        {
            "one": "{n} предложение «та же позиция?»",
            "few": "{n} предложения «та же позиция?»",
            "many": "{n} предложений «та же позиция?»",
            "other": "{n} предложения «та же позиция?»",
        },
        {"one": "{n} “same position?” suggestion", "other": "{n} “same position?” suggestions"},
    ),
    "positions.cli.merged": ("Позиция {other} объединена с {keep}.", "Position {other} merged into {keep}."),
    "positions.cli.unmerged": ("Объединение позиции {key} отменено.", "The merge of position {key} undone."),
    "positions.cli.dismissed": (
        "{a} и {b} больше не предлагаются как одна позиция.",
        "{a} and {b} are no longer suggested as one position.",
    ),
    # the review page
    "positions.nav": ("Позиции", "Positions"),
    "positions.title": ("Та же позиция?", "Same position?"),
    "positions.hint": (
        "Одна продукция в перечнях двух министерств под разными названиями. Объединение "
        "запоминается и применяется ко всем следующим загрузкам обоих перечней; его можно отменить.",
        "One product in the two ministries' lists under different names. A merge is remembered "
        "and applied to every later import of either list; it can be undone.",
    ),
    "positions.suggestions": ("Предложения", "Suggestions"),
    "positions.none": ("Предложений нет.", "No suggestions."),
    "positions.more": (
        "И ещё {n}: они появятся здесь, когда решение по этим будет принято.",
        "And {n} more: they appear here once these are settled.",
    ),
    "positions.score": ("оценка", "score"),
    "positions.key": ("идентификатор", "identity"),
    "positions.code": ("код", "code"),
    "positions.hs": ("код ТН ВЭД", "HS code"),
    "positions.lists": ("в перечнях", "in the lists of"),
    "positions.records": ("Записи", "Records"),
    "positions.no_records": ("записей нет", "no records"),
    "positions.change.title": ("После объединения", "After the merge"),
    "positions.change.raised": ("Возникнут предупреждения:", "Warnings raised:"),
    "positions.change.settled": ("Снимутся предупреждения:", "Warnings settled:"),
    "positions.change.no_warnings": ("нет", "none"),
    "positions.name": ("название", "name"),
    "positions.name.hint": ("как у выбранной позиции", "as the chosen position's"),
    "positions.merge": ("Объединить", "Merge"),
    "positions.propose": ("Предложить объединение", "Propose the merge"),
    "positions.dismiss": ("Это разные позиции", "These are different positions"),
    "positions.why.propose": (
        "Позиция из перечня другой страны: объединение вступит в силу, когда его подтвердит "
        "редактор другой страны или администратор.",
        "A position of the other country's list: the merge takes effect once the other "
        "country's editor or an admin confirms it.",
    ),
    "positions.why.role": (
        "Объединять позиции могут редакторы и администратор; ваша роль — {role}.",
        "Editors and admins merge positions; your role is {role}.",
    ),
    "positions.why.other_country": (
        "Обе позиции — из перечня другой страны: решает её редактор или администратор.",
        "Both positions are in the other country's list: its editor or an admin decides.",
    ),
    "positions.proposals": ("Ждут подтверждения", "Awaiting confirmation"),
    "positions.proposals.none": ("Ничего не ждёт подтверждения.", "Nothing awaits confirmation."),
    "positions.proposal": (
        "«{merged}» → «{surviving}» (предложил {author}, {at})",
        "“{merged}” → “{surviving}” (proposed by {author}, {at})",
    ),
    "positions.confirm": ("Подтвердить", "Confirm"),
    "positions.reject": ("Отклонить", "Reject"),
    "positions.withdraw": ("Отозвать", "Withdraw"),
    "positions.why.own_proposal": (
        "Ваше предложение ждёт подтверждения другой страны или администратора.",
        "Your proposal awaits the other country or an admin.",
    ),
    "positions.why.confirm": (
        "Подтвердить может редактор другой страны или администратор.",
        "The other country's editor or an admin confirms.",
    ),
    "positions.merges": ("Объединённые позиции", "Merged positions"),
    "positions.merges.none": ("Объединений нет.", "No merges."),
    "positions.merged_into": ("объединена с", "merged into"),
    "positions.confirmed": ("{author}, подтвердил {by}", "{author}, confirmed by {by}"),
    "positions.undo": ("Отменить", "Undo"),
    "positions.why.unmerge": (
        "Отменить объединение может тот, кто мог его сделать сам: для позиций двух стран — администратор.",
        "Whoever could have merged directly undoes: an admin for two countries' positions.",
    ),
    "positions.merged.done": (
        "Объединено: «{merged}» теперь «{surviving}».",
        "Merged: “{merged}” is now “{surviving}”.",
    ),
    "positions.proposed": (
        "Предложено: «{merged}» → «{surviving}». Вступит в силу после подтверждения.",
        "Proposed: “{merged}” → “{surviving}”. It takes effect once confirmed.",
    ),
    "positions.confirmed.done": ("Объединение подтверждено.", "The merge is confirmed."),
    "positions.rejected": ("Предложение снято.", "The proposal is withdrawn."),
    "positions.dismissed": ("Больше не будет предлагаться.", "It will not be suggested again."),
    "positions.undone": ("Объединение отменено.", "The merge is undone."),
    "positions.denied": ("Это не разрешено вашей роли ({role}).", "Your role ({role}) may not do this."),
    "positions.error": ("Не выполнено: {error}", "Not done: {error}"),
}
