"""Pure helpers of the import page: upload checks, the server-side upload folder, and the plain
data (mapping rows, error rows, the effect, the history) the page renders.

An upload never lives in the browser's store: its bytes go to ``<data dir>/uploads`` under a
random token, and only the token travels between callbacks. The token is the sole key, checked
against a strict pattern, so a tampered store cannot name any other file.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import math
import os
import pickle
import re
import secrets
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from svetofor.diff import change_line
from svetofor.messages import Param, format_datetime
from svetofor.model import COUNTRIES, SCOPES, ColumnMapping, Problem
from svetofor.pipeline import ImportPlan, ImportPreview
from svetofor.reader import MIB, default_max_bytes
from svetofor.ui.i18n import render, t
from svetofor.vocabulary import FIELDS

ALLOWED_EXTENSIONS: tuple[str, ...] = (".xlsx", ".xlsm", ".ods", ".csv", ".xls")
UPLOAD_DIR = "uploads"
UPLOAD_TTL_S = 24 * 3600  # an abandoned preview's file is removed after a day
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
_DATA_URL = re.compile(r"^data:[^,]*?(;base64)?,", re.ASCII)
IGNORE = ""  # the mapping grid's value for "ignore this column" (AG Grid selects need a string)
ERRORS_SHOWN = 2000  # beyond this the table says how many more; the file is refused anyway
LISTED = 30  # names listed per effect category before "… and N more"
FieldOverrides = dict[tuple[str | None, int], str | None]


class UploadRefused(Exception):
    """The upload is refused before reading; ``key`` is the i18n key, ``params`` its values."""

    def __init__(self, key: str, **params: Param) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.params)


def max_upload_bytes() -> int:
    """``SVETOFOR_MAX_UPLOAD_MB`` (default 20) in bytes: the reader's limit, one setting."""
    return default_max_bytes()


def request_limit_bytes(max_bytes: int | None = None) -> int:
    """Flask's ``MAX_CONTENT_LENGTH`` for a ``max_bytes`` upload sent as base64 inside JSON."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    return math.ceil(limit * 4 / 3) + 2 * MIB


def size_in_mib(size: int) -> float:
    """A size in MiB to one decimal, for the message (Babel writes it: "25,1" in Russian)."""
    return round(size / MIB, 1)


def check_name(file_name: str | None) -> str:
    """The file name if its extension is one the import takes, else :class:`UploadRefused`."""
    name = (file_name or "").strip()
    if not name:
        raise UploadRefused("import.refused.no_file")
    if Path(name).suffix.lower() not in ALLOWED_EXTENSIONS:
        raise UploadRefused("import.refused.type", name=name, allowed=tuple(ALLOWED_EXTENSIONS))
    return name


def decoded_size(contents: str) -> int:
    """The byte size a ``data:...;base64,`` URL decodes to, without decoding it."""
    match = _DATA_URL.match(contents)
    payload = len(contents) - (match.end() if match else 0)
    padding = len(contents) - len(contents.rstrip("="))
    return max(0, payload * 3 // 4 - padding)


def decode_upload(contents: str | None, file_name: str | None, max_bytes: int | None = None) -> bytes:
    """The bytes of a ``dcc.Upload`` data URL, after the name and the size are checked (the size
    before decoding, so an oversize upload costs no memory beyond the request itself)."""
    check_name(file_name)
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    if not contents:
        raise UploadRefused("import.refused.no_file")
    size = decoded_size(contents)
    if size > limit:
        raise UploadRefused("import.refused.size", size=size_in_mib(size), limit=size_in_mib(limit))
    match = _DATA_URL.match(contents)
    if match is None or not match.group(1):
        raise UploadRefused("import.refused.encoding")
    try:
        data = base64.b64decode(contents[match.end() :], validate=True)
    except (binascii.Error, ValueError):
        raise UploadRefused("import.refused.encoding") from None
    if not data:
        raise UploadRefused("import.refused.empty")
    return data


# ------------------------------------------------------------------------------ upload folder


@dataclass(frozen=True)
class Upload:
    """A kept upload: where its bytes are and what the planner called the file."""

    token: str
    path: Path
    name: str
    size: int
    sha256: str


def _folder(data_dir: str | Path) -> Path:
    folder = Path(data_dir) / UPLOAD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_upload(data_dir: str | Path, file_name: str, data: bytes, *, now: float | None = None) -> Upload:
    """Keep ``data`` in the data dir under a fresh random token; sweep day-old uploads."""
    folder = _folder(data_dir)
    sweep_uploads(folder, now=now)
    token = secrets.token_urlsafe(24)
    suffix = Path(file_name).suffix.lower()
    path = folder / f"{token}{suffix}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    meta = {
        "name": file_name,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "suffix": suffix,
    }
    (folder / f"{token}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return Upload(token, path, file_name, len(data), meta["sha256"])


def load_upload(data_dir: str | Path, token: object) -> Upload | None:
    """The upload of ``token``, or None if the token is malformed, unknown or swept."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    folder = Path(data_dir) / UPLOAD_DIR
    try:
        meta = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
        suffix = str(meta["suffix"])
        if suffix not in ALLOWED_EXTENSIONS:
            return None
        path = folder / f"{token}{suffix}"
        if not path.is_file():
            return None
        return Upload(token, path, str(meta["name"]), int(meta["size"]), str(meta["sha256"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _reading_key(country: str | None, overrides: FieldOverrides) -> str:
    """How the file was read (the country chosen, the planner's corrections), as one string."""
    return json.dumps([country, sorted((s or "", i, f or "") for (s, i), f in overrides.items())])


def keep_plan(
    data_dir: str | Path, upload: Upload, country: str | None, overrides: FieldOverrides, plan: ImportPlan
) -> None:
    """Keep the import plan of the preview beside its upload, for the import button: the
    preview and the import are separate jobs (maybe on separate workers sharing the data dir),
    and the import must commit what the planner saw, not read and compute it all again."""
    path = upload.path.with_name(f"{upload.token}.plan")
    tmp = path.with_name(f"{upload.token}.plan.tmp")
    with open(tmp, "wb") as handle:
        pickle.dump((_reading_key(country, overrides), plan), handle, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)  # a reader never sees half a plan


def kept_plan(
    data_dir: str | Path, token: object, country: str | None, overrides: FieldOverrides
) -> ImportPlan | None:
    """The plan kept for the upload of ``token`` read this way, or None (never planned, planned
    with other corrections, or swept). The file is the server's own, written by
    :func:`keep_plan` under a token checked against a strict pattern: no browser data is
    unpickled."""
    upload = load_upload(data_dir, token)
    if upload is None:
        return None
    try:
        with open(upload.path.with_name(f"{upload.token}.plan"), "rb") as handle:
            key, plan = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None
    return plan if key == _reading_key(country, overrides) and isinstance(plan, ImportPlan) else None


def discard_upload(data_dir: str | Path, token: object) -> None:
    upload = load_upload(data_dir, token)
    if upload is None:
        return
    for path in (
        upload.path,
        upload.path.with_name(f"{upload.token}.json"),
        upload.path.with_name(f"{upload.token}.plan"),
    ):
        with contextlib.suppress(OSError):
            path.unlink()


def sweep_uploads(folder: Path, *, now: float | None = None, ttl_s: float = UPLOAD_TTL_S) -> int:
    """Remove uploads older than ``ttl_s`` (a planner who closed the tab never cancels)."""
    now = time.time() if now is None else now
    removed = 0
    for path in folder.iterdir():
        try:
            if now - path.stat().st_mtime > ttl_s:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


# -------------------------------------------------------------------------------- mapping


def field_label(field: str | None, lang: str) -> str:
    return t(f"import.field.{field}", lang) if field else t("import.mapping.ignore", lang)


def field_ref_data(lang: str) -> dict[str, str]:
    """Value → label for the grid's field selector (value ``""`` ignores the column)."""
    return {
        IGNORE: t("import.mapping.ignore", lang),
        **{f: f"{t(f'import.field.{f}', lang)} ({f})" for f in FIELDS},
    }


def mapping_rows(mapping: Sequence[ColumnMapping]) -> list[dict[str, Any]]:
    """The grid rows of a detected mapping; ``id`` is stable across re-reads of the same file."""
    return [
        {
            "id": f"{m.sheet or ''}|{m.column_index}",
            "sheet": m.sheet or "",
            "index": m.column_index,
            "letter": m.letter,
            "header": m.header,
            "field": m.field or IGNORE,
        }
        for m in mapping
    ]


def field_overrides(
    rows: Iterable[Mapping[str, Any]], detected: Iterable[Mapping[str, Any]]
) -> list[list[Any]]:
    """The planner's corrections as JSON-safe ``[sheet|None, column, field|None]`` triples:
    only where the grid differs from what was detected, so an untouched grid reads the file as is."""
    before = {(r.get("sheet") or "", int(r["index"])): r.get("field") or IGNORE for r in detected}
    out = []
    for row in rows:
        key = (row.get("sheet") or "", int(row["index"]))
        chosen = row.get("field") or IGNORE
        if key in before and before[key] != chosen and (chosen == IGNORE or chosen in FIELDS):
            out.append([key[0] or None, key[1], chosen or None])
    return out


def merge_overrides(earlier: Iterable[Sequence[Any]], later: Iterable[Sequence[Any]]) -> list[list[Any]]:
    """Corrections made over several edits: a later choice for a column replaces the earlier."""
    merged: dict[tuple[Any, int], Any] = {}
    for sheet, index, field in [*earlier, *later]:
        merged[(sheet, int(index))] = field
    return [[sheet, index, field] for (sheet, index), field in merged.items()]


def overrides_dict(triples: Iterable[Sequence[Any]] | None) -> dict[tuple[str | None, int], str | None]:
    """The reader's ``field_overrides`` from the stored triples; malformed entries are dropped."""
    out: dict[tuple[str | None, int], str | None] = {}
    for entry in triples or ():
        try:
            sheet, index, field = entry
            index = int(index)
        except (TypeError, ValueError):
            continue
        if field is not None and field not in FIELDS:
            continue
        out[(sheet if isinstance(sheet, str) and sheet else None, index)] = field
    return out


# --------------------------------------------------------------------------- report and effect


def error_rows(problems: Sequence[Problem], limit: int = ERRORS_SHOWN) -> list[dict[str, Any]]:
    return [
        {
            "sheet": p.sheet or "",
            "row": p.row if p.row is not None else "",
            "column": p.column or "",
            "message": p.message,
        }
        for p in problems[:limit]
    ]


def change_lines(counts: Mapping[tuple[str, str, str], int], lang: str) -> list[str]:
    """ "РБ: 12 ячеек красный → жёлтый", in SCOPES order then by count (largest first)."""
    keys = sorted(counts, key=lambda k: (SCOPES.index(k[0]) if k[0] in SCOPES else 9, -counts[k]))
    return [render(change_line(*key, counts[key]), lang) for key in keys]


def _names(values: Sequence[str]) -> dict[str, Any]:
    return {"count": len(values), "names": list(values[:LISTED])}


def effect_of(preview: ImportPreview, lang: str) -> dict[str, Any]:
    """The preview of an import as plain JSON: what the page shows before anything is stored."""
    diff = preview.diff
    names = {k: i.name for k, i in (preview.dataset.items.items() if preview.dataset else ())}
    warnings = []
    for w in preview.new_warnings:
        where = names.get(w.item or "", w.item or "") if w.item else ", ".join(w.enterprises)
        warnings.append(
            f"{t(f'import.wkind.{w.kind}', lang)} ({t(f'import.severity.{w.severity}', lang)}): {where}"
        )
    stale = []
    for s in preview.stale_overrides:
        ov = s.override
        was = t(f"colour.{s.was}.short", lang) if s.was else "—"
        stale.append(
            f"{names.get(ov.item_key, ov.item_key)}, {t(f'scope.{ov.scope}', lang)}: "
            f"{t(f'colour.{ov.colour}.short', lang)} ✎ ({was} → {t(f'colour.{s.now}.short', lang)})"
        )
    already = preview.already_imported
    return {
        "countries": list(preview.countries),
        "changes": change_lines(diff.counts, lang),
        "changed": len(diff.changes),
        "new_items": _names([i.name for i in preview.new_items]),
        "removed_items": _names([i.name for i in preview.removed_items]),
        "new_enterprises": _names([e.name for e in preview.new_enterprises]),
        "removed_enterprises": _names([e.name for e in preview.removed_enterprises]),
        "new_warnings": _names(warnings),
        "stale_overrides": _names(stale),
        "already": None
        if already is None
        else {
            "id": already.id,
            "user": already.user,
            "at": format_time(already.at),
            "file": already.file_name,
        },
    }


def format_time(value: Any) -> str:
    return format_datetime(value) if isinstance(value, datetime) else str(value or "")


def history_rows(records: Iterable[Any]) -> list[dict[str, Any]]:
    """Import history as rows, newest first; ``duplicate_of`` marks a file imported before."""
    return [
        {
            "id": r.id,
            "user": r.user,
            "at": format_time(r.at),
            "file": r.file_name,
            "hash": r.file_hash[:12],
            "countries": ", ".join(r.countries),
            "items": r.items,
            "enterprises": r.enterprises,
            "records": r.records,
            "duplicate_of": r.duplicate_of,
        }
        for r in records
    ]


__all__ = [
    "ALLOWED_EXTENSIONS",
    "IGNORE",
    "Upload",
    "UploadRefused",
    "change_lines",
    "check_name",
    "decode_upload",
    "decoded_size",
    "discard_upload",
    "effect_of",
    "error_rows",
    "field_overrides",
    "field_ref_data",
    "history_rows",
    "keep_plan",
    "kept_plan",
    "load_upload",
    "mapping_rows",
    "max_upload_bytes",
    "merge_overrides",
    "overrides_dict",
    "request_limit_bytes",
    "save_upload",
]


# ------------------------------------------------------------------------------ who may import


def may_import(user: Any) -> bool:
    """Whether ``user`` may import any country's list at all (a viewer may not)."""
    from svetofor.auth import IMPORT, can

    return any(can(user, IMPORT, country) for country in COUNTRIES)


def import_denial(user: Any, result: Any, lang: str) -> str:
    """Why ``user`` may not import the read file ``result``, in the planner's language, or
    ``""`` if they may. The page disables its button on this; the service refuses anyway."""
    from svetofor.auth import IMPORT, PermissionDenied, can
    from svetofor.lists import file_countries
    from svetofor.ui.overrides import denied_text

    refused = [c for c in file_countries(result) if not can(user, IMPORT, c)]
    if not refused:
        return ""
    return denied_text(PermissionDenied("", user=user, action=IMPORT, scope=", ".join(refused)), lang)
