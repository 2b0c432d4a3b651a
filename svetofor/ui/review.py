"""Pure helpers of the warnings page: grid rows, filters (mirrored in the URL), counts, review
validation and the links between the warnings page and the diagram.

A warning's row joins the warning with the data behind it (each enterprise's country,
capacity and launch year on that position) and with its review. A review whose warning no
longer applies is listed as a "gone" row, so history is never silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from svetofor.auth import REVIEW, PermissionDenied, User, can
from svetofor.diagram import join_query_list, split_query_list
from svetofor.messages import format_datetime
from svetofor.model import SEVERITY_ORDER, DuplicationWarning, Record, Review, WarningKey
from svetofor.ui.i18n import render, t
from svetofor.ui.overrides import denied_text

KINDS: tuple[str, ...] = ("parallel-new", "partner-covers", "same-enterprise?")
SEVERITIES: tuple[str, ...] = ("high", "medium", "info")
STATES: tuple[str, ...] = ("open", "accepted", "resolved", "gone")
REVIEW_STATES: tuple[str, ...] = ("open", "accepted", "resolved")
COUNTRY_VALUES: tuple[str, ...] = ("BY", "RU")
NO_GROUP = ""  # the filter value of "no group" (same-enterprise? warnings have no position)


# ------------------------------------------------------------------------------------ links


def diagram_link(item_key: str) -> str:
    """The diagram filtered to one position by its identity (the text search covers keys)."""
    return "/?" + urlencode({"q": item_key})


def warnings_link(item_key: str) -> str:
    return "/warnings?" + urlencode({"item": item_key})


def network_link(*, item: str | None = None, group: str | None = None, enterprise: str | None = None) -> str:
    params = {k: v for k, v in (("item", item), ("group", group), ("enterprise", enterprise)) if v}
    return "/network" + ("?" + urlencode(params) if params else "")


# ---------------------------------------------------------------------------------- filter


@dataclass(frozen=True)
class WarningFilter:
    """What the planner narrowed the warnings to; every part is "any" when empty."""

    kinds: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()  # group names, NO_GROUP for warnings without a position
    states: tuple[str, ...] = ()
    item: str = ""  # one position (the link from a diagram row)

    _QUERY = (("kind", "kinds"), ("severity", "severities"), ("country", "countries"), ("group", "groups"))

    def to_query(self) -> dict[str, str]:
        q = {name: join_query_list(getattr(self, attr)) for name, attr in self._QUERY if getattr(self, attr)}
        if self.states:
            q["state"] = join_query_list(self.states)
        if self.item:
            q["item"] = self.item
        return q

    def query_string(self) -> str:
        q = self.to_query()
        return "?" + urlencode(q) if q else ""

    @classmethod
    def from_query(cls, params: Mapping[str, Any]) -> WarningFilter:
        """From the router's query (repeated keys arrive as lists: the first counts); words a
        hand-edited link got wrong are dropped, not fatal."""
        flat = {k: (v[0] if isinstance(v, list) and v else v) for k, v in params.items()}
        flat = {k: str(v) for k, v in flat.items() if isinstance(v, str | int)}

        def values(name: str, allowed: Sequence[str] | None = None) -> tuple[str, ...]:
            if name not in flat:
                return ()
            got = split_query_list(flat[name])
            return tuple(v for v in got if allowed is None or v in allowed)

        return cls(
            kinds=values("kind", KINDS),
            severities=values("severity", SEVERITIES),
            countries=values("country", COUNTRY_VALUES),
            groups=values("group"),
            states=values("state", STATES),
            item=flat.get("item", ""),
        )

    @classmethod
    def from_controls(
        cls,
        kinds: Sequence[str] | None,
        severities: Sequence[str] | None,
        countries: Sequence[str] | None,
        groups: Sequence[str] | None,
        states: Sequence[str] | None,
        item: str | None,
    ) -> WarningFilter:
        return cls(
            kinds=tuple(k for k in kinds or () if k in KINDS),
            severities=tuple(s for s in severities or () if s in SEVERITIES),
            countries=tuple(c for c in countries or () if c in COUNTRY_VALUES),
            groups=tuple(groups or ()),
            states=tuple(s for s in states or () if s in STATES),
            item=(item or "").strip(),
        )


def matches(row: Mapping[str, Any], flt: WarningFilter) -> bool:
    if flt.kinds and row["kind"] not in flt.kinds:
        return False
    if flt.severities and row["severity"] not in flt.severities:
        return False
    if flt.countries and not set(row["country_codes"]) & set(flt.countries):
        return False
    if flt.groups and (row["group"] or NO_GROUP) not in flt.groups:
        return False
    if flt.states and row["state"] not in flt.states:
        return False
    return not flt.item or row["item"] == flt.item


def filter_rows(rows: Iterable[Mapping[str, Any]], flt: WarningFilter) -> list[Mapping[str, Any]]:
    return [r for r in rows if matches(r, flt)]


def counts(rows: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, int]]:
    """``{"severity": {...}, "state": {...}, "kind": {...}}`` with every known value present."""
    out = {
        "severity": dict.fromkeys(SEVERITIES, 0),
        "state": dict.fromkeys(STATES, 0),
        "kind": dict.fromkeys(KINDS, 0),
    }
    for r in rows:
        for part in out:
            value = r[part]
            out[part][value] = out[part].get(value, 0) + 1
    return out


# ------------------------------------------------------------------------------------- rows


def record_facts(records: Sequence[Record], lang: str) -> str:
    """ "производство есть 100 шт./год; создание 2027" — what one enterprise has and plans on a
    position."""
    parts = []
    for r in records:
        bits = []
        if r.existing:
            bits.append(t("warnings.fact.existing", lang))
        if r.action:
            bits.append(t(f"warnings.fact.{r.action}", lang))
        if r.capacity is not None:
            bits.append(t("quantity.per_year", lang, n=r.capacity))
        if r.launch_year is not None:
            bits.append(str(r.launch_year))
        parts.append(" ".join(bits) if bits else t("colour.red", lang))
    return "; ".join(parts)


def records_index(records: Iterable[Record], items: Iterable[str]) -> dict[tuple[str, str], list[Record]]:
    """(item, enterprise key) -> records, only for the given items (those with warnings)."""
    wanted = set(items)
    out: dict[tuple[str, str], list[Record]] = {}
    for r in records:
        if r.enterprise_key is not None and r.item_key in wanted:
            out.setdefault((r.item_key, r.enterprise_key), []).append(r)
    return out


def enterprise_lines(
    warning: DuplicationWarning, view: Any, index: Mapping[tuple[str, str], list[Record]], lang: str
) -> list[str]:
    """One line per enterprise of the warning: name (country): its records on the position."""
    lines = []
    for key in warning.enterprise_keys:
        ent = view.dataset.enterprises.get(key)
        name = ent.name if ent is not None else key
        code = ent.country if ent is not None else key.split(":", 1)[0]
        country = t(f"scope.{code}", lang) if code in COUNTRY_VALUES else code
        line = f"{name} ({country})"
        if ent is not None and ent.tax_id:
            line = f"{name} ({country}, {t('warnings.tax_id', lang)} {ent.tax_id})"
        if warning.item is not None:
            facts = record_facts(index.get((warning.item, key), ()), lang)
            if facts:
                line += f": {facts}"
        lines.append(line)
    return lines


def _review_cells(review: Review | None, lang: str) -> dict[str, str]:
    if review is None:
        return {"review_state": "open", "reviewer": "", "reviewed_at": "", "reason": ""}
    return {
        "review_state": review.state,
        "reviewer": review.author,
        "reviewed_at": format_datetime(review.updated_at),
        "reason": review.reason,
    }


def parse_key(key: str) -> tuple[str, str | None, str | None]:
    """(kind, item, country) of a warning key; item and country are None for same-enterprise?."""
    parsed = WarningKey.parse(key)
    return parsed.kind, parsed.item, parsed.country


def warning_scopes(warning: DuplicationWarning) -> tuple[str, ...]:
    """The countries whose editors may review a warning (the service's rule, so the page
    offers what it accepts)."""
    return warning.scopes()


def key_scopes(key: str) -> tuple[str, ...]:
    """:func:`warning_scopes` of a warning that no longer applies, read from its key."""
    return WarningKey.parse(key).scopes()


def warning_rows(view: Any, lang: str) -> list[dict[str, Any]]:
    """Grid rows of every current warning, then one "gone" row per review whose warning no
    longer applies. ``id`` is the warning key (the grid's row id and the review's target)."""
    items = view.dataset.items
    index = records_index(view.dataset.records, {w.item for w in view.warnings if w.item})
    rows: list[dict[str, Any]] = []
    for w in view.warnings:
        item = items.get(w.item) if w.item else None
        review = view.reviews.get(w.key)
        cells = _review_cells(review, lang)
        state = cells["review_state"]
        rows.append(
            {
                "id": w.key,
                "kind": w.kind,
                "kind_label": t(f"import.wkind.{w.kind}", lang),
                "severity": w.severity,
                "severity_rank": SEVERITY_ORDER.get(w.severity, 9),
                "severity_label": t(f"import.severity.{w.severity}", lang),
                "item": w.item or "",
                "name": item.name if item is not None else "",
                "group": (item.group if item is not None else None) or "",
                "country_codes": list(w.countries),
                "countries": ", ".join(t(f"scope.{c}", lang) for c in w.countries),
                "scopes": list(warning_scopes(w)),
                "enterprises": "\n".join(enterprise_lines(w, view, index, lang)),
                "rule": render(w.rule, lang),
                "state": state,
                "state_label": t(f"warnings.state.{state}", lang),
                "gone": False,
                **cells,
            }
        )
    for key, review in sorted(view.gone_reviews().items()):
        kind, item_key, country = parse_key(key)
        item = items.get(item_key) if item_key else None
        cells = _review_cells(review, lang)
        rows.append(
            {
                "id": key,
                "kind": kind if kind in KINDS else KINDS[0],
                "kind_label": t(f"import.wkind.{kind}", lang),
                "severity": "info",
                "severity_rank": 9,
                "severity_label": "—",
                "item": item_key or "",
                "name": item.name if item is not None else (item_key or ""),
                "group": (item.group if item is not None else None) or "",
                "country_codes": [country] if country else [],
                "countries": t(f"scope.{country}", lang) if country else "",
                "scopes": list(key_scopes(key)),
                "enterprises": "",
                "rule": t("warnings.gone.rule", lang),
                "state": "gone",
                "state_label": f"{t('warnings.state.gone', lang)} ({t(f'warnings.state.{review.state}', lang)})",
                "gone": True,
                **cells,
            }
        )
    return rows


def group_values(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for r in rows:
        seen.setdefault(r["group"] or NO_GROUP)
    return list(seen)


# ----------------------------------------------------------------------------------- review


def validate_review(state: str | None, reason: str | None) -> str | None:
    """The translation key of what is wrong with a review request, or ``None`` if it may go.

    The store refuses the same (a reason is required to accept); checking here gives the
    planner the message before a round trip to the database.
    """
    if state not in REVIEW_STATES:
        return "warnings.error.state"
    if state == "accepted" and not (reason or "").strip():
        return "warnings.error.reason"
    return None


def may_review(user: User, scopes: Iterable[str]) -> bool:
    """Whether the page offers ``user`` the review of a warning concerning ``scopes``: an editor
    of one of them, or an admin. The service checks again on saving; this spares a refusal."""
    scopes = list(scopes)
    return any(can(user, REVIEW, s) for s in scopes) or can(user, REVIEW, None)


def readonly_note(user: User, scopes: Iterable[str], lang: str) -> str:
    """Why the review panel offers ``user`` no decision on this warning, or ``""`` if it does."""
    scopes = list(scopes)
    if may_review(user, scopes):
        return ""
    return t(
        "warnings.review.readonly",
        lang,
        role=t(f"role.{user.role}", lang),
        scope=", ".join(t(f"scope.{s}.long", lang) for s in scopes),
    )


def refusal_text(error: Exception, lang: str) -> str:
    """A refused review in the planner's language: the role's refusal names what and which
    country; the store's own refusals (a reason, a state) were checked before by
    :func:`validate_review`, so one here means the warning changed under the planner."""
    if isinstance(error, PermissionDenied):
        return denied_text(error, lang)
    return t("warnings.error.failed", lang)


def review_target(key: str | None, live_keys: Iterable[str]) -> str | None:
    """The key a review may act on: a current warning. A gone warning's history is read-only."""
    return key if key and key in set(live_keys) else None


def item_link_markdown(row: Mapping[str, Any]) -> str:
    """The grid's position cell: a markdown link to the position in the diagram."""
    if not row["item"]:
        return ""
    name = (row["name"] or row["item"]).replace("[", "(").replace("]", ")")
    return f"[{name}](/?q={quote(row['item'])})"


__all__ = [
    "KINDS",
    "REVIEW_STATES",
    "SEVERITIES",
    "STATES",
    "WarningFilter",
    "counts",
    "diagram_link",
    "enterprise_lines",
    "filter_rows",
    "item_link_markdown",
    "key_scopes",
    "may_review",
    "network_link",
    "parse_key",
    "readonly_note",
    "record_facts",
    "refusal_text",
    "validate_review",
    "warning_rows",
    "warning_scopes",
    "warnings_link",
]
