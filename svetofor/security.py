"""Hardening rules shared by the service, the web app and the CLI (docs/security.md). Pure Python.

* :func:`safe_next` — where to go after sign-in: only a path on this site, never a 500;
* :data:`LIMITS` and :func:`check_text` — the most a planner may type into each free-text field,
  refused beyond with a located message rather than stored;
* :func:`plotly_text` — data text made literal for plotly, which reads a subset of HTML
  (``<a href>``, ``<span style>``, ``<br>``, ``<b>``) in every text of a figure;
* :func:`private_dir` / :func:`private_file` — the data directory and its files readable by
  the service account only (password hashes and uploads live there).
"""

from __future__ import annotations

import logging
import os
import posixpath
import stat
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit, urlunsplit

from svetofor.messages import MessageError, msg

log = logging.getLogger(__name__)

# ------------------------------------------------------------------------------ redirects


def _has_control(value: str) -> bool:
    # Browsers drop tabs and newlines inside a URL (``/\t/evil`` becomes ``//evil``), and a
    # newline in a header is refused by the server: either way the target is not a plain path.
    return any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in value)


def safe_next(target: object) -> str:
    """``target`` if it is a path on this site (with its query), else ``"/"``.

    Refused: anything but a string, schemes and hosts (``http://x``, ``//x``), backslashes
    (browsers read ``/\\x`` as ``//x``), control characters, and anything that still starts
    with ``//`` after parsing. Never raises, so a crafted ``next`` cannot cause a 500."""
    if not isinstance(target, str) or not target.startswith("/") or len(target) > MAX_NEXT:
        return "/"
    if target.startswith("//") or "\\" in target or _has_control(target) or target != target.strip():
        return "/"
    try:
        parts = urlsplit(target)
    except ValueError:
        return "/"
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return "/"
    # Dot segments and doubled slashes resolved as a browser would, then checked again.
    path = posixpath.normpath(parts.path) + ("/" if parts.path.endswith("/") and parts.path != "/" else "")
    clean = urlunsplit(("", "", path, parts.query, ""))
    return clean if clean.startswith("/") and not clean.startswith("//") else "/"


MAX_NEXT: Final = 2000  # a longer "next" is no page of this app

# ------------------------------------------------------------------------------ typed text

REASON = "reason"
SNAPSHOT_NAME = "snapshot_name"
USER_NAME = "user_name"
PASSWORD = "password"
FILTER_TEXT = "filter_text"
ITEM_KEY = "item_key"
FILE_NAME = "file_name"

# The most characters each free-text field takes. A reason is a sentence or two for a
# colleague, a name is a label: these leave ample room and keep one request from storing
# megabytes in the override, its history and the audit log. A password is hashed with scrypt
# on every sign-in: a cap keeps a sign-in from being made expensive on purpose.
LIMITS: Final[dict[str, int]] = {
    REASON: 2000,
    SNAPSHOT_NAME: 200,
    USER_NAME: 64,
    PASSWORD: 1024,
    FILTER_TEXT: 200,
    ITEM_KEY: 500,
    FILE_NAME: 255,
}

# How each field is named in a refusal (catalogue ids, docs/messages.md).
FIELD_NAMES: Final[dict[str, str]] = {
    REASON: "security.field.reason",
    SNAPSHOT_NAME: "security.field.snapshot_name",
    USER_NAME: "security.field.user_name",
    PASSWORD: "security.field.password",
    FILTER_TEXT: "security.field.filter_text",
    ITEM_KEY: "security.field.item_key",
    FILE_NAME: "security.field.file_name",
}


class TextTooLong(MessageError, ValueError):
    """Typed text beyond its field's limit; nothing was stored. A ``ValueError`` too, so every
    edge that answers bad input (API 400, CLI exit 2, a page's alert) answers this one."""

    def __init__(self, field: str, size: int) -> None:
        self.field, self.size, self.limit = field, size, LIMITS[field]
        super().__init__(msg("security.too_long", field=msg(FIELD_NAMES[field]), limit=self.limit, size=size))


def check_text(field: str, value: str | None) -> str:
    """``value`` (``""`` for ``None``) if it fits ``field``'s limit, else :class:`TextTooLong`."""
    value = value or ""
    if len(value) > LIMITS[field]:
        raise TextTooLong(field, len(value))
    return value


def clip_text(field: str, value: str | None) -> str:
    """``value`` cut to ``field``'s limit: for search filters, where refusing would be unkind."""
    return (value or "")[: LIMITS[field]]


# ------------------------------------------------------------------------------ figures


def plotly_text(value: object) -> str:
    """Data text shown literally by plotly: its ``&``, ``<`` and ``>`` as entities.

    Plotly splits a text at its tags before it decodes entities, so ``&lt;a&gt;`` stays the
    characters ``<a>`` and never becomes a link or a styled span in a page or an SVG export.
    Quotes need nothing: outside a tag they are plain characters."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ------------------------------------------------------------------------------ private files

DIR_MODE: Final = 0o700
FILE_MODE: Final = 0o600
PRIVATE_UMASK: Final = 0o077


def private_dir(path: str | Path) -> Path:
    """``path`` created 0700, or tightened to 0700 with a warning if it is open to others.

    The data directory holds the store (password hashes), the signing key and uploads: no
    other account on the machine may list or read it."""
    path = Path(path)
    if not path.exists():
        old = os.umask(PRIVATE_UMASK)
        try:
            path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        finally:
            os.umask(old)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("%s was open to other users (mode %o): tightened to %o", path, mode, DIR_MODE)
        os.chmod(path, DIR_MODE)
    return path


def private_file(path: str | Path) -> None:
    """Tighten an existing file to 0600 (a file made before this rule, or copied in)."""
    path = Path(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    if mode & 0o077:
        log.warning("%s was readable by other users (mode %o): tightened to %o", path, mode, FILE_MODE)
        os.chmod(path, FILE_MODE)


def private_tree(path: str | Path) -> None:
    """The data directory and every file and folder in it private (see :func:`private_dir`)."""
    root = private_dir(path)
    for entry in root.rglob("*"):
        if entry.is_symlink():
            continue  # never chmod what a link points to outside the data dir
        if entry.is_dir():
            private_dir(entry)
        else:
            private_file(entry)


__all__ = [
    "FIELD_NAMES",
    "LIMITS",
    "TextTooLong",
    "check_text",
    "clip_text",
    "plotly_text",
    "private_dir",
    "private_file",
    "private_tree",
    "safe_next",
]
