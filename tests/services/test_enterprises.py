"""A suggestion's group merge through the service and the enterprises page's actions: one
transaction, all or nothing, refused to non-admins."""

from __future__ import annotations

from pathlib import Path

import pytest

from svetofor.auth import VIEWER, PermissionDenied, User
from svetofor.service import Svetofor
from svetofor.ui.actions import enterprises as actions
from tests.test_service import BY_ROWS, enterprise_key, svc, write_list

__all__ = ["svc"]
VIEWER_USER = User("viewer", VIEWER)


def _two_names(svc: Svetofor, tmp_path: Path) -> tuple[str, str]:
    rows = [
        *BY_ROWS[:2],
        *BY_ROWS[:2],
        (
            "М-2",
            "Обрабатывающий центр",
            "станок",
            "Фрезерные",
            "ОАО Гомельский станкостроительныи завод",
            "нет",
            None,
            None,
            "создание",
            2026,
            None,
        ),
    ]
    svc.import_file(write_list(tmp_path / "by.xlsx", rows), user="alice")
    view = svc.view()
    return enterprise_key(view, "станкостроительный"), enterprise_key(view, "станкостроительныи")


def test_a_group_merge_is_all_or_nothing(svc: Svetofor, tmp_path: Path) -> None:
    surviving, merged = _two_names(svc, tmp_path)
    before = len(svc.audit_entries())
    with pytest.raises(ValueError, match="unknown enterprise 'nope'"):
        svc.merge_group(surviving, [merged, "nope"], user="admin")
    assert svc.merge_info() == [] and len(svc.audit_entries()) == before
    svc.merge_group(surviving, [merged], user="admin")
    assert [(m.merged_key, m.surviving_key) for m in svc.merge_info()] == [(merged, surviving)]
    assert len(svc.audit_entries()) == before + 1


def test_a_group_merge_is_the_admins(svc: Svetofor, tmp_path: Path) -> None:
    surviving, merged = _two_names(svc, tmp_path)
    with pytest.raises(PermissionDenied):
        svc.merge_group(surviving, [merged], user=VIEWER_USER)


def test_actions_merge_undo_dismiss(svc: Svetofor, tmp_path: Path) -> None:
    surviving, merged = _two_names(svc, tmp_path)
    done = actions.merge_group(svc, "admin", [surviving, merged], surviving)
    assert (done.level, done.changed, done.message.id) == ("success", True, "enterprises.merged")
    undone = actions.undo(svc, "admin", merged)
    assert (undone.level, undone.message.id) == ("info", "enterprises.undone")
    assert svc.merge_info() == []
    refused = actions.dismiss(svc, VIEWER_USER, [surviving, merged])
    assert (refused.level, refused.changed) == ("danger", False) and refused.denied is not None
    dismissed = actions.dismiss(svc, "admin", [surviving, merged])
    assert (dismissed.level, dismissed.message.id) == ("info", "enterprises.dismissed")
    bad = actions.undo(svc, "admin", merged)
    assert bad.message.id == "enterprises.error" and not bad.ok
