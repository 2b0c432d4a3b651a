"""The pure hardening rules (svetofor/security.py): where a sign-in may send a planner, limits on
typed text, text made literal for plotly, private files. The HTTP attacks on them are in
tests/test_security_http.py."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from svetofor import auth, security
from svetofor.security import LIMITS, TextTooLong, check_text, plotly_text, safe_next
from svetofor.store import Store


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/table?lang=en", "/table?lang=en"),
        ("/", "/"),
        ("/progress/", "/progress/"),
        ("/a//b", "/a/b"),
        ("/ok/../table", "/table"),
        ("/..//evil.example", "/evil.example"),
        ("/%2F%2Fevil.example", "/%2F%2Fevil.example"),  # encoded: a path here, not a host
        ("/table#frag", "/table"),
        ("/\t/evil.example", "/"),  # browsers drop the tab: //evil.example
        ("/\n/evil.example", "/"),
        ("/\r\nSet-Cookie: x=1", "/"),
        ("/\x00", "/"),
        ("/\x7f", "/"),
        ("//evil.example/", "/"),
        ("///evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("\\\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("HTTP://evil.example", "/"),
        (" /table", "/"),
        ("/table ", "/"),
        ("table", "/"),
        ("", "/"),
        (None, "/"),
        (["/table"], "/"),
        ("/" + "a" * 5000, "/"),
        ("/[", "/["),  # urlsplit would raise on "//[": it never gets that far
        ("//[", "/"),
    ],
)
def test_next_is_only_a_path_on_this_site(target: object, expected: str) -> None:
    assert safe_next(target) == expected


def test_text_beyond_its_limit_is_refused_with_a_located_message() -> None:
    assert check_text(security.REASON, "x" * LIMITS[security.REASON]) == "x" * 2000
    assert check_text(security.REASON, None) == ""
    with pytest.raises(TextTooLong) as refused:
        check_text(security.REASON, "x" * 2_000_000)
    assert str(refused.value) == "Причина: не больше 2 000 знаков (введено: 2 000 000)"
    assert refused.value.text("en") == "Reason: at most 2,000 characters (given: 2,000,000)"
    assert isinstance(refused.value, ValueError)  # every edge answers it as bad input
    assert security.clip_text(security.FILTER_TEXT, "y" * 500) == "y" * LIMITS[security.FILTER_TEXT]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: auth.add_user(s, "a" * 65, "password-1", "viewer", actor=auth.SYSTEM),
         "Имя пользователя: не больше 64 знаков (введено: 65)"),
        (lambda s: auth.add_user(s, "anna", "p" * 1025, "viewer", actor=auth.SYSTEM),
         "Пароль: не больше 1 024 знаков (введено: 1 025)"),
    ],
)  # fmt: skip
def test_user_names_and_passwords_have_limits(tmp_path: Path, call, message: str) -> None:
    with Store.open(tmp_path) as store:
        with pytest.raises(TextTooLong) as refused:
            call(store)
        assert str(refused.value) == message
        assert store.accounts.all() == []


def test_plotly_text_is_literal() -> None:
    evil = '<a href="http://evil.example/">evil</a> & <span style="font-size:80px">BIG</span><br>'
    shown = plotly_text(evil)
    assert "<" not in shown and ">" not in shown
    assert shown.startswith('&lt;a href="http://evil.example/"&gt;evil&lt;/a&gt; &amp; &lt;span')
    assert plotly_text("Станок &lt;1&gt;") == "Станок &amp;lt;1&amp;gt;"  # an entity stays text too


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_dir_and_its_store_are_private(tmp_path: Path) -> None:
    data = tmp_path / "new" / "data"
    with Store.open(data) as store:
        store.accounts.put("anna", "hash", "viewer", actor="admin")  # the WAL holds a hash now
        assert _mode(data) == 0o700
        files = sorted(p.name for p in data.iterdir())
        assert {"svetofor.sqlite", "svetofor.sqlite-wal", "svetofor.sqlite-shm"} <= set(files)
        for name in files:
            assert _mode(data / name) == 0o600, name


def test_an_existing_open_data_dir_is_tightened_with_a_warning(tmp_path: Path, caplog) -> None:
    data = tmp_path / "old"
    (data / "uploads").mkdir(parents=True)
    os.chmod(data, 0o755)
    os.chmod(data / "uploads", 0o755)
    for name in ("svetofor.sqlite", "secret_key", "uploads/x.json"):
        (data / name).write_text("")
        os.chmod(data / name, 0o644)
    with caplog.at_level(logging.WARNING, logger="svetofor.security"):
        security.private_tree(data)
    assert _mode(data) == 0o700 and _mode(data / "uploads") == 0o700
    assert all(_mode(data / n) == 0o600 for n in ("svetofor.sqlite", "secret_key", "uploads/x.json"))
    assert f"{data} was open to other users (mode 755): tightened to 700" in caplog.text
    caplog.clear()
    security.private_tree(data)  # already private: nothing to say
    assert caplog.text == ""


# ------------------------------------------------------------------ the exported SVG (plotly)

EVIL = '<a href="http://evil.example/">evil</a> <span style="font-size:80px">BIG</span>'


def test_list_text_stays_text_in_the_exported_svg(tmp_path: Path) -> None:
    """`svetofor export --format svg` of an item, a group and an enterprise named with markup:
    no live link, no styled span; the text is shown literally."""
    import io
    import xml.etree.ElementTree as ET

    from svetofor.cli import main
    from svetofor.service import Svetofor
    from tests.workbooks import xlsx

    data = tmp_path / "inst"
    rows = [
        ["Наименование продукции", "Группа", "Предприятие", "Наличие производства"],
        [EVIL, "<b>Группа</b>", "<i>Завод</i>", "да"],
        ["Станок токарный", "<b>Группа</b>", "Завод А", "нет"],
    ]
    svc = Svetofor.open(data)
    try:
        svc.import_file(xlsx(tmp_path / "evil.xlsx", rows), country="BY", user=auth.SYSTEM)
    finally:
        svc.close()
    out, err = io.StringIO(), io.StringIO()
    svg_path = tmp_path / "diagram.svg"
    code = main(
        ["export", "--data-dir", str(data), "--format", "svg", "-o", str(svg_path), "--search", "<span"],
        out=out,
        err=err,
    )
    assert code == 0, err.getvalue()
    svg = svg_path.read_text(encoding="utf-8")
    tree = ET.fromstring(svg)
    tags = {element.tag.rsplit("}", 1)[-1] for element in tree.iter()}
    assert "a" not in tags  # plotly makes <a> of a link it reads
    assert "evil.example" not in "".join(e.get("{http://www.w3.org/1999/xlink}href", "") for e in tree.iter())
    styles = " ".join(e.get("style", "") for e in tree.iter())
    assert "80px" not in styles
    texts = "".join("".join(e.itertext()) for e in tree.iter() if e.tag.endswith("text"))
    assert EVIL in texts  # shown as the characters typed
    assert "<b>Группа</b>" in texts
