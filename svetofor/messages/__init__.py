"""The one message catalogue: every text a user reads, in Russian and English.

Core modules never build sentences. They return a :class:`Message` — a catalogue id and its
parameters — and the edge that shows it (a page, the command line, an export) renders it in
the reader's language with :func:`render`. Numbers, dates and plurals are formatted by Babel
with the language's own rules, so no module carries a number formatter or a plural function
of its own.

The entries live in the area modules of this package (``reading``, ``rules``, ``ui``, ...),
gathered into one table by :mod:`svetofor.messages.catalogue`; an id is unique across them
(checked at import). See ``docs/domain.md`` for the domain words the catalogue uses.
"""

from __future__ import annotations

from svetofor.messages.core import (
    DEFAULT_LANG,
    LANGS,
    Lang,
    Message,
    MessageError,
    Param,
    error_text,
    format_date,
    format_datetime,
    format_number,
    join,
    msg,
    norm_lang,
    plural_category,
    render,
    text,
)

__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "Lang",
    "Message",
    "MessageError",
    "Param",
    "error_text",
    "format_date",
    "format_datetime",
    "format_number",
    "join",
    "msg",
    "norm_lang",
    "plural_category",
    "render",
    "text",
]
