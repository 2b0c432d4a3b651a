"""The one exception of the reader: a whole-file refusal, caught in :mod:`files`."""

from __future__ import annotations

from svetofor.messages import MessageError


class Refused(MessageError):
    """A whole-file refusal; its message becomes the only error."""
