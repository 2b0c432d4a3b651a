"""The enterprises page's buttons (docs/domain.md §5): keep one side of a "same enterprise?"
suggestion (the others are merged into it, in one transaction), dismiss it, or undo a merge."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from svetofor.auth import PermissionDenied, User
from svetofor.messages import msg
from svetofor.service import Svetofor
from svetofor.ui.actions import ActionResult


def _guarded(run: Callable[[], ActionResult]) -> ActionResult:
    """A refusal or a rejected merge becomes a danger result; nothing was stored then."""
    try:
        return run()
    except PermissionDenied as denied:
        return ActionResult(msg("error.denied"), "danger", changed=False, denied=denied)
    except (ValueError, IndexError) as exc:
        return ActionResult(msg("enterprises.error", error=str(exc)), "danger", changed=False)


def merge_group(svc: Svetofor, user: str | User, group: Sequence[str], surviving: str) -> ActionResult:
    """Merge every other enterprise of ``group`` into ``surviving``."""

    def run() -> ActionResult:
        if surviving not in group:
            raise ValueError(f"{surviving!r} is not in the suggestion")
        # the names before the merge: a merged enterprise leaves the view
        names = {k: e.name for k, e in svc.view().dataset.enterprises.items()}
        merged = [k for k in group if k != surviving]
        svc.merge_group(surviving, merged, user=user)
        return ActionResult(
            msg(
                "enterprises.merged",
                merged=", ".join(names.get(k, k) for k in merged),
                surviving=names.get(surviving, surviving),
            ),
            "success",
            changed=True,
        )

    return _guarded(run)


def dismiss(svc: Svetofor, user: str | User, group: Sequence[str]) -> ActionResult:
    """Never suggest these enterprises as one again."""

    def run() -> ActionResult:
        svc.dismiss_suggestion(frozenset(group), user=user)
        return ActionResult(msg("enterprises.dismissed"), "info", changed=True)

    return _guarded(run)


def undo(svc: Svetofor, user: str | User, merged_key: str) -> ActionResult:
    """Undo the merge of ``merged_key``: its records are its own enterprise's again."""

    def run() -> ActionResult:
        svc.unmerge(merged_key, user=user)
        return ActionResult(msg("enterprises.undone"), "info", changed=True)

    return _guarded(run)
