"""Caps on uploads, shared by every worker and instance on one data directory (docs/security.md).

An upload is refused before its bytes are written when it would exceed any of:

* ``SVETOFOR_UPLOAD_USER_MB`` (default: 3 uploads of the largest size) kept for one user;
* ``SVETOFOR_UPLOAD_TOTAL_MB`` (default: 10 of them) kept for everyone together;
* ``MAX_RECEIVING_PER_USER`` uploads of one user being received at once, and
  ``MAX_RECEIVING_TOTAL`` of everyone's.

The count lives in the upload folder itself, not in process memory: every kept upload's
metadata names its user and size, and an upload being received holds a reservation file
(``.receiving/<user>.<token>``, with its size) until it is kept or refused. A reservation is
made first and counted after, so two uploads racing for the last place both see each other and
neither exceeds a cap. Reservations of a crashed worker are ignored after ``STALE_S``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

from svetofor.reading import MIB, default_max_bytes

RECEIVING = ".receiving"
STALE_S = 15 * 60
MAX_RECEIVING_PER_USER = 2
MAX_RECEIVING_TOTAL = 6
USER_CAP_ENV = "SVETOFOR_UPLOAD_USER_MB"
TOTAL_CAP_ENV = "SVETOFOR_UPLOAD_TOTAL_MB"


class QuotaExceeded(Exception):
    """An upload over a cap; ``key`` names the catalogue message, ``limit`` the cap in MiB."""

    def __init__(self, key: str, limit: float | None = None) -> None:
        super().__init__(key)
        self.key, self.limit = key, limit


def _cap(env: str, uploads: int) -> int:
    try:
        megabytes = float(os.environ.get(env, "") or 0)
    except ValueError:
        megabytes = 0
    return int(megabytes * MIB) if megabytes > 0 else uploads * default_max_bytes()


def user_cap_bytes() -> int:
    return _cap(USER_CAP_ENV, 3)


def total_cap_bytes() -> int:
    return _cap(TOTAL_CAP_ENV, 10)


def user_tag(user: str) -> str:
    """A file-name-safe tag of a user name (names may hold ``@`` and ``.``)."""
    return hashlib.sha256(user.encode()).hexdigest()[:16]


def _kept(folder: Path) -> Iterator[tuple[str, int]]:
    """``(user tag, size)`` of every kept upload."""
    for meta in folder.glob("*.json"):
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
            data = json.loads(meta.read_text(encoding="utf-8"))
            yield str(data.get("user_tag", "")), int(data["size"])


def _receiving(folder: Path, now: float) -> Iterator[tuple[str, int]]:
    """``(user tag, size)`` of every live reservation; stale ones are removed."""
    for path in (folder / RECEIVING).glob("*.*"):
        try:
            if now - path.stat().st_mtime > STALE_S:
                path.unlink()
                continue
            yield path.name.split(".", 1)[0], int(path.read_text() or 0)
        except (OSError, ValueError):
            continue


def _check(folder: Path, tag: str, now: float) -> None:
    receiving = list(_receiving(folder, now))
    if sum(1 for t, _ in receiving if t == tag) > MAX_RECEIVING_PER_USER:
        raise QuotaExceeded("security.upload.busy_user")
    if len(receiving) > MAX_RECEIVING_TOTAL:
        raise QuotaExceeded("security.upload.busy")
    everything = [*receiving, *_kept(folder)]
    if sum(size for t, size in everything if t == tag) > user_cap_bytes():
        raise QuotaExceeded("security.upload.quota_user", round(user_cap_bytes() / MIB, 1))
    if sum(size for _, size in everything) > total_cap_bytes():
        raise QuotaExceeded("security.upload.quota_total", round(total_cap_bytes() / MIB, 1))


@contextlib.contextmanager
def reserve(folder: str | Path, user: str, size: int, *, now: float | None = None) -> Iterator[str]:
    """Hold a place for an upload of ``size`` bytes by ``user`` while it is received (yields
    the user's tag for its metadata), or :class:`QuotaExceeded` at once. The reservation
    ends with the block, whether the upload was kept or refused."""
    folder = Path(folder)
    (folder / RECEIVING).mkdir(mode=0o700, exist_ok=True)
    tag = user_tag(user)
    path = folder / RECEIVING / f"{tag}.{secrets.token_hex(8)}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(str(int(size)))
    try:
        _check(folder, tag, time.time() if now is None else now)
        yield tag
    finally:
        path.unlink(missing_ok=True)


__all__ = ["QuotaExceeded", "reserve", "total_cap_bytes", "user_cap_bytes", "user_tag"]
