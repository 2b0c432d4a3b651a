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
        if LATIN_WORD.search(CYRILLIC.sub("", russian)) is None and CYRILLIC.search(russian) is None:
            pass  # only digits and punctuation ("{name} ({date})"): nothing to check
        if key not in ENGLISH_MAY_SAY:
            assert not CYRILLIC.search(english), f"{key}: Russian in the English text: {english!r}"


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
ID_CALLS = {"msg", "text", "t", "_say", "h", "UploadRefused"}
# Ids the code builds from a prefix and a value (``t(f"colour.{c}.short", lang)``): every prefix
# found in the code must be listed here, and the entries under it count as used.
DYNAMIC_PREFIXES = {
    "audit.action.",
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
    "kind.",
    "network.mode.",
    "progress.",
    "progress.count.",
    "report.",
    "role.",
    "scope.",
    "warnings.fact.",
    "warnings.state.",
}


def _sources() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(SOURCE.rglob("*.py")):
        if path.parent.name != "messages":
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


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
            elif isinstance(node, ast.JoinedStr) and node.values:
                head = node.values[0]
                if isinstance(head, ast.Constant) and isinstance(head.value, str):
                    if re.fullmatch(r"[a-z_]+(\.[a-z_]+)*[._]", head.value):
                        prefixes.add(head.value)
            if isinstance(node, ast.Call) and _name(node) in ID_CALLS and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    if ID.fullmatch(first.value):  # not SQLAlchemy's text("ALTER TABLE ...")
                        called.add(first.value)
    return frozenset(called), frozenset(literals), frozenset(prefixes)


def test_every_id_the_code_asks_for_exists() -> None:
    called, _literals, _prefixes = _scan()
    assert len(called) > 300, "the scan found too few ids: has the calling convention changed?"
    missing = sorted(k for k in called if k not in CATALOGUE)
    assert not missing, missing


def test_every_dynamic_prefix_is_listed_and_names_entries() -> None:
    _called, _literals, found = _scan()
    ids = {p for p in found if any(k.startswith(p) for k in CATALOGUE)}
    assert ids == DYNAMIC_PREFIXES
    for prefix in DYNAMIC_PREFIXES:
        assert any(k.startswith(prefix) for k in CATALOGUE), prefix


def test_report_words_exist() -> None:
    from svetofor import report

    keys = set(re.findall(r"_w\(\s*[\"']([a-z_.]+)[\"']", (SOURCE / "report.py").read_text(encoding="utf-8")))
    keys |= {"improved", "regressed", "other"}  # _w(_direction(...)) names a direction
    missing = sorted(k for k in keys if report._SHARED.get(k, f"report.{k}") not in CATALOGUE)
    assert keys and not missing, missing


def test_no_entry_is_unused() -> None:
    _called, literals, _prefixes = _scan()
    # the report names its own entries by their short key (``_w("title", lang)``)
    literals = literals | {f"report.{k}" for k in literals}
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
