"""The one exception of the reader: a whole-file refusal, caught in :mod:`files`."""

from __future__ import annotations

from svetofor.messages import Message, MessageError


class Refused(MessageError):
    """A whole-file refusal; its message becomes the only error, located on ``sheet`` when one
    sheet is to blame (a broken or oversized sheet of a workbook)."""

    def __init__(self, message: Message, sheet: str | None = None) -> None:
        super().__init__(message)
        self.sheet = sheet
