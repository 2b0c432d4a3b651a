"""``svetofor imports`` (the JSON shape of the history), ``imports revert`` / ``reapply`` and
``svetofor import --mode update`` (docs/domain.md §8)."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from svetofor.cli import main
from tests.test_service import BY_ROWS, RU_ROWS, write_list

ONE_BY_ROW = [("М-1", *BY_ROWS[0][1:5], "нет", None, 50, None, None, None)]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def data_dir(tmp_path: Path) -> str:
    data = tmp_path / "data"
    by = write_list(tmp_path / "by.xlsx", BY_ROWS, sheet="Беларусь")
    ru = write_list(tmp_path / "ru.xlsx", RU_ROWS, sheet="Россия")
    one = write_list(tmp_path / "by2.xlsx", ONE_BY_ROW)
    for path, mode in ((by, "replace"), (ru, "replace"), (one, "update")):
        code, _, err = run("import", str(path), "--data-dir", str(data), "--mode", mode, "--user", "alice")
        assert code == 0, err
    return str(data)


def test_the_history_as_json_has_exactly_the_documented_shape(data_dir: str) -> None:
    code, out, _ = run("imports", "--data-dir", data_dir, "--json")
    assert code == 0
    history = json.loads(out)
    assert [set(h) for h in history] == [{"id", "time", "file", "countries", "user", "mode", "reverted"}] * 3
    assert [(h["id"], h["file"], h["countries"], h["user"], h["mode"], h["reverted"]) for h in history] == [
        (3, "by2.xlsx", ["BY"], "alice", "update", False),
        (2, "ru.xlsx", ["RU"], "alice", "replace", False),
        (1, "by.xlsx", ["BY"], "alice", "replace", False),
    ]
    assert all(datetime.fromisoformat(h["time"]).utcoffset() is not None for h in history)


def test_revert_then_reapply_from_the_command_line(data_dir: str) -> None:
    code, out, err = run("imports", "revert", "3", "--data-dir", data_dir)
    assert (code, err) == (0, "")
    assert out == "Импорт № 3 (by2.xlsx) отменён: данные его стран возвращены к состоянию до него.\n"
    history = json.loads(run("imports", "--data-dir", data_dir, "--json")[1])
    assert [h["reverted"] for h in history] == [True, False, False]
    code, out, _ = run("imports", "--data-dir", data_dir)
    assert out.splitlines()[0].endswith("by2.xlsx  BY  обновление  (отменён)")
    code, out, _ = run("imports", "reapply", "3", "--data-dir", data_dir)
    assert (code, out) == (0, "Импорт № 3 (by2.xlsx) применён снова.\n")


def test_a_superseded_import_is_refused_with_exit_code_1(data_dir: str) -> None:
    code, out, err = run("imports", "revert", "1", "--data-dir", data_dir)
    assert (code, out) == (1, "")
    assert err.startswith("Импорт «by.xlsx» нельзя отменить: после него загружен «by2.xlsx» (№ 3, alice, ")


def test_an_unknown_mode_is_a_usage_error(data_dir: str, tmp_path: Path) -> None:
    code, _, err = run("import", str(tmp_path / "by.xlsx"), "--data-dir", data_dir, "--mode", "merge")
    assert code == 2 and "merge" in err
