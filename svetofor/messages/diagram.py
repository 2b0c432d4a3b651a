"""The diagram as a picture and over time: the figure's header and subtitle, the filter in
words, what changed between two states, snapshots and the progress chart."""

from __future__ import annotations

from svetofor.messages.core import Entry

TEXT: dict[str, Entry] = {
    "diagram.title": ("Диаграмма «Светофор»", "The Svetofor diagram"),
    "diagram.position": ("Позиция", "Position"),
    "diagram.empty": ("Нет позиций под выбранные фильтры", "No positions match the filters"),
    # the printed figure (svetofor/figure.py): subtitle, page number and the marks' legend lines
    "figure.page": ("стр. {page}/{pages}", "page {page}/{pages}"),
    "figure.marks": (
        "{override} изменено вручную   {stale} данные изменились после ручной отметки   "
        "{warning} есть предупреждение о дублировании",
        "{override} set by a planner   {stale} data changed after the override   "
        "{warning} has a duplication warning",
    ),
    "figure.marks.not_localisable": (
        "{mark} не локализуется в Союзе (красный компонент)",
        "{mark} not localisable in the Union (a component is red)",
    ),
    # the filter of an exported picture, in its subtitle
    "figure.filter.group": ("группа: {values}", "group: {values}"),
    "figure.filter.kind": ("вид: {values}", "kind: {values}"),
    "figure.filter.colour": ("цвет ({scope}): {values}", "colour ({scope}): {values}"),
    "figure.filter.text": ("поиск: «{text}»", "search: “{text}”"),
    "filter.only_overridden": ("только изменённые вручную", "only overridden"),
    "filter.only_warnings": ("только с предупреждениями", "only with warnings"),
    "filter.only_stale": ("только расхождения с данными", "only overrides outdated by newer data"),
    # what changed between two diagram states (import preview, snapshot comparison)
    "diff.cells_changed": ("{scope}: {cells} {before} → {after}", "{scope}: {cells} {before} → {after}"),
    # snapshots: the automatic one after every import, a label with its date, "now"
    "snapshot.import": ("Импорт «{file}»", "Import “{file}”"),
    "snapshot.label": ("{name} ({date})", "{name} ({date})"),
    "snapshot.listed": ("{id}: {name}", "{id}: {name}"),
    "progress.now": ("Сейчас", "Now"),
    "progress.chart.title": ("Ход работ: число позиций по цветам", "Progress: positions by colour"),
    "progress.chart.empty": ("нет снимков", "no snapshots"),
    "progress.chart.positions": ("позиций", "positions"),
    # errors a planner may meet
    "snapshot.damaged": (
        "Снимок «{name}» повреждён или не является снимком: {error}",
        "Snapshot “{name}” is damaged or not a snapshot: {error}",
    ),
    "snapshot.damaged.unnamed": (
        "Снимок повреждён или не является снимком: {error}",
        "The snapshot is damaged or not a snapshot: {error}",
    ),
    "snapshot.format": (
        "Снимок записан в неизвестном формате {found} (ожидается {expected})",
        "The snapshot has an unknown format {found} (expected {expected})",
    ),
    "image.format": (
        "Неизвестный формат изображения «{fmt}»; возможны: {allowed}",
        "Unknown image format “{fmt}”; expected one of {allowed}",
    ),
    "image.page": (
        "Неизвестный формат страницы «{page}»; возможны: {allowed}",
        "Unknown page size “{page}”; expected one of {allowed}",
    ),
    "image.too_tall": (
        "Изображение было бы высотой {height} пикселей, больше, чем вмещает PNG ({limit}): сузьте "
        "фильтр или выгрузите PDF, он делится на страницы",
        "The picture would be {height} px tall, more than a PNG can hold here ({limit} px): narrow "
        "the filter or export PDF, which is split into pages",
    ),
    "image.failed": (
        "Не удалось построить изображение ({error}); установлен ли Chromium (apt-get install "
        "chromium) или задан ли BROWSER_PATH?",
        "Image export failed ({error}); is Chromium installed (apt-get install chromium) or "
        "BROWSER_PATH set?",
    ),
}
