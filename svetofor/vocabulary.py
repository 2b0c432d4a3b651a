"""Words of the ministries' lists: header synonyms, value vocabularies and name normalisation.

Everything here is pure and cached: the reader calls these once per distinct cell text, so a
50k-row list costs a dict lookup per cell. Parsers return the value or raise a
``VocabularyError`` whose message (Russian, the users' language) the reader locates.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from svetofor.messages import MessageError, msg

FIELDS: tuple[str, ...] = (
    "item",
    "item_code",
    "kind",
    "group",
    "hs_code",
    "enterprise",
    "tax_id",
    "country",
    "existing",
    "capacity",
    "demand",
    "action",
    "launch_year",
    "used_in",
    "note",
)


class VocabularyError(MessageError, ValueError):
    """A cell value outside the vocabulary; ``error.message`` says so (``str(error)`` in Russian)."""


class UnknownWordError(VocabularyError):
    pass


class NumberError(VocabularyError):
    pass


class YearError(VocabularyError):
    pass


class TaxIdError(VocabularyError):
    pass


_SYNONYMS: dict[str, tuple[str, ...]] = {
    "item": (
        "Наименование продукции",
        "Наименование",
        "Продукция",
        "Наименование изделия",
        "Наименование позиции",
        "Item",
        "Product",
    ),
    "item_code": ("Код позиции", "Код", "№ позиции", "Item code", "ID"),
    "kind": ("Вид", "Тип продукции", "Вид продукции", "Kind"),
    "group": ("Группа", "Раздел", "Группа продукции", "Group", "Category"),
    "hs_code": ("Код ТН ВЭД", "Код ТН ВЭД ЕАЭС", "ТН ВЭД", "ТН ВЭД ЕАЭС", "HS code"),
    "enterprise": (
        "Предприятие",
        "Предприятие-изготовитель",
        "Изготовитель",
        "Производитель",
        "Наименование предприятия",
        "Наименование организации",
        "Наименование предприятия/организации",
        "Enterprise",
        "Manufacturer",
        # a two-row header "Предприятие" merged over "наименование" | "УНП" reads as
        # "Предприятие наименование" (docs/domain.md §7 "upper lower"), which is the enterprise's name,
        # not a second item column
        *(
            f"{upper} {lower}"
            for upper in (
                "Предприятие",
                "Предприятие-изготовитель",
                "Изготовитель",
                "Производитель",
                "Организация",
            )
            for lower in ("наименование", "название")
        ),
    ),
    "tax_id": ("ИНН", "УНП", "ИНН/УНП", "УНП/ИНН", "Tax ID"),
    "country": ("Страна", "Государство", "Country"),
    "existing": (
        "Наличие производства",
        "Производство освоено",
        "Серийное производство",
        "Existing production",
    ),
    "capacity": ("Мощность", "Производственная мощность", "Capacity"),
    "demand": ("Потребность", "Demand"),
    "action": ("Требуется", "Необходимо", "Мероприятие", "Action"),
    "launch_year": ("Срок ввода", "Год ввода", "Launch year"),
    "used_in": ("Применяется в", "Used in"),
    "note": ("Примечание", "Примечания", "Note"),
}

_WS = re.compile(r"\s+")
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)$")
_TRAILING_COMMA = re.compile(r"\s*,[^,]*$")
_HYPHEN_BREAK = re.compile(r"(?<=\w)- (?=\w)")
_QUOTE_CHARS = "\"'«»„“”‘’`‹›"
# A quote becomes a space, not nothing: «ОАО«Минский завод»» (no space typed before the quote)
# is the same enterprise as «ОАО «Минский завод»», not "оаоминский завод".
_QUOTES = str.maketrans(_QUOTE_CHARS, " " * len(_QUOTE_CHARS))
_QUOTE_RE = re.compile("[" + re.escape(_QUOTE_CHARS) + "]")


def _collapse(text: str) -> str:
    # str.split() splits on every Unicode space (NBSP, line breaks) and is faster than a regex
    return " ".join(text.split())


def _fold(text: str) -> str:
    return _collapse(str(text)).casefold().replace("ё", "е")


@lru_cache(maxsize=4096)
def normalise_header(text: str, drop_unit: bool = True) -> str:
    """Case-folded, ё→е, spaces and line breaks collapsed; with ``drop_unit`` one trailing
    "(…)" group or, failing that, one trailing ", …" segment is dropped (docs/domain.md §7)."""
    folded = _fold(text).rstrip(":*").strip()
    if "- " in folded:
        # "Предприятие-\nизготовитель": a header hyphenated at a line break is one word
        folded = _HYPHEN_BREAK.sub("-", folded)
    if drop_unit:
        dropped = _TRAILING_PAREN.sub("", folded)
        if dropped == folded:
            dropped = _TRAILING_COMMA.sub("", folded)
        folded = dropped.strip()
    return folded


_HEADER_INDEX: dict[str, str] = {
    normalise_header(word, False): field for field, words in _SYNONYMS.items() for word in words
}


@lru_cache(maxsize=4096)
def match_header(text: object) -> str | None:
    """The field a header cell names, or None. Exact match after normalisation: the text as
    is first (so a synonym that ends in brackets still matches), then without its unit."""
    if text is None or isinstance(text, bool | int | float):
        return None
    raw = str(text)
    if not raw.strip():
        return None
    return _HEADER_INDEX.get(normalise_header(raw, False)) or _HEADER_INDEX.get(normalise_header(raw))


EMPTY_WORDS = frozenset({"", "-", "—", "–", "н/д", "нет данных", "n/a"})
_EMPTY_WORDS = EMPTY_WORDS


def is_empty(value: object) -> bool:
    """Blank cells and the words that mean "no value" ("—", "-", "н/д", "нет данных")."""
    if value is None:
        return True
    if isinstance(value, str):
        return _empty_text(value)
    return False


@lru_cache(maxsize=65536)
def _empty_text(text: str) -> bool:
    return _fold(text) in _EMPTY_WORDS


@lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """Item identity from its name: case-folded, spaces collapsed, ё→е, quotes and trailing
    punctuation removed."""
    folded = str(text).casefold().replace("ё", "е")
    if _QUOTE_RE.search(folded):  # str.translate is slow on non-ASCII text: only when needed
        folded = folded.translate(_QUOTES)
    return " ".join(folded.split()).rstrip(" .,;:!?")


_LEGAL_FORMS = (
    r"(?:(?:открытое|закрытое|публичное|непубличное)\s+)?акционерное\s+общество",
    r"(?:(?:совместное|иностранное)\s+)?общество\s+с\s+(?:ограниченной|дополнительной)\s+ответственностью",
    r"(?:(?:республиканское|частное|федеральное|государственное|муниципальное|коммунальное|"
    r"производственное|торговое|дочернее|научно-производственное)\s+)*унитарное\s+предприятие",
    r"оао|зао|ооо|ао|пао|нао|одо|сооо|иооо|уп|руп|чуп|чтуп|фгуп|муп|гп|holding|холдинг",
)
_LEGAL_RE = re.compile(r"(?<![\w-])(?:" + "|".join(_LEGAL_FORMS) + r")(?![\w-])")


@lru_cache(maxsize=65536)
def enterprise_identity_name(text: str) -> str:
    """Enterprise identity from its name: normalised, legal forms (whole words, anywhere) and
    quotes removed. Falls back to the plain normalised name if nothing else is left."""
    plain = normalise_name(text)
    stripped = _collapse(_LEGAL_RE.sub(" ", plain)).strip(" .,;:-")
    return stripped or plain


def _word(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalise_header(str(value), False).rstrip(".!")


_YES = frozenset({"да", "yes", "y", "+", "1", "есть", "имеется", "true", "истина", "освоено"})
_NO = frozenset({"нет", "no", "n", "−", "0", "отсутствует", "false", "ложь", "не освоено"})


@lru_cache(maxsize=1024, typed=True)
def parse_yes_no(value: object) -> bool | None:
    """True/False for the yes/no words, None for an empty cell ("—", "-" are empty)."""
    if isinstance(value, bool):
        return value
    if is_empty(value):
        return None
    word = _word(value)
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise UnknownWordError(msg("reading.value.yes_no", value=_show(value)))


_COUNTRY_WORDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "беларусь",
            "республика беларусь",
            "рб",
            "belarus",
            "republic of belarus",
            "by",
            "blr",
            "белоруссия",
        ),
        "BY",
    ),
    **dict.fromkeys(
        ("россия", "российская федерация", "рф", "russia", "russian federation", "ru", "rus"), "RU"
    ),
}


@lru_cache(maxsize=256, typed=True)
def parse_country(value: object) -> str | None:
    """ "BY"/"RU" for a country cell, None for an empty one."""
    if is_empty(value):
        return None
    country = _COUNTRY_WORDS.get(_word(value))
    if country is None:
        raise UnknownWordError(msg("reading.value.country", value=_show(value)))
    return country


_COUNTRY_STEMS = (("беларус", "BY"), ("белорус", "BY"), ("belarus", "BY"), ("росси", "RU"), ("russia", "RU"))
# "_" separates words in sheet names ("Перечень_РБ"), so it does not glue a code to a word.
_COUNTRY_CODES = re.compile(r"(?<![^\W_])(РБ|BY|BLR|РФ|RU|RUS)(?![^\W_])")
_CODE_COUNTRY = {"РБ": "BY", "BY": "BY", "BLR": "BY", "РФ": "RU", "RU": "RU", "RUS": "RU"}


@lru_cache(maxsize=1024)
def countries_in_text(text: str) -> frozenset[str]:
    """Countries a title line or sheet name names: stems case-insensitively, codes as whole,
    case-sensitive words (so "by" in an English sentence is not Belarus)."""
    folded = text.casefold()
    found = {country for stem, country in _COUNTRY_STEMS if stem in folded}
    found.update(_CODE_COUNTRY[m] for m in _COUNTRY_CODES.findall(text))
    return frozenset(found)


_KINDS: dict[str, str] = {
    **dict.fromkeys(
        ("станок", "станки", "оборудование", "machine", "machines", "станочное оборудование"), "machine"
    ),
    **dict.fromkeys(
        (
            "комплектующие",
            "комплектующее",
            "комплектующее изделие",
            "комплектующие изделия",
            "узел",
            "узлы",
            "component",
            "components",
        ),
        "component",
    ),
    **dict.fromkeys(("инструмент", "инструменты", "tool", "tools"), "tool"),
}


@lru_cache(maxsize=1024, typed=True)
def parse_kind(value: object) -> str | None:
    """machine/component/tool for the listed words and their plurals; any other kind is kept
    as written, lower-cased; None for an empty cell."""
    if is_empty(value):
        return None
    word = _word(value)
    return _KINDS.get(word, _collapse(str(value)).lower())


_ACTIONS: dict[str, str | None] = {
    **dict.fromkeys(("нет", "не требуется", "no", "none", "не требуются"), None),
    **dict.fromkeys(
        (
            "создание",
            "создание нового производства",
            "создание производства",
            "новое",
            "новое производство",
            "new",
        ),
        "new",
    ),
    **dict.fromkeys(
        (
            "модернизация",
            "модернизация производства",
            "техперевооружение",
            "техническое перевооружение",
            "modernise",
            "modernize",
            "modernisation",
            "modernization",
        ),
        "modernise",
    ),
}


@lru_cache(maxsize=1024, typed=True)
def parse_action(value: object) -> str | None:
    """ "new"/"modernise", or None for "нет", "не требуется" and empty cells."""
    if is_empty(value):
        return None
    word = _word(value)
    if word not in _ACTIONS:
        raise UnknownWordError(msg("reading.value.action", value=_show(value)))
    return _ACTIONS[word]


_UNIT = re.compile(r"\s*(?:шт\.?|ед\.?|pcs\.?)$", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"[+]?\d+(?:[.,]\d+)?")
_GROUPED_NUMBER = re.compile(r"[+]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?")


@lru_cache(maxsize=65536, typed=True)
def parse_number(value: object) -> float | None:
    """A non-negative number: spaces/NBSP as thousands separators, comma as decimal
    separator ("1,200" is 1.2), an optional trailing unit шт/шт./ед/ед./pcs; None if empty."""
    if isinstance(value, bool):
        raise NumberError(msg("reading.value.number", value=_show(value)))
    if isinstance(value, int | float):
        number = float(value)
    else:
        if is_empty(value):
            return None
        text = _UNIT.sub("", str(value).replace("\u00a0", " ").strip())
        if not (_PLAIN_NUMBER.fullmatch(text) or _GROUPED_NUMBER.fullmatch(text)):
            if re.fullmatch(r"[-−–]\s*\d+(?:[.,]\d+)?", text):
                raise NumberError(msg("reading.value.negative", value=_show(value)))
            raise NumberError(msg("reading.value.number", value=_show(value)))
        number = float(re.sub(r"[ \u00a0\u202f+]", "", text).replace(",", "."))
    if number != number or number in (float("inf"), float("-inf")):
        raise NumberError(msg("reading.value.number", value=_show(value)))
    if number < 0:
        raise NumberError(msg("reading.value.negative", value=_show(value)))
    return number


_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


@lru_cache(maxsize=4096, typed=True)
def parse_year(value: object) -> int | None:
    """The first 4-digit year 19xx/20xx in the cell ("IV кв. 2026" → 2026); None if empty."""
    if isinstance(value, datetime | date):
        return value.year
    if isinstance(value, bool):
        raise YearError(msg("reading.value.year", value=_show(value)))
    if is_empty(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    match = _YEAR.search(str(value))
    if match is None:
        raise YearError(msg("reading.value.year", value=_show(value)))
    return int(match.group(1))


_TAX_LENGTHS = {"BY": (9,), "RU": (10, 12)}


@lru_cache(maxsize=65536, typed=True)
def parse_tax_id(value: object, country: str | None = None) -> str | None:
    """BY UNP: 9 digits; RU INN: 10 or 12. A numeric cell of an RU row with 9 or 11 digits
    lost its leading zero to Excel and gets it back (a text cell keeps what was typed)."""
    if is_empty(value):
        return None
    numeric = False
    if isinstance(value, bool):
        text = str(value)
    elif isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise TaxIdError(msg("reading.value.tax_digits", value=_show(value)))
        text = str(int(value))
        numeric = True
    else:
        text = re.sub(r"[\s\u00a0]", "", str(value))
    if not text.isdigit() or not text.isascii():
        raise TaxIdError(msg("reading.value.tax_digits", value=_show(value)))
    lengths = _TAX_LENGTHS.get(country or "", (9, 10, 12))
    if country == "RU" and numeric and len(text) in (9, 11):
        text = "0" + text
    if len(text) not in lengths:
        expected = msg(
            "reading.value.tax_by"
            if country == "BY"
            else "reading.value.tax_ru"
            if country == "RU"
            else "reading.value.tax_any"
        )
        raise TaxIdError(msg("reading.value.tax_length", value=text, digits=len(text), expected=expected))
    return text


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _collapse(str(value))


def cell_text(value: object) -> str:
    """A cell as text for names and codes: whole floats lose ".0", spaces are collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    return _collapse(str(value))
