"""``svetofor positions suggest|merge|unmerge|dismiss``: the JSON's exact shape and the writes
of the trusted operator."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from svetofor.cli import main
from svetofor.service import Svetofor
from tests.position_lists import BY_GRINDER, BY_MILL, RU_GRINDER, RU_MILL, write_lists


@pytest.fixture
def data_dir(tmp_path: Path) -> str:
    data = tmp_path / "data"
    for path in write_lists(tmp_path):
        assert main(["import", str(path), "--data-dir", str(data), "--user", "op"], out=io.StringIO()) == 0
    return str(data)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_suggest_json_is_exactly_the_documented_object(data_dir: str) -> None:
    code, out, _ = run("positions", "suggest", "--data-dir", data_dir, "--json")
    assert code == 0
    found = json.loads(out)
    assert list(found) == ["suggestions"]
    for s in found["suggestions"]:
        assert list(s) == ["a", "b", "score", "reason"]
        assert list(s["a"]) == ["key", "name"] and list(s["b"]) == ["key", "name"]
        assert isinstance(s["score"], float) and isinstance(s["reason"], str) and s["reason"]
    assert [(s["a"]["key"], s["b"]["key"]) for s in found["suggestions"]] == [
        (RU_GRINDER, BY_GRINDER),
        (BY_MILL, RU_MILL),
    ]
    assert found["suggestions"][0]["a"]["name"] == "Плоскошлифовальный станок"


def test_suggest_in_words(data_dir: str) -> None:
    code, out, _ = run("positions", "suggest", "--data-dir", data_dir)
    assert code == 0
    assert out.splitlines()[-1] == "2 предложения «та же позиция?»"


def test_merge_unmerge_and_dismiss_as_the_operator(data_dir: str) -> None:
    assert run("positions", "merge", BY_GRINDER, RU_GRINDER, "--data-dir", data_dir, "--user", "op") == (
        0,
        f"Позиция {RU_GRINDER} объединена с {BY_GRINDER}.\n",
        "",
    )
    code, out, _ = run("positions", "suggest", "--data-dir", data_dir, "--json")
    assert [s["a"]["key"] for s in json.loads(out)["suggestions"]] == [BY_MILL]
    code, out, _ = run("positions", "dismiss", BY_MILL, RU_MILL, "--data-dir", data_dir)
    assert code == 0
    code, out, _ = run("positions", "suggest", "--data-dir", data_dir, "--json")
    assert json.loads(out) == {"suggestions": []}
    assert run("positions", "unmerge", RU_GRINDER, "--data-dir", data_dir)[0] == 0
    svc = Svetofor.open(data_dir)
    try:
        assert RU_GRINDER in svc.view().dataset.items
        assert [e.action for e in svc.store.audit.entries()][:3] == [
            "position-unmerge",
            "position-dismiss",
            "position-merge",
        ]
        assert svc.store.audit.entries(action="position-merge")[0].user == "op"
    finally:
        svc.close()


def test_an_unknown_key_is_refused_and_nothing_stored(data_dir: str) -> None:
    code, _, err = run("positions", "merge", BY_GRINDER, "нет такой", "--data-dir", data_dir)
    assert code == 1
    assert "unknown position 'нет такой'" in err
