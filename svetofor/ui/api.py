"""A small JSON API next to the pages, for scripts and the load and crash tests.

It goes through the same service methods and permission checks as the pages' callbacks, behind
the same sign-in guard (:mod:`svetofor.ui.auth_routes`):

* ``GET  /api/cell?item=KEY&scope=BY`` — the cell: computed colour, override, version;
* ``POST /api/overrides`` — JSON ``{"item", "scope", "colour", "reason", "expected_version"}``
  (``"colour": null`` clears). 200 with the stored override; 409 with the cell as it is now
  when ``expected_version`` is not current (nothing is overwritten); 403 when the role does not
  allow it; 400 on bad input;
* ``POST /api/imports`` — multipart ``file`` (+ ``country``), all or nothing; 400 with the
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
from svetofor.model import Override, effective_colour
from svetofor.store import ConflictError
from svetofor.ui.context import current_user, data_dir, service

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


@api.post("/overrides")
def overrides():
    request = flask.request
    if not request.is_json:
        return _error(415, "send JSON (Content-Type: application/json)")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _error(400, "the body must be a JSON object")
    item, scope = body.get("item"), body.get("scope")
    colour, reason = body.get("colour"), body.get("reason") or ""
    expected = body.get("expected_version")
    if not isinstance(item, str) or not isinstance(scope, str):
        return _error(400, "item and scope are required strings")
    if expected is not None and (not isinstance(expected, int) or isinstance(expected, bool)):
        return _error(400, "expected_version must be an integer")
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
    except ValueError as bad:
        return _error(400, str(bad))
    return flask.jsonify(
        {"item": item, "scope": scope, "override": _override_json(ov), "version": ov.version}
    )


@api.post("/imports")
def imports():
    from svetofor.service import ImportRefused

    request = flask.request
    if not request.headers.get("X-Requested-With"):
        return _error(400, "send the X-Requested-With header")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _error(400, "no file (multipart field 'file')")
    country = request.form.get("country") or None
    folder = data_dir() / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(upload.filename).suffix.lower()[:8]
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        path = Path(tmp) / f"upload{suffix}"
        upload.save(path)
        svc = service()
        try:
            record = svc.import_file(path, country=country, user=current_user(), file_name=upload.filename)
        except ImportRefused as refused:
            return _error(400, str(refused), errors=[p.to_json() for p in refused.errors])
        except PermissionDenied as denied:
            return _error(403, str(denied))
        except ValueError as bad:
            return _error(400, str(bad))
    return flask.jsonify(
        {
            "id": record.id,
            "file": record.file_name,
            "countries": list(record.countries),
            "items": record.items,
            "enterprises": record.enterprises,
            "records": record.records,
        }
    )


def install(server: flask.Flask) -> None:
    server.register_blueprint(api)


__all__ = ["api", "install"]
