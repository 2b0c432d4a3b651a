"""Identity fill-in over the whole file: position keys and enterprise keys.

docs/domain.md §3: a position is identified by its code, else by its normalised name; a row
without a code takes the code another row gives the same name. An enterprise is its country and
tax id, else its country and identity name; a row without a tax id takes the one another row
gives the same enterprise name.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter

from svetofor.messages import msg
from svetofor.model import Enterprise
from svetofor.reading.block import Block
from svetofor.reading.notes import Notes, Place
from svetofor.vocabulary import enterprise_identity_name

Headers = dict[tuple[str | None, str], Place]


@dataclass
class ItemKeys:
    codes: list[str | None]  # each row's code, filled in from its name
    keys: list[str]  # each row's position key
    first_of_key: dict[str, int]  # each key's first row


def item_keys(b: Block, notes: Notes, headers: Headers) -> ItemKeys:
    code_by_name: dict[str, str] = {}
    for norm, code in zip(b.norm, b.code, strict=True):
        if code is not None and norm not in code_by_name:
            code_by_name[norm] = code
    codes = [c if c is not None else code_by_name.get(n) for c, n in zip(b.code, b.norm, strict=True)]
    keys = [c if c is not None else n for c, n in zip(codes, b.norm, strict=True)]
    # dict(zip(reversed(...))) keeps each key's FIRST row, built in C; the loops below run
    # over distinct values only.
    first_of_key = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))
    if code_by_name:
        _remark_code_names(b, codes, first_of_key, notes, headers)
    return ItemKeys(codes, keys, first_of_key)


def _remark_code_names(
    b: Block, codes: list[str | None], first_of_key: dict[str, int], notes: Notes, headers: Headers
) -> None:
    """One code under several names: the first name is used, the planner is told."""
    names_of_code: dict[str, list[str]] = {}
    for code, norm in dict.fromkeys(zip(codes, b.norm, strict=True)):
        if code is not None:
            names_of_code.setdefault(code, []).append(norm)
    for code, norms in names_of_code.items():
        if len(norms) < 2:
            continue
        k = first_of_key[code]
        others = list(
            dict.fromkeys(b.name[j] for j in range(len(b)) if codes[j] == code and b.norm[j] != b.norm[k])
        )
        notes.remark(
            msg(
                "reading.code_names",
                code=code,
                first=b.name[k],
                others=tuple(msg("reading.quoted", name=n) for n in others),
            ),
            b.sheet[k],
            b.number[k],
            headers.get((b.sheet[k], "item_code")),
            b.name[k],
        )


def enterprise_keys(
    b: Block, notes: Notes, headers: Headers
) -> tuple[list[str | None], dict[str, Enterprise]]:
    """Each row's enterprise key (None: the row names none) and the enterprises by key."""
    identities = {name: enterprise_identity_name(name) for name in set(b.enterprise) if name is not None}
    idents = [None if e is None else identities[e] for e in b.enterprise]
    with_tax = [
        ((country, ident), tax)
        for country, ident, tax in zip(b.country, idents, b.tax_id, strict=True)
        if ident is not None and tax is not None
    ]
    tax_by_name = dict(reversed(with_tax))
    enterprise_of: dict[tuple[str, str | None, str | None], str | None] = {}
    enterprises: dict[str, Enterprise] = {}
    triples = list(zip(b.country, idents, b.tax_id, strict=True))
    first_of_triple = dict(zip(reversed(triples), range(len(triples) - 1, -1, -1), strict=True))
    for triple, k in sorted(first_of_triple.items(), key=itemgetter(1)):
        country, ident, tax = triple
        if ident is None:
            enterprise_of[triple] = None
            continue
        tax = tax or tax_by_name.get((country, ident))
        key = f"{country}:{tax}" if tax else f"{country}:{ident}"
        enterprise_of[triple] = key
        if key not in enterprises:
            enterprises[key] = Enterprise(key, b.enterprise[k] or "", country, tax)
        elif tax and enterprise_identity_name(enterprises[key].name) != ident:
            # One tax id is one enterprise (docs/domain.md §3), but two different names under
            # it are a contradiction the planner should see: a renamed plant or a copied number.
            notes.remark(
                msg("reading.tax_names", tax=tax, first=enterprises[key].name, other=b.enterprise[k] or ""),
                b.sheet[k],
                b.number[k],
                headers.get((b.sheet[k], "tax_id")),
                b.name[k],
            )
    return [enterprise_of[t] for t in triples], enterprises
