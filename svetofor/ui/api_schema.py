"""The JSON API's request bodies as pydantic models (docs/security.md): a body of the wrong
shape — malformed JSON, a wrong type, an unknown field — is answered 400 naming the field,
before any service call; never a 500.

Strict: ``"1"`` is no integer and ``true`` no version; unknown fields are refused rather than
ignored, so a misspelt ``"reson"`` does not silently store an override without its reason.
Lengths of typed text are left to the service (:func:`svetofor.security.check_text`), which
refuses them with the catalogue's message for every edge alike.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from svetofor.messages import text
from svetofor.security import ITEM_KEY, LIMITS

Scope = Literal["BY", "RU", "UNION"]
OverrideColour = Literal["green", "yellow", "red"]
API_LANG = "en"  # the API speaks to scripts; its errors are in English


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class OverrideBody(_Body):
    """``POST /api/overrides``: ``colour: null`` (or absent) clears the cell."""

    item: str = Field(min_length=1, max_length=LIMITS[ITEM_KEY])
    scope: Scope
    colour: OverrideColour | None = None
    reason: str = ""
    expected_version: int | None = Field(default=None, ge=0)


class ImportForm(_Body):
    """``POST /api/imports``: the multipart form's fields besides the file."""

    country: Literal["BY", "RU"] | None = None
    mode: Literal["replace", "update"] = "replace"


class BadBody(ValueError):
    """The body does not fit its schema: ``field`` is the first bad one (``"body"`` for the
    whole), ``errors`` every problem as ``{"field", "message"}``."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        self.errors = errors
        self.field = errors[0]["field"] if errors else "body"
        first = errors[0] if errors else {"field": "body", "message": ""}
        super().__init__(
            text("security.api.bad_field", API_LANG, field=first["field"], problem=first["message"])
        )


def _problems(error: ValidationError) -> list[dict[str, str]]:
    return [
        {"field": ".".join(str(part) for part in e["loc"]) or "body", "message": str(e["msg"])}
        for e in error.errors(include_url=False, include_input=False)
    ]


def parse_override(raw: bytes) -> OverrideBody:
    """The override body of a request, or :class:`BadBody`."""
    try:
        return OverrideBody.model_validate_json(raw)
    except ValidationError as error:
        raise BadBody(_problems(error)) from None


def parse_import_form(form: dict[str, Any]) -> ImportForm:
    """The import form's fields (an empty ``country`` means "from the file"), or :class:`BadBody`."""
    values = {key: value for key, value in form.items() if value != ""}
    try:
        return ImportForm.model_validate(values)
    except ValidationError as error:
        raise BadBody(_problems(error)) from None


__all__ = ["BadBody", "ImportForm", "OverrideBody", "parse_import_form", "parse_override"]
