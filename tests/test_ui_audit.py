"""The audit log page's helpers: filters to store queries, before → after text (the exported
files: tests/test_audit_export.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from svetofor.store import Store
from svetofor.ui import audit_view as page


def _entries(store: Store) -> None:
    store.audit.record("override.set", "М-1|BY", user="boris", before=None, after={"colour": "red"})
    store.audit.record("review", "parallel-new|М-2|", user="roman", before=None, after={"state": "accepted"})
    store.audit.record(
        "import",
        '=HYPERLINK("http://evil")',
        user="@admin",
        before={"records": 0},
        after={"note": "+7 (495) 000"},
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((None, None, None, None, None), {"user": None, "action": None, "target": None}),
        (("boris", "override", " М-1 ", "", ""), {"user": "boris", "action": "override", "target": "М-1"}),
        (("", "drop table", "", "2026-13-40", "x"), {"user": None, "action": None, "target": None}),
    ],
)
def test_query_of(args, expected):
    query = page.query_of(*args)
    assert {k: query[k] for k in expected} == expected


def test_date_range_includes_the_last_day():
    query = page.query_of(None, None, None, "2026-03-01", "2026-03-06")
    assert query["since"] == datetime(2026, 3, 1, tzinfo=UTC)
    assert query["until"] == datetime(2026, 3, 7, tzinfo=UTC)


def test_filters_reach_the_store(store: Store):
    _entries(store)
    assert [e.user for e in store.audit.entries(**page.query_of("boris", None, None, None, None))] == [
        "boris"
    ]
    assert [e.action for e in store.audit.entries(**page.query_of(None, "review", None, None, None))] == [
        "review"
    ]
    assert [e.user for e in store.audit.entries(**page.query_of(None, None, "м-1", None, None))] == ["boris"]
    today = datetime.now(UTC).date().isoformat()
    assert len(store.audit.entries(**page.query_of(None, None, None, today, today))) == 3
    assert store.audit.entries(**page.query_of(None, None, None, "2001-01-01", "2001-01-02")) == []
    assert store.audit.users() == ["@admin", "boris", "roman"]


def test_state_text():
    assert page.state_text(None) == ""
    assert page.state_text({"colour": "red", "version": 2}) == "colour: red; version: 2"
    assert page.state_text({"keys": ["a", "b"]}) == 'keys: ["a", "b"]'


def test_action_labels():
    assert page.action_label("override.set", "en") == "cell colour (override.set)"
    assert page.action_label("import", "ru") == "загрузка"
    assert page.action_label("something.new", "en") == "something.new"


def test_table_shows_entries_in_words():
    from svetofor.audit_text import Names
    from svetofor.store.audit import AuditEntry

    entry = AuditEntry(
        1,
        datetime(2026, 3, 6, 9, 30, tzinfo=UTC),
        "boris",
        "override.set",
        "М-31|BY",
        {"colour": "red"},
        {"colour": "yellow", "based_on": "red", "reason": "письмо"},
    )
    cells = page.render_table([entry], "ru", Names({"М-31": "Станки токарные"}, {})).children[1].children[0]
    assert [td.children for td in cells.children] == [
        "06.03.2026 12:30",  # the planners' local time
        "boris",
        "цвет ячейки задан вручную",
        "Станки токарные (М-31) — РБ",
        "красный → жёлтый; причина: письмо",
    ]
    assert cells.children[2].title == "override.set"  # the stored form stays in the tooltip
