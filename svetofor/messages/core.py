"""Messages, their rendering, and Babel-backed formatting of numbers, dates and plurals.

A catalogue entry is a pair ``(russian, english)`` of templates. A template is either a
``str.format`` string with named fields, or a mapping from a CLDR plural category (``one``,
``few``, ``many``, ``other``) to such strings, chosen by the parameter ``n``. Parameters are
rendered before they are put in: numbers through Babel in the reader's language, nested
messages in the same language, tuples as a comma-separated listing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import lru_cache
from typing import Literal, TypeAlias, cast
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

Lang = Literal["ru", "en"]
LANGS: tuple[Lang, ...] = ("ru", "en")
DEFAULT_LANG: Lang = "ru"
TIMEZONE_ENV = "SVETOFOR_TIMEZONE"
DEFAULT_TIMEZONE = "Europe/Moscow"  # Minsk and Moscow keep the same time (UTC+3)

Param: TypeAlias = "str | int | float | bool | Message | tuple[Param, ...] | None"
Template: TypeAlias = "str | Mapping[str, str]"
Entry: TypeAlias = "tuple[Template, Template]"


@dataclass(frozen=True, slots=True)
class Message:
    """A catalogue id and its parameters: a sentence not yet put into words.

    Frozen and hashable (parameters are a sorted tuple of pairs), so problems and statuses that
    carry a message stay comparable and can be cached or used as keys.
    """

    id: str
    params: tuple[tuple[str, Param], ...] = ()

    def get(self, name: str) -> Param:
        for key, value in self.params:
            if key == name:
                return value
        return None

    def text(self, lang: str | None = DEFAULT_LANG) -> str:
        return render(self, lang)

    def to_json(self) -> dict[str, object]:
        """Plain JSON (for snapshots and the audit log): nested messages become objects."""
        return {"id": self.id, "params": {k: _param_json(v) for k, v in self.params}}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Message:
        raw = data.get("params") or {}
        params = cast(Mapping[str, object], raw)
        return msg(str(data["id"]), **{k: _param_from_json(v) for k, v in params.items()})


def msg(id: str, /, **params: Param) -> Message:
    """``msg("reading.too_big", size=25.1, limit=20)``: the usual way to make a message."""
    return Message(id, tuple(sorted(params.items())))


def text(id: str, lang: str | None = DEFAULT_LANG, /, **params: Param) -> str:
    """Render a catalogue entry at once: for the edges (pages, CLI), never for the core."""
    return render(msg(id, **params), lang)


def norm_lang(lang: object) -> Lang:
    """A language code from a store, a URL or an option; anything unknown means the default."""
    if lang == "en":
        return "en"
    return DEFAULT_LANG


def render(message: Message | str, lang: str | None = DEFAULT_LANG) -> str:
    """The message in ``lang``. A plain string is returned as it is (already words: a name
    from a list, a reason a planner typed). An unknown id renders as the id itself, so a page
    stays usable; the catalogue test catches it before review."""
    if isinstance(message, str):
        return message
    language = norm_lang(lang)
    from svetofor.messages.catalogue import CATALOGUE

    entry = CATALOGUE.get(message.id)
    if entry is None:
        return message.id
    template = entry[1] if language == "en" else entry[0]
    values = {key: _render_param(value, language) for key, value in message.params}
    if not isinstance(template, str):
        template = _plural_template(template, message.get("n"), language)
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def _plural_template(forms: Mapping[str, str], n: Param, lang: Lang) -> str:
    category = plural_category(n if isinstance(n, int | float) else 0, lang)
    return forms.get(category) or forms.get("other") or next(iter(forms.values()))


def _render_param(value: Param, lang: Lang) -> str:
    if value is None:
        return ""
    if isinstance(value, Message):
        return render(value, lang)
    if isinstance(value, bool):
        return render(msg("common.yes" if value else "common.no"), lang)
    if isinstance(value, int | float):
        return format_number(value, lang)
    if isinstance(value, tuple):
        return join((_render_param(v, lang) for v in value), lang)
    return value


def _param_json(value: Param) -> object:
    if isinstance(value, Message):
        return value.to_json()
    if isinstance(value, tuple):
        return [_param_json(v) for v in value]
    return value


def _param_from_json(value: object) -> Param:
    if isinstance(value, dict) and "id" in value:
        return Message.from_json(value)
    if isinstance(value, list):
        return tuple(_param_from_json(v) for v in value)
    return cast(Param, value)


# ------------------------------------------------------------------------------- formatting


@lru_cache(maxsize=4)
def _locale(lang: Lang) -> Locale:
    return Locale.parse(lang)


def plural_category(n: float, lang: str | None = DEFAULT_LANG) -> str:
    """CLDR plural category of ``n`` in ``lang``: ``one``/``few``/``many``/``other``."""
    return str(_locale(norm_lang(lang)).plural_form(abs(n)))


def format_number(value: float | None, lang: str | None = DEFAULT_LANG, *, digits: int = 2) -> str:
    """``1 200,5`` in Russian, ``1,200.5`` in English; at most ``digits`` decimals, none for
    whole numbers, ``?`` for an unknown figure.

    The Russian group separator is a plain space rather than Babel's no-break space: the
    ministries' own lists write it so, and text copied from the diagram then reads back in.
    """
    if value is None:
        return "?"
    language = norm_lang(lang)
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    out = format_decimal(value, format=pattern, locale=_locale(language))
    return out.replace("\xa0", " ").replace("\u202f", " ") if language == "ru" else out


def local_timezone() -> tzinfo:
    """The planners' time zone (``SVETOFOR_TIMEZONE``, default Europe/Moscow = Minsk time)."""
    name = os.environ.get(TIMEZONE_ENV) or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def format_datetime(value: datetime | None, lang: str | None = DEFAULT_LANG) -> str:
    """Local time as ``dd.mm.yyyy HH:MM`` (both languages: the ministries' own format)."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(local_timezone())
    return value.strftime("%d.%m.%Y %H:%M")


def format_date(value: date | datetime | None, lang: str | None = DEFAULT_LANG, *, long: bool = False) -> str:
    """``dd.mm.yyyy``; ``long``: "6 марта 2025 г." / "6 March 2025" for report titles."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(local_timezone())
    if not long:
        return value.strftime("%d.%m.%Y")
    return str(_babel_date(value, format="long", locale=_locale(norm_lang(lang))))


def join(parts: Iterable[str], lang: str | None = DEFAULT_LANG, *, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)
