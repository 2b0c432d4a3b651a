"""The service's position methods: suggestions, a merge's preview, merges, proposals and their
answers, unmerges and dismissals, with who may do each (a table per method)."""

from __future__ import annotations

from pathlib import Path

import pytest

from svetofor.auth import ADMIN, EDITOR_BY, EDITOR_RU, VIEWER, PermissionDenied, User
from svetofor.service import Svetofor
from svetofor.store import Store
from tests.position_lists import (
    BY_GRINDER,
    BY_MILL,
    BY_ROUND,
    BY_ROWS,
    RU_GRINDER,
    RU_MILL,
    RU_ROWS,
    write,
    write_lists,
)

ADMIN_U, ED_BY, ED_RU, VIEWER_U = (
    User("admin", ADMIN),
    User("ed-by", EDITOR_BY),
    User("ed-ru", EDITOR_RU),
    User("view", VIEWER),
)


@pytest.fixture
def svc(store: Store, tmp_path: Path) -> Svetofor:
    service = Svetofor(store)
    for path in write_lists(tmp_path):
        service.import_file(path, user=ADMIN_U)
    return service


def _pairs(svc: Svetofor) -> set[frozenset[str]]:
    return {frozenset((s.a_key, s.b_key)) for s in svc.position_suggestions()}


def test_suggestions_pair_the_wordings_and_never_the_other_grinder(svc: Svetofor) -> None:
    assert _pairs(svc) == {frozenset((BY_GRINDER, RU_GRINDER)), frozenset((BY_MILL, RU_MILL))}


def test_preview_shows_the_merged_colours_and_the_warning_it_raises(svc: Svetofor) -> None:
    before = svc.store.dump()
    preview = svc.preview_position_merge(BY_GRINDER, RU_GRINDER)
    assert svc.store.dump() == before  # nothing written
    assert preview.before == {
        BY_GRINDER: {"BY": "yellow", "RU": "red", "UNION": "yellow"},
        RU_GRINDER: {"BY": "red", "RU": "yellow", "UNION": "yellow"},
    }
    assert preview.after == {"BY": "yellow", "RU": "yellow", "UNION": "yellow"}
    assert [(w.kind, w.item) for w in preview.new_warnings] == [("parallel-new", BY_GRINDER)]
    mill = svc.preview_position_merge(BY_MILL, RU_MILL, name="Фреза концевая", code="И-1")
    assert (mill.name, mill.code) == ("Фреза концевая", "И-1")
    assert [(w.kind, w.item) for w in mill.new_warnings] == [("partner-covers", BY_MILL)]


def test_merge_makes_one_row_raises_the_warning_and_ends_the_suggestion(svc: Svetofor) -> None:
    assert svc.merge_positions(BY_GRINDER, RU_GRINDER, user=ADMIN_U, code="Ш-1") == "merged"
    view = svc.view()
    assert RU_GRINDER not in view.dataset.items and view.dataset.items[BY_GRINDER].code == "Ш-1"
    assert {r.country for r in view.dataset.records if r.item_key == BY_GRINDER} == {"BY", "RU"}
    assert ("parallel-new", BY_GRINDER) in {(w.kind, w.item) for w in view.warnings}
    assert _pairs(svc) == {frozenset((BY_MILL, RU_MILL))}
    svc.unmerge_position(RU_GRINDER, user=ADMIN_U)
    assert RU_GRINDER in svc.view().dataset.items
    assert frozenset((BY_GRINDER, RU_GRINDER)) in _pairs(svc)


def test_a_merge_survives_a_reimport_of_either_list(svc: Svetofor, tmp_path: Path) -> None:
    svc.merge_positions(BY_GRINDER, RU_GRINDER, user=ADMIN_U)
    for path in write_lists(tmp_path / "again"):
        svc.import_file(path, user=ADMIN_U)
    assert RU_GRINDER not in svc.view().dataset.items
    assert {r.country for r in svc.view().dataset.records if r.item_key == BY_GRINDER} == {"BY", "RU"}


def test_confirmed_merges_teach_the_matcher(svc: Svetofor, tmp_path: Path) -> None:
    head = ("Головка револьверная", "узел", "Узлы", "ОАО Минский станкозавод", "да", 5, None, None)
    svc.import_file(write(tmp_path / "by2.xlsx", [*BY_ROWS, head], "Беларусь"), user=ADMIN_U)
    svc.import_file(
        write(tmp_path / "ru2.xlsx", [*RU_ROWS, ("Голова револьверная", *head[1:])], "Россия"), user=ADMIN_U
    )
    assert svc.learned_positions().words == ()
    svc.merge_positions("головка револьверная", "голова револьверная", user=ADMIN_U)
    assert svc.learned_positions().words == (("головка", "голова"),)
    svc.store.positions.merge(BY_ROUND, BY_GRINDER, user="admin")  # a planner's choice, however odd
    assert svc.learned_positions().words == (("головка", "голова"),)  # qualifiers are never learned


@pytest.mark.parametrize(
    ("actor", "keep", "other", "outcome"),
    [
        (ADMIN_U, BY_GRINDER, RU_GRINDER, "merged"),
        (ED_BY, BY_GRINDER, RU_GRINDER, "proposed"),
        (ED_RU, BY_GRINDER, RU_GRINDER, "proposed"),
        (VIEWER_U, BY_GRINDER, RU_GRINDER, "denied"),
        (ED_BY, BY_GRINDER, BY_ROUND, "merged"),  # both of the editor's own country
        (ED_RU, BY_GRINDER, BY_ROUND, "denied"),  # none of the editor's country
    ],
)
def test_who_may_merge(svc: Svetofor, actor: User, keep: str, other: str, outcome: str) -> None:
    if outcome == "denied":
        with pytest.raises(
            PermissionDenied, match=rf"^{actor.name} \({actor.role}\) may not merge these positions$"
        ):
            svc.merge_positions(keep, other, user=actor)
        assert svc.position_merges() == [] and svc.position_proposals() == []
        return
    assert svc.merge_positions(keep, other, user=actor) == outcome
    merged = other not in svc.view().dataset.items
    assert merged is (outcome == "merged")
    assert [p.merged_key for p in svc.position_proposals()] == ([other] if outcome == "proposed" else [])


@pytest.mark.parametrize(
    ("actor", "allowed"), [(ED_RU, True), (ADMIN_U, True), (ED_BY, False), (VIEWER_U, False)]
)
def test_who_may_confirm_a_proposal_of_the_belarusian_editor(
    svc: Svetofor, actor: User, allowed: bool
) -> None:
    svc.merge_positions(BY_GRINDER, RU_GRINDER, user=ED_BY, name="Станок плоскошлифовальный")
    if not allowed:
        with pytest.raises(PermissionDenied, match="may not confirm this merge"):
            svc.confirm_position_merge(RU_GRINDER, user=actor)
        assert RU_GRINDER in svc.view().dataset.items
        return
    svc.confirm_position_merge(RU_GRINDER, user=actor)
    assert RU_GRINDER not in svc.view().dataset.items
    [merge] = svc.position_merges()
    assert (merge.author, merge.confirmed_by) == ("ed-by", actor.name)
    assert svc.position_proposals() == []


@pytest.mark.parametrize(
    ("actor", "allowed"), [(ED_BY, True), (ED_RU, True), (ADMIN_U, True), (VIEWER_U, False)]
)
def test_who_may_reject_or_withdraw_a_proposal(svc: Svetofor, actor: User, allowed: bool) -> None:
    svc.merge_positions(BY_GRINDER, RU_GRINDER, user=ED_BY)
    if not allowed:
        with pytest.raises(PermissionDenied, match="may not reject this merge"):
            svc.reject_position_merge(RU_GRINDER, user=actor)
        return
    svc.reject_position_merge(RU_GRINDER, user=actor)
    assert svc.position_proposals() == [] and RU_GRINDER in svc.view().dataset.items


@pytest.mark.parametrize(
    ("merge", "actor", "allowed"),
    [
        ((BY_GRINDER, RU_GRINDER), ADMIN_U, True),
        ((BY_GRINDER, RU_GRINDER), ED_BY, False),  # both ministries agreed: one alone cannot undo
        ((BY_GRINDER, BY_ROUND), ED_BY, True),
        ((BY_GRINDER, BY_ROUND), ED_RU, False),
        ((BY_GRINDER, BY_ROUND), VIEWER_U, False),
    ],
)
def test_who_may_unmerge(svc: Svetofor, merge: tuple[str, str], actor: User, allowed: bool) -> None:
    svc.merge_positions(*merge, user=ADMIN_U)
    if not allowed:
        with pytest.raises(PermissionDenied, match="may not undo this merge"):
            svc.unmerge_position(merge[1], user=actor)
        return
    svc.unmerge_position(merge[1], user=actor)
    assert merge[1] in svc.view().dataset.items


@pytest.mark.parametrize(
    ("pair", "actor", "allowed"),
    [
        ((BY_GRINDER, RU_GRINDER), ED_BY, True),
        ((BY_GRINDER, RU_GRINDER), ED_RU, True),
        ((BY_GRINDER, BY_ROUND), ED_RU, False),
        ((BY_GRINDER, RU_GRINDER), VIEWER_U, False),
    ],
)
def test_who_may_dismiss(svc: Svetofor, pair: tuple[str, str], actor: User, allowed: bool) -> None:
    if not allowed:
        with pytest.raises(PermissionDenied, match="may not dismiss this suggestion"):
            svc.dismiss_positions(pair, user=actor)
        return
    svc.dismiss_positions(pair, user=actor)
    assert frozenset(pair) not in _pairs(svc)
    assert svc.store.audit.entries(action="position-dismiss")[0].user == actor.name
