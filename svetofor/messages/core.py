"""Messages, their rendering, and Babel-backed formatting of numbers, dates and plurals.

A catalogue entry is a pair ``(russian, english)`` of templates. A template is either a
``str.format`` string with named fields, or a mapping from a CLDR plural category (``one``,
``few``, ``many``, ``other``) to such strings, chosen by the parameter ``n``. Parameters are
rendered before they are put in: numbers through Babel in the reader's language, nested
messages in the same language, tuples as a listing — comma-separated, or joined by the field's
format spec when it has one: ``{names:; }`` lists with "; ", ``{parts: + }`` with " + ".
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import cache, lru_cache
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


class MessageError(Exception):
    """An error a person reads: its words are a message, rendered where it is shown
    (``error.text(lang)``); ``str(error)`` is the default language, for logs and tracebacks."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message

    def text(self, lang: str | None = DEFAULT_LANG) -> str:
        return render(self.message, lang)

    def __str__(self) -> str:
        return render(self.message, DEFAULT_LANG)


def error_text(error: BaseException, lang: str | None = DEFAULT_LANG) -> str:
    """What to show for a refusal: a :class:`MessageError` in ``lang``, anything else as it says."""
    return error.text(lang) if isinstance(error, MessageError) else str(error)


def msg(id: str, /, **params: Param) -> Message:
    """``msg("reading.too_big", size=25.1, limit=20)``: the usual way to make a message."""
    if len(params) < 2:  # the rules make tens of thousands of these: skip the sort when it is moot
        return Message(id, tuple(params.items()))
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
    return _render(message, norm_lang(lang))


@cache
def _catalogue() -> Mapping[str, Entry]:
    # Imported on first use: the catalogue imports the area modules, which import this module.
    from svetofor.messages.catalogue import CATALOGUE

    return CATALOGUE


def _render(message: Message, lang: Lang) -> str:
    entry = _catalogue().get(message.id)
    if entry is None:
        return message.id
    template = entry[1] if lang == "en" else entry[0]
    values = {key: _field_value(value, lang) for key, value in message.params}
    if not isinstance(template, str):
        template = _plural_template(template, message.get("n"), lang)
    try:
        return template.format(**values)
    except ValueError:
        # a listing field ("{names:; }") given one value instead of a tuple: list that one
        listed = {k: v if isinstance(v, _Listing) else _Listing([v]) for k, v in values.items()}
        return _format(template, listed)
    except (KeyError, IndexError):
        return template


def _format(template: str, values: Mapping[str, object]) -> str:
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


class _Listing:
    """A tuple parameter rendered: its parts joined by the field's format spec, else by ", "."""

    __slots__ = ("parts",)

    def __init__(self, parts: list[str]) -> None:
        self.parts = parts

    def __format__(self, spec: str) -> str:
        return (spec or ", ").join(p for p in self.parts if p)


def _field_value(value: Param, lang: Lang) -> str | _Listing:
    if isinstance(value, tuple):
        return _Listing([_render_param(v, lang) for v in value])
    return _render_param(value, lang)


def _plural_template(forms: Mapping[str, str], n: Param, lang: Lang) -> str:
    category = plural_category(n if isinstance(n, int | float) else 0, lang)
    return forms.get(category) or forms.get("other") or next(iter(forms.values()))


def _render_param(value: Param, lang: Lang) -> str:
    # most parameters are names (data) and nested messages: those are tried first
    if isinstance(value, str):
        return value
    if isinstance(value, Message):
        return _render(value, lang)
    if value is None:
        return ""
    if isinstance(value, bool):
        return _render(msg("common.yes" if value else "common.no"), lang)
    if isinstance(value, int | float):
        return format_number(value, lang)
    return join((_render_param(v, lang) for v in value), lang)


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
    return _plural_category(abs(n), norm_lang(lang))


# Explanations and rules repeat the same few counts, capacities and demands thousands of times
# (a diagram page renders 900 hover texts); Babel takes microseconds per call, a cache hit not.
@lru_cache(maxsize=4096)
def _plural_category(n: float, lang: Lang) -> str:
    return str(_locale(lang).plural_form(n))


def format_number(value: float | None, lang: str | None = DEFAULT_LANG, *, digits: int = 2) -> str:
    """``1 200,5`` in Russian, ``1,200.5`` in English; at most ``digits`` decimals, none for
    whole numbers, ``?`` for an unknown figure.

    The Russian group separator is a plain space rather than Babel's no-break space: the
    ministries' own lists write it so, and text copied from the diagram then reads back in.
    """
    if value is None:
        return "?"
    return _format_number(value, norm_lang(lang), digits)


@lru_cache(maxsize=8192)
def _format_number(value: float, lang: Lang, digits: int) -> str:
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    out = str(format_decimal(value, format=pattern, locale=_locale(lang)))
    return out.replace("\xa0", " ").replace("\u202f", " ") if lang == "ru" else out


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
    """``dd.mm.yyyy``; ``long``: "6 марта 2025 г." / "March 6, 2025" for report titles."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(local_timezone())
    if not long:
        return value.strftime("%d.%m.%Y")
    return str(_babel_date(value, format="long", locale=_locale(norm_lang(lang))))


def join(parts: Iterable[str], lang: str | None = DEFAULT_LANG, *, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)
