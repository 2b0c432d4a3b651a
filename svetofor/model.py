"""Plain data shared by every core module.

Everything here is a frozen or plain dataclass with no behaviour beyond formatting, so the
reader, the rules, storage, export and the UI can exchange data without importing each other.
Identities (``Item.key``, ``Enterprise.key``) are strings so they survive JSON, SQL and URLs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from svetofor.messages import Message, msg, render

Country = Literal["BY", "RU"]
Scope = Literal["BY", "RU", "UNION"]
Colour = Literal["green", "yellow", "red", "none"]
Action = Literal["new", "modernise"]
WarningKind = Literal["parallel-new", "partner-covers", "same-enterprise?"]
Severity = Literal["high", "medium", "info"]
ReviewState = Literal["open", "accepted", "resolved"]

COUNTRIES: tuple[Country, ...] = ("BY", "RU")
SCOPES: tuple[Scope, ...] = ("BY", "RU", "UNION")
COLOURS: tuple[Colour, ...] = ("green", "yellow", "red", "none")
KNOWN_KINDS: tuple[str, ...] = ("machine", "component", "tool")
SEVERITY_ORDER: dict[str, int] = {"high": 0, "medium": 1, "info": 2}


@dataclass(frozen=True)
class Problem:
    """A located error or remark about an input file.

    ``message`` is a catalogue message (a plain string only from older callers and tests),
    rendered where it is shown. ``row`` is the 1-based spreadsheet row (CSV: the line number);
    ``column`` is the header text as written in the file and ``letter`` the column's letter
    (CSV: its number), ``None`` for file- or row-level problems; ``sheet`` is ``None`` for CSV
    and for file-level problems; ``item`` is the position's name on that row, when it has one.
    """

    message: Message | str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    file: str | None = None
    letter: str | None = None
    item: str | None = None

    def text(self, lang: str | None = "ru") -> str:
        return render(self.message, lang)

    def to_json(self, lang: str | None = "ru") -> dict[str, object]:
        """The object of ``svetofor check --json``: the message in ``lang``."""
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.text(lang)}

    def column_text(self, lang: str | None = "ru") -> str:
        """The column as a planner finds it in Excel: «F «Мощность»», "" for none."""
        return _where_part(self._column_message(), lang, capital=False)

    def _column_message(self) -> Message | None:
        letter, header = self.letter, self.column
        if letter and header and header != letter:
            return msg("reading.where.column", letter=letter, header=header)
        if letter or header:
            return (
                msg("reading.where.letter", letter=letter)
                if letter
                else msg("reading.where.header", header=header)
            )
        return None

    def where(self, lang: str | None = "ru") -> str:
        """«Лист «Перечень», строка 12, столбец F «Мощность», позиция «Станок»» ("" for the file)."""
        parts = [
            msg("reading.where.sheet", sheet=self.sheet) if self.sheet is not None else None,
            msg("reading.where.row", row=str(self.row)) if self.row is not None else None,
            self._column_message(),
            msg("reading.where.item", item=self.item) if self.item else None,
        ]
        text = ", ".join(render(p, lang) for p in parts if p is not None)
        return text[:1].upper() + text[1:]

    def located(self, lang: str | None = "ru") -> str:
        """One line for a terminal or a log: ``file: Лист «X», строка 5, столбец D «Мощность»: message``."""
        where = self.where(lang)
        head = ": ".join(part for part in (self.file, where) if part)
        return f"{head}: {self.text(lang)}" if head else self.text(lang)


def _where_part(message: Message | None, lang: str | None, *, capital: bool) -> str:
    if message is None:
        return ""
    text = render(message, lang)
    return text[:1].upper() + text[1:] if capital else text


@dataclass(frozen=True)
class Item:
    """A position of the list. ``key`` is its identity: the position code, else the normalised name."""

    key: str
    name: str
    code: str | None = None
    kind: str | None = None  # machine / component / tool, or an unknown kind lower-cased as written
    group: str | None = None
    hs_code: str | None = None
    used_in: tuple[str, ...] = ()  # identities (code or normalised name) of machine items using it
    order: int = 0  # position in list order (first appearance across imports)


@dataclass(frozen=True)
class Enterprise:
    """A producer. ``key`` is ``"<country>:<tax id>"`` or ``"<country>:<normalised name>"``."""

    key: str
    name: str
    country: Country
    tax_id: str | None = None


@dataclass(frozen=True, slots=True)
class Record:
    """One capacity record: an enterprise (or an anonymous producer to be chosen) x one item."""

    item_key: str
    country: Country
    enterprise_key: str | None  # None: anonymous record (producer still to be chosen)
    existing: bool = False
    capacity: float | None = None
    action: Action | None = None
    launch_year: int | None = None
    note: str | None = None
    sheet: str | None = None
    row: int | None = None


@dataclass
class Dataset:
    """Everything the rules need, for one file or for the whole store."""

    items: dict[str, Item] = field(default_factory=dict)  # insertion order = list order
    enterprises: dict[str, Enterprise] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    demand: dict[tuple[str, str], float] = field(default_factory=dict)  # (item key, country) -> >0
    countries: frozenset[str] = frozenset()  # countries that have any row in the data

    def records_of(self, item_key: str) -> list[Record]:
        return [r for r in self.records if r.item_key == item_key]


@dataclass(frozen=True)
class ColumnMapping:
    """How one source column was understood; the import page lets a planner correct ``field``."""

    sheet: str | None
    column_index: int  # 0-based
    letter: str  # "A", "B", ... (CSV: the 1-based position as text)
    header: str  # as written in the file
    field: str | None  # None: ignored column


@dataclass
class ReadResult:
    """The outcome of reading one file: data plus every located error and remark."""

    file: str
    dataset: Dataset
    errors: list[Problem] = field(default_factory=list)
    remarks: list[Problem] = field(default_factory=list)
    mapping: list[ColumnMapping] = field(default_factory=list)
    countries: frozenset[str] = frozenset()  # countries this file covers (replaced on import)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class CellStatus:
    """The computed colour of one item x scope and why: a message naming the facts (rendered
    in the reader's language at the edge, ``status.explanation.text(lang)``)."""

    colour: Colour
    explanation: Message


# item key -> scope -> status
Statuses = dict[str, dict[str, CellStatus]]


NO_RULE = msg("rules.unstated")


SAME_ENTERPRISE = "same-enterprise?"


@dataclass(frozen=True)
class WarningKey:
    """A warning's identity (docs/domain.md §5): its kind with its position and planning country,
    or for "same enterprise?" its enterprises. ``str(key)`` is the text reviews are stored
    under (``kind|item|country`` or ``kind|enterprise|enterprise…``); :meth:`parse` reads it."""

    kind: str
    item: str | None = None
    country: str | None = None
    enterprises: tuple[str, ...] = ()  # enterprise keys, sorted ("same enterprise?" only)

    def __str__(self) -> str:
        if self.kind == SAME_ENTERPRISE:
            return f"{self.kind}|{'|'.join(self.enterprises)}"
        return f"{self.kind}|{self.item or ''}|{self.country or ''}"

    @classmethod
    def parse(cls, text: str) -> WarningKey:
        kind, _, rest = text.partition("|")
        if kind == SAME_ENTERPRISE:
            return cls(kind, enterprises=tuple(rest.split("|")) if rest else ())
        item, _, country = rest.partition("|")
        return cls(kind, item or None, country or None)

    def scopes(self) -> tuple[str, ...]:
        """The countries the warning concerns, read from the key alone (a warning that no
        longer applies): its planning country, else the countries of its enterprises."""
        if self.kind != SAME_ENTERPRISE:
            return (self.country,) if self.country in COUNTRIES else ()
        return tuple(
            sorted({k.split(":", 1)[0] for k in self.enterprises if k.split(":", 1)[0] in COUNTRIES})
        )


@dataclass(frozen=True)
class DuplicationWarning:
    """A duplication warning (docs/domain.md §5). ``key`` is stable across re-imports while the
    warning still applies."""

    kind: WarningKind
    severity: Severity
    item: str | None  # item identity; None for same-enterprise?
    country: str | None  # the planning country for partner-covers, else None
    countries: tuple[str, ...]
    enterprises: tuple[str, ...]  # names, sorted
    enterprise_keys: tuple[str, ...] = ()
    rule: Message = NO_RULE  # the rule in words with its facts (``rule.text(lang)``)

    @property
    def identity(self) -> WarningKey:
        if self.kind == SAME_ENTERPRISE:
            return WarningKey(self.kind, enterprises=tuple(sorted(self.enterprise_keys)))
        return WarningKey(self.kind, self.item, self.country)

    @property
    def key(self) -> str:
        """``str(identity)``: what reviews are stored under."""
        return str(self.identity)

    def scopes(self) -> tuple[str, ...]:
        """The countries whose editors may review it: its planning country, else all involved."""
        return (self.country,) if self.country else tuple(self.countries)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "severity": self.severity,
            "item": self.item,
            "country": self.country,
            "countries": list(self.countries),
            "enterprises": list(self.enterprises),
        }


@dataclass(frozen=True)
class Localisation:
    """Localisation of one machine item from its components (items whose ``used_in`` names it)."""

    item_key: str
    components: tuple[str, ...]  # component item keys
    green: tuple[str, ...]  # components green in the UNION
    blocking: tuple[str, ...]  # components red in the UNION

    @property
    def share(self) -> float:
        return len(self.green) / len(self.components) if self.components else 1.0

    @property
    def localisable(self) -> bool:
        return not self.blocking


@dataclass(frozen=True)
class Override:
    """A planner's colour for one cell, replacing the computed one."""

    item_key: str
    scope: Scope
    colour: Colour
    reason: str
    author: str
    created_at: datetime
    version: int = 1  # bumped on every change of this cell; used for optimistic concurrency
    based_on: Colour | None = None  # the computed colour when the override was set

    def stale(self, computed: Colour) -> bool:
        """The data moved under the override: "override differs from the data", for review."""
        return self.based_on is not None and computed != self.based_on and computed != self.colour


def effective_colour(computed: CellStatus | None, override: Override | None) -> Colour:
    """The colour a cell shows (docs/domain.md §4): a planner's override wins over the computed
    colour; a cell the rules did not colour is "none". The one definition the diagram, the
    localisation, the network and the report read."""
    if override is not None:
        return override.colour
    return computed.colour if computed is not None else "none"


@dataclass(frozen=True)
class Review:
    """The review state of one duplication warning."""

    warning_key: str
    state: ReviewState
    reason: str
    author: str
    updated_at: datetime
