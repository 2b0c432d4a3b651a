"""What a button does, apart from Dash: each action takes the service, the acting user and plain
inputs, and returns one :class:`ActionResult`. Callbacks read their inputs, call an action and
show its result, so the work a button starts is unit-tested without a browser or a Dash app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from svetofor.auth import PermissionDenied
from svetofor.messages import Message

Level = Literal["success", "info", "warning", "danger"]


@dataclass(frozen=True)
class ActionResult:
    """The outcome of one action: the sentence for the planner, its alert colour, and whether the
    stored data changed (so the page knows to re-render). A refusal keeps the ``PermissionDenied``
    itself, since its sentence names the planner's role and countries (rendered at the edge)."""

    message: Message
    level: Level
    changed: bool
    denied: PermissionDenied | None = None

    @property
    def ok(self) -> bool:
        return self.level in ("success", "info")


__all__ = ["ActionResult", "Level"]
