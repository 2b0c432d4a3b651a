"""The one exception of the reader: a whole-file refusal, caught in :mod:`files`."""

from __future__ import annotations


class Refused(Exception):
    """A whole-file refusal; its message becomes the only error."""
