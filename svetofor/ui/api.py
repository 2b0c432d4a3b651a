"""A small JSON API next to the pages, for scripts and the load and crash tests.

It goes through the same service methods and permission checks as the pages' callbacks, behind
the same sign-in guard (:mod:`svetofor.ui.auth_routes`):

* ``GET  /api/cell?item=KEY&scope=BY`` — the cell: computed colour, override, version;
* ``POST /api/overrides`` — JSON ``{"item", "scope", "colour", "reason", "expected_version"}``
  (``"colour": null`` clears). 200 with the stored override; 409 with the cell as it is now
  when ``expected_version`` is not current (nothing is overwritten); 403 when the role does not
  allow it; 400 on bad input;
* ``POST /api/imports`` — multipart ``file`` (+ ``country``, ``mode`` replace|update), all or nothing; 400 with the
  located errors when the file has any.

Against cross-site requests: JSON bodies must say ``application/json`` and uploads must carry
``X-Requested-With`` (a plain HTML form can send neither), on top of SameSite cookies and the
guard's Origin check.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import flask

from svetofor.auth import PermissionDenied
from svetofor.messages import error_text, text
from svetofor.model import Override, effective_colour
from svetofor.store import ConflictError
from svetofor.ui import upload_quota
from svetofor.ui.api_schema import API_LANG, BadBody, parse_import_form, parse_override
from svetofor.ui.context import current_actor, current_user, data_dir, service
from svetofor.ui.importing import may_import, upload_folder

api = flask.Blueprint("svetofor_api", __name__, url_prefix="/api")


def _override_json(ov: Override | None) -> dict[str, Any] | None:
    if ov is None:
        return None
    return {
        "colour": ov.colour,
        "reason": ov.reason,
        "author": ov.author,
        "at": ov.created_at.isoformat(),
        "version": ov.version,
    }


def _error(status: int, message: str, **extra: Any):
    return flask.jsonify({"error": message, **extra}), status


@api.get("/cell")
def cell():
    item, scope = flask.request.args.get("item", ""), flask.request.args.get("scope", "")
    view = service().view()
    status = view.statuses.get(item, {}).get(scope)
    if status is None:
        return _error(404, f"no cell {item!r} / {scope!r}")
    ov = view.overrides.get((item, scope))
    return flask.jsonify(
        {
            "item": item,
            "scope": scope,
            "computed": status.colour,
            "colour": effective_colour(status, ov),
            "override": _override_json(ov),
            "version": ov.version if ov else 0,
        }
    )


def _bad_body(bad: BadBody):
    return _error(400, str(bad), field=bad.field, errors=bad.errors)


@api.post("/overrides")
def overrides():
    request = flask.request
    if not request.is_json:
        return _error(415, "send JSON (Content-Type: application/json)")
    try:
        body = parse_override(request.get_data(cache=False))
    except BadBody as bad:
        return _bad_body(bad)
    item, scope, colour, reason = body.item, body.scope, body.colour, body.reason
    expected = body.expected_version
    svc = service()
    try:
        if colour is None:
            svc.clear_override(item, scope, user=current_user(), expected_version=expected)
            return flask.jsonify({"item": item, "scope": scope, "override": None})
        ov = svc.set_override(item, scope, colour, reason, user=current_user(), expected_version=expected)
    except PermissionDenied as denied:
        return _error(403, str(denied))
    except ConflictError as conflict:
        current = conflict.current
        return _error(
            409,
            str(conflict),
            current=_override_json(current),
            version=current.version if current else 0,
        )
    except ValueError as bad:  # a limit of typed text speaks the catalogue's words
        return _error(400, error_text(bad, API_LANG))
    return flask.jsonify(
        {"item": item, "scope": scope, "override": _override_json(ov), "version": ov.version}
    )


@api.post("/imports")
def imports():
    request = flask.request
    if not request.headers.get("X-Requested-With"):
        return _error(400, "send the X-Requested-With header")
    actor = current_actor()
    if not may_import(actor):
        # Refused before the body is read: a viewer's file is never received.
        return _error(403, f"{actor.name} ({actor.role}) may not import lists")
    folder = upload_folder(data_dir())
    try:
        with upload_quota.reserve(folder, actor.name, request.content_length or 0):
            return _import_upload(request, folder)
    except upload_quota.QuotaExceeded as over:
        return _error(413, text(over.key, API_LANG, **({} if over.limit is None else {"limit": over.limit})))


def _import_upload(request: flask.Request, folder: Path):
    from svetofor.service import ImportRefused

    try:
        form = parse_import_form(request.form.to_dict())
    except BadBody as bad:
        return _bad_body(bad)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _error(400, "no file (multipart field 'file')")
    suffix = Path(upload.filename).suffix.lower()[:8]
    with tempfile.TemporaryDirectory(dir=folder) as tmp:  # 0700, removed with what it holds
        path = Path(tmp) / f"upload{suffix}"
        upload.save(path)
        upload.close()
        svc = service()
        try:
            record = svc.import_file(
                path, country=form.country, user=current_user(), file_name=upload.filename, mode=form.mode
            )
        except ImportRefused as refused:
            return _error(400, str(refused), errors=[p.to_json() for p in refused.errors])
        except PermissionDenied as denied:
            return _error(403, str(denied))
        except ValueError as bad:
            return _error(400, error_text(bad, API_LANG))
    return flask.jsonify(
        {
            "id": record.id,
            "file": record.file_name,
            "countries": list(record.countries),
            "items": record.items,
            "enterprises": record.enterprises,
            "records": record.records,
            "mode": form.mode,
        }
    )


class UploadRequest(flask.Request):
    """Flask's request, but a multipart file is received straight into the data dir's upload
    folder (0600, unlinked while open: a refused or crashed upload leaves nothing behind),
    never held in memory nor in the shared /tmp."""

    def _get_file_stream(
        self,
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None = None,
        content_length: int | None = None,
    ) -> Any:
        return tempfile.TemporaryFile(dir=upload_folder(data_dir()))


def install(server: flask.Flask) -> None:
    server.request_class = UploadRequest
    server.register_blueprint(api)


__all__ = ["api", "install"]
