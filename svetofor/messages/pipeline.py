"""The import pipeline (``svetofor/services/importing.py``): what a planner reads when an
import could not be committed as planned."""

from __future__ import annotations

from svetofor.messages.core import Entry

TEXT: dict[str, Entry] = {
    "pipeline.conflict": (
        "Данные изменились во время загрузки, и повторный расчёт тоже опоздал: "
        "загрузка не выполнена, повторите её.",
        "The data changed during the import, and so did it again while it was recomputed: "
        "nothing was imported, please try again.",
    ),
}
