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
}
