"""The whole catalogue: every entry speaks its language, every id the code asks for exists, and
every entry is asked for somewhere (an unused entry is a text nobody can see or keep right)."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

import pytest

from svetofor.messages import msg, render
from svetofor.messages.catalogue import AREAS, CATALOGUE
from svetofor.messages.core import Template

SOURCE = Path(__file__).resolve().parents[2] / "svetofor"
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN_WORD = re.compile(r"(?:--)?[A-Za-z][A-Za-z_+\-]*")
ID = re.compile(r"[a-z_]+(\.[A-Za-z0-9_?\-]+)+")

# Latin words a Russian text may hold, and why: commands and options the user types, file
# formats, product and library names, the language switch (which names the other language).
RUSSIAN_MAY_SAY = {
    "nav.lang": {"English"},
    "history.hash": {"SHA-"},
    "progress.report.html": {"HTML"},
    "progress.report.pdf": {"PDF"},
    "audit.export": {"CSV"},
    "import.hint": {"xlsx", "xlsm", "ods", "csv"},
    "cli.help.json": {"JSON-"},
    "cli.help.output": {"stdout"},
    "cli.help.password_stdin": {"stdin"},
    "cli.help.export": {"png", "svg", "pdf", "xlsx"},
    "cli.help.kind": {"machine", "component", "tool"},
    "cli.help.country": {"BY", "RU"},
    "cli.bad.country": {"BY", "RU"},
    "cli.help.users": {"add", "remove", "passwd", "list"},
    "cli.help.report": {"PDF", "HTML"},
    "cli.help.format": {"OUT"},
    "cli.help.hint": {"svetofor", "--help"},
    "cli.help.data_dir": {"instance"},
    "cli.help.page": {"PDF"},
    "cli.password.tty": {"--password-stdin"},
    "cli.failed": {"svetofor"},
    "cli.serve.refused": {"svetofor", "serve", "users", "add", "--role", "admin", "--data-dir"},
    "cli.serve.running": {"Svetofor", "Ctrl+C"},
    "image.too_tall": {"PNG", "PDF"},
    "image.failed": {"Chromium", "apt-get", "install", "chromium", "BROWSER_PATH"},
    "report.no_chromium": {"Chromium", "apt-get", "install", "chromium", "BROWSER_PATH"},
    "report.print_failed": {"Chromium"},
    "report.timeout": {"PDF"},
    "reading.not_spreadsheet": {"xlsx", "xlsm", "xls", "ods", "csv"},
    "reading.text_not_workbook": {"Excel", "ODS", "xlsx", "csv"},
    "reading.xls_as_xlsx": {"Excel", "xls", "xlsx"},
    "reading.other_format": {"xlsx", "xlsm", "xls", "ods", "csv"},
    "reading.kind.pdf": {"PDF"},
    "reading.kind.docx": {"Word", "docx"},
    "reading.kind.zip": {"zip-"},
    "reading.kind.rar": {"RAR", "z"},
    "reading.kind.ole": {"Microsoft", "Office", "Excel"},
    "reading.encrypted": {"Excel"},
    "reading.xml_dtd": {"DOCTYPE", "ENTITY"},
    "reading.unzipped_too_big": {"zip-"},
    "reading.ratio": {"zip-"},
    "reading.too_many_parts": {"zip-"},
    "reading.csv_broken": {"CSV-"},
    "reading.no_country_sheet": {"--country", "BY", "RU"},
    "reading.no_country_row": {"BY", "RU"},
    "reading.value.country": {"BY", "RU"},
    "reading.formula": {"Excel"},
    "reading_package.unsupported": {"Excel"},
    "reading_package.unsupported_zip": {"Excel"},
}
# An English text may hold Cyrillic only to name the other language on the switch.
ENGLISH_MAY_SAY = {"nav.lang"}


def _fields(template: Template) -> set[str]:
    texts = [template] if isinstance(template, str) else list(template.values())
    return {f for t in texts for _, f, _, _ in string.Formatter().parse(t) if f}


def _sample(key: str, lang: str, n: int) -> str:
    """The entry rendered with digits for every parameter: only the template's own words show."""
    ru, en = CATALOGUE[key]
    params = {f: (n if f == "n" else "7") for f in _fields(ru) | _fields(en)}
    return render(msg(key, **params), lang)


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_entry_speaks_its_language(key: str) -> None:
    for n in (1, 2, 5):
        russian, english = _sample(key, "ru", n), _sample(key, "en", n)
        latin = set(LATIN_WORD.findall(russian)) - RUSSIAN_MAY_SAY.get(key, set())
        assert not latin, f"{key}: English in the Russian text: {russian!r}"
        if key not in ENGLISH_MAY_SAY:
            assert not CYRILLIC.search(english), f"{key}: Russian in the English text: {english!r}"


def test_the_script_check_sees_a_wrong_language() -> None:
    # the two patterns the test above relies on, on texts that break the rule
    assert LATIN_WORD.findall("РФ: 1 ячейка yellow → green") == ["yellow", "green"]
    assert CYRILLIC.search("RU: 1 cell жёлтый → green")
    assert not LATIN_WORD.findall("РФ: 1 200 ячеек жёлтый → зелёный (7; 7)")


@pytest.mark.parametrize("key", sorted(k for k, (ru, _en) in CATALOGUE.items() if not isinstance(ru, str)))
def test_plural_entries_have_every_form_of_their_language(key: str) -> None:
    ru, en = CATALOGUE[key]
    assert isinstance(ru, Mapping) and isinstance(en, Mapping)
    assert {"one", "few", "many", "other"} <= set(ru), key
    assert {"one", "other"} <= set(en), key


def test_areas_are_registered_once_and_hold_only_their_own_texts() -> None:
    assert len({a.__name__ for a in AREAS}) == len(AREAS)
    assert sum(len(a.TEXT) for a in AREAS) == len(CATALOGUE)


# ------------------------------------------------------------------------------ ids in the code

# Calls whose first argument is a catalogue id.
ID_CALLS = {"msg", "text", "t", "_say", "h", "UploadRefused", "_counted"}
# Ids the code builds from a prefix and a value (``t(f"colour.{c}.short", lang)``): every prefix
# found in the code must be listed here, and the entries under it count as used when the value
# is one the code names somewhere (``"green"`` in ``COLOURS``).
DYNAMIC_PREFIXES = {
    "audit.action.",
    "audit.words.",
    "cli.unknown_value.",
    "colour.",
    "country.",
    "dropdown.",
    "error.denied.",
    "export.header.",
    "filter.only_",
    "import.effect.",
    "import.field.",
    "import.severity.",
    "import.wkind.",
    "matching.kind.",
    "kind.",
    "network.mode.",
    "progress.",
    "progress.count.",
    "role.",
    "scope.",
    "template.invalid.",
    "warnings.fact.",
    "warnings.state.",
}
# Literals shaped like an id of an area that are something else: file names, a SQL column.
NOT_IDS = {"report.html", "report.pdf", "enterprises.enterprise_key"}
AREA_HEADS = {key.split(".")[0] for key in CATALOGUE}


def _sources() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(SOURCE.rglob("*.py")):
        if path.parent.name != "messages":
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _first_literal(call: ast.Call) -> str | None:
    first = call.args[0] if call.args else None
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return None


def _prefix(node: ast.JoinedStr) -> str | None:
    head = node.values[0] if node.values else None
    is_text = isinstance(head, ast.Constant) and isinstance(head.value, str)
    return head.value if is_text and re.fullmatch(r"[a-z_]+(\.[a-z_]+)*[._]", head.value) else None


@cache
def _scan() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(ids passed literally to an id call, every string literal, f-string prefixes of ids)."""
    called: set[str] = set()
    literals: set[str] = set()
    prefixes: set[str] = set()
    for _path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr) and (prefix := _prefix(node)) is not None:
                prefixes.add(prefix)
            if isinstance(node, ast.Call) and _name(node) in ID_CALLS:
                first = _first_literal(node)
                if first is not None and ID.fullmatch(first):  # not SQLAlchemy's text("ALTER ...")
                    called.add(first)
    return frozenset(called), frozenset(literals), frozenset(prefixes)


def test_every_id_the_code_asks_for_exists() -> None:
    called, _literals, _prefixes = _scan()
    assert len(called) > 300, "the scan found too few ids: has the calling convention changed?"
    missing = sorted(k for k in called if k not in CATALOGUE)
    assert not missing, missing


def test_every_literal_shaped_like_an_id_exists() -> None:
    """Ids also travel in tuples and tables (``("report.added", cmp.added)``) before a call."""
    _called, literals, _prefixes = _scan()
    allowed = NOT_IDS | DYNAMIC_PREFIXES | {p.rstrip("._") for p in DYNAMIC_PREFIXES}
    shaped = {s for s in literals if ID.fullmatch(s) and s.split(".")[0] in AREA_HEADS}
    missing = sorted(s for s in shaped - allowed if s not in CATALOGUE)
    assert not missing, missing


def test_every_dynamic_prefix_is_listed_and_names_entries() -> None:
    _called, _literals, found = _scan()
    ids = {p for p in found if any(k.startswith(p) for k in CATALOGUE)}
    assert ids == DYNAMIC_PREFIXES
    for prefix in DYNAMIC_PREFIXES:
        assert any(k.startswith(prefix) for k in CATALOGUE), prefix


def test_no_entry_is_unused() -> None:
    _called, literals, _prefixes = _scan()
    # a prefix only vouches for the entries whose remaining part the code can name
    unused = sorted(
        k
        for k in CATALOGUE
        if k not in literals
        and not any(k.startswith(p) and _dynamic_use(k, p, literals) for p in DYNAMIC_PREFIXES)
    )
    assert not unused, unused


def _dynamic_use(key: str, prefix: str, literals: frozenset[str]) -> bool:
    """``colour.green.short`` is used by ``f"colour.{c}.short"`` when "green" is a value the code
    knows (a literal somewhere, e.g. in ``COLOURS``); the rest after the value is not checked."""
    rest = key[len(prefix) :]
    value = re.split(r"\.(?=[a-z_]+$)", rest)[0]
    return value in literals or rest in literals
