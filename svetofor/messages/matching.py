"""Texts of the position matcher: why two wordings are one position, or why they are not."""

from __future__ import annotations

from svetofor.messages.core import Entry

TEXT: dict[str, Entry] = {
    # a reason is a chain of parts joined by "; "
    "matching.join": ("{head}; {tail}", "{head}; {tail}"),
    "matching.none": ("нет", "none"),
    # what agreed
    "matching.same_name": ("названия совпадают после нормализации", "the names agree after normalisation"),
    "matching.same_words": (
        "те же слова после нормализации",
        "the same words after normalisation",
    ),
    "matching.same_words_reordered": (
        "те же слова после нормализации, в другом порядке",
        "the same words after normalisation, in another order",
    ),
    "matching.abbreviations": ("сокращения: {pairs}", "abbreviations: {pairs}"),
    "matching.numerals": ("числительные: {pairs}", "numerals: {pairs}"),
    "matching.pair": ("{a} = {b}", "{a} = {b}"),
    "matching.figures_agree": ("размеры совпадают: {figures}", "the figures agree: {figures}"),
    "matching.codes_agree": ("обозначения совпадают: {codes}", "the designations agree: {codes}"),
    "matching.learned": (
        "по подтверждённым объединениям: {pairs}",
        "from confirmed merges: {pairs}",
    ),
    "matching.typo": ("вероятная опечатка: {a} / {b}", "a probable typo: {a} / {b}"),
    "matching.hs_same_code": ("тот же код ТН ВЭД {code}", "the same HS code {code}"),
    "matching.hs_same_heading": ("тот же раздел ТН ВЭД {code}", "the same HS heading {code}"),
    "matching.hs_missing": (
        "код ТН ВЭД указан не у обеих позиций",
        "the HS code is not given for both positions",
    ),
    "matching.hs_differs_same_name": (
        "коды ТН ВЭД различаются ({a} / {b}), но названия совпадают",
        "the HS codes differ ({a} / {b}), but the names agree",
    ),
    # why not
    "matching.veto.nothing": (
        "в названии нет слов для сравнения",
        "the name has no words to compare",
    ),
    "matching.veto.hs": (
        "разные товарные позиции ТН ВЭД: {a} / {b}",
        "different HS headings: {a} / {b}",
    ),
    "matching.veto.kind": ("разный вид продукции: {a} / {b}", "different kinds: {a} / {b}"),
    "matching.veto.figures": ("размеры различаются: {a} / {b}", "the figures differ: {a} / {b}"),
    "matching.veto.codes": (
        "обозначения различаются: {a} / {b}",
        "the designations differ: {a} / {b}",
    ),
    "matching.veto.words": ("различаются слова: {a} / {b}", "the words differ: {a} / {b}"),
    "matching.veto.extra_words": (
        "слова только в одном из названий: {words}",
        "words in one name only: {words}",
    ),
    # kinds as the veto names them
    "matching.kind.machine": ("станок", "machine"),
    "matching.kind.component": ("комплектующее", "component"),
    "matching.kind.tool": ("инструмент", "tool"),
    # incoming rows of an uploaded list
    "matching.exact.key": ("та же позиция", "the same position"),
    "matching.exact.code": ("тот же код позиции {code}", "the same position code {code}"),
    "matching.exact.name": ("то же название", "the same name"),
    "matching.new": ("похожей позиции нет", "no similar position"),
    "matching.conflict": (
        "тот же код позиции, но другое изделие: {veto}",
        "the same position code, but another product: {veto}",
    ),
}
