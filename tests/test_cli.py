"""The ``svetofor`` command, run in-process through ``main`` (and once as a real process)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from svetofor.cli import main
from svetofor.service import Svetofor

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_list.xlsx"
COLOURS = {"green", "yellow", "red", "none"}
SCOPES = ("BY", "RU", "UNION")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


# --------------------------------------------------------------------------- docs/domain.md §6 schema


def _problem(p: object, where: str) -> None:
    assert isinstance(p, dict) and set(p) == {"sheet", "row", "column", "message"}, where
    assert p["sheet"] is None or isinstance(p["sheet"], str), where
    assert p["row"] is None or (isinstance(p["row"], int) and p["row"] >= 1), where
    assert p["column"] is None or isinstance(p["column"], str), where
    assert isinstance(p["message"], str) and p["message"], where


def validate_check_json(doc: object) -> None:
    """The ``svetofor check --json`` object of docs/domain.md §6, to the letter."""
    assert isinstance(doc, dict)
    assert set(doc) == {
        "ok",
        "items",
        "enterprises",
        "records",
        "errors",
        "remarks",
        "status",
        "cells",
        "duplicates",
    }
    assert isinstance(doc["ok"], bool)
    for key in ("items", "enterprises", "records"):
        assert isinstance(doc[key], int) and not isinstance(doc[key], bool) and doc[key] >= 0, key
    for key in ("errors", "remarks"):
        assert isinstance(doc[key], list)
        for i, p in enumerate(doc[key]):
            _problem(p, f"{key}[{i}]")
    assert doc["ok"] == (not doc["errors"])
    assert set(doc["status"]) == set(SCOPES)
    for scope in SCOPES:
        counts = doc["status"][scope]
        assert set(counts) == COLOURS and all(isinstance(v, int) and v >= 0 for v in counts.values())
    assert isinstance(doc["cells"], list)
    for cell in doc["cells"]:
        assert set(cell) == {"item", "name", "group", "kind", *SCOPES}
        assert isinstance(cell["item"], str) and isinstance(cell["name"], str)
        assert cell["group"] is None or isinstance(cell["group"], str)
        assert cell["kind"] is None or isinstance(cell["kind"], str)
        assert all(cell[s] in COLOURS for s in SCOPES)
    if doc["ok"]:
        assert len(doc["cells"]) == doc["items"]
        for scope in SCOPES:
            assert sum(doc["status"][scope].values()) == doc["items"]
            assert sum(c[scope] == "green" for c in doc["cells"]) == doc["status"][scope]["green"]
    assert isinstance(doc["duplicates"], list)
    order = {"high": 0, "medium": 1, "info": 2}
    for d in doc["duplicates"]:
        assert set(d) == {"kind", "severity", "item", "country", "countries", "enterprises"}
        assert d["kind"] in {"parallel-new", "partner-covers", "same-enterprise?"}
        assert d["severity"] in order
        assert d["item"] is None or isinstance(d["item"], str)
        assert (d["country"] in {"BY", "RU"}) if d["kind"] == "partner-covers" else d["country"] is None
        assert d["countries"] and all(c in {"BY", "RU"} for c in d["countries"])
        assert d["enterprises"] == sorted(d["enterprises"])
    keys = [(order[d["severity"]], d["item"] or "") for d in doc["duplicates"]]
    assert [k[0] for k in keys] == sorted(k[0] for k in keys)


def _bad_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Беларусь"
    ws.append(["Наименование продукции", "Предприятие", "Наличие производства", "Мощность"])
    ws.append(["Станок токарный", "ОАО Завод", "да", -5])
    ws.append(["Станок фрезерный", "ОАО Завод", "может быть", 10])
    wb.save(path)
    return path


# --------------------------------------------------------------------------------- check


def test_check_sample_human_output() -> None:
    code, out, _err = run("check", str(SAMPLE))
    assert code == 0
    assert "позиций 85" in out
    assert "Итого по цветам" in out and "UNION" in out
    assert "параллельное создание" in out
    assert "Файл можно загрузить." in out


def test_check_json_matches_the_spec_schema() -> None:
    code, out, _err = run("check", str(SAMPLE), "--json")
    assert code == 0
    doc = json.loads(out)
    validate_check_json(doc)
    assert doc["ok"] and doc["items"] == 85 and doc["remarks"]
    assert {d["kind"] for d in doc["duplicates"]} == {"parallel-new", "partner-covers", "same-enterprise?"}


def test_check_json_of_a_bad_file_lists_located_errors(tmp_path: Path) -> None:
    code, out, _err = run("check", str(_bad_workbook(tmp_path / "bad.xlsx")), "--json")
    assert code == 1
    doc = json.loads(out)
    validate_check_json(doc)
    assert not doc["ok"]
    located = {(e["sheet"], e["row"], e["column"]) for e in doc["errors"]}
    assert ("Беларусь", 2, "Мощность") in located
    assert ("Беларусь", 3, "Наличие производства") in located


def test_check_human_output_of_a_bad_file(tmp_path: Path) -> None:
    code, out, _err = run("check", str(_bad_workbook(tmp_path / "bad.xlsx")))
    assert code == 1
    assert "Лист «Беларусь», строка 2, столбец D «Мощность»" in out
    assert "загрузка невозможна" in out


def test_check_speaks_english_with_lang_en(tmp_path: Path) -> None:
    # the reader's problems are catalogue messages, rendered in the command's language
    code, out, _err = run("check", str(_bad_workbook(tmp_path / "bad.xlsx")), "--lang", "en")
    assert code == 1
    assert "Sheet “Беларусь”, row 2, column D “Мощность”" in out
    assert "неизвестное" not in out and "unknown value" in out
    code, out, _err = run("check", str(_bad_workbook(tmp_path / "bad.xlsx")), "--json", "--lang", "en")
    assert all(not any("а" <= c <= "я" for c in e["message"][:8]) for e in json.loads(out)["errors"])


def test_check_country_from_the_option(tmp_path: Path) -> None:
    csv = tmp_path / "list.csv"
    csv.write_text("Наименование;Предприятие;Наличие производства\nСтанок;ОАО Завод;да\n", encoding="utf-8")
    assert run("check", str(csv))[0] == 1  # no country anywhere: an error, not a guess
    code, out, _ = run("check", str(csv), "--country", "by", "--json")
    assert code == 0
    assert json.loads(out)["status"]["RU"]["none"] == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "no-such-file.xlsx"],
        ["check", str(SAMPLE), "--country", "KZ"],
        ["check"],
        ["frobnicate"],
        [],
        ["export", "--format", "gif", "-o", "x.gif"],
        ["export", "--format", "png"],
        ["serve", "--port", "high"],
    ],
)
def test_usage_errors_exit_2_without_traceback(argv: list[str]) -> None:
    code, _out, err = run(*argv)
    assert code == 2
    assert "Traceback" not in err and err.strip()


def test_help_exits_0() -> None:
    assert run("--help")[0] == 0


def test_not_a_spreadsheet_is_an_input_error(tmp_path: Path) -> None:
    junk = tmp_path / "photo.xlsx"
    junk.write_bytes(b"\x89PNG not really a workbook")
    code, out, err = run("check", str(junk))
    assert code == 1 and "Traceback" not in out + err


# ------------------------------------------------------------------------- import / export


def test_import_stores_all_or_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "inst"
    code, out, err = run("import", str(_bad_workbook(tmp_path / "bad.xlsx")), "--data-dir", str(data_dir))
    assert code == 1 and "строка 2" in err and "Ничего не загружено" in err
    code, out, _ = run("import", str(SAMPLE), "--data-dir", str(data_dir), "--user", "ivanov")
    assert code == 0 and "позиций 85" in out
    code, _out, _ = run("import", str(_bad_workbook(tmp_path / "bad2.xlsx")), "--data-dir", str(data_dir))
    assert code == 1
    svc = Svetofor.open(data_dir)
    try:
        assert len(svc.view().dataset.items) == 85  # the failed import changed nothing
    finally:
        svc.close()


def test_export_xlsx_imports_back_with_the_same_colours(tmp_path: Path) -> None:
    source = tmp_path / "a"
    assert run("import", str(SAMPLE), "--data-dir", str(source))[0] == 0
    out_file = tmp_path / "diagram.xlsx"
    code, _out, _ = run("export", "--data-dir", str(source), "--format", "xlsx", "-o", str(out_file))
    assert code == 0 and out_file.exists()
    _, check_out, _ = run("check", str(out_file), "--json")
    _, sample_out, _ = run("check", str(SAMPLE), "--json")
    assert json.loads(check_out)["cells"] == json.loads(sample_out)["cells"]


def test_export_png_with_filters_and_unknown_group(tmp_path: Path) -> None:
    data_dir = tmp_path / "inst"  # empty: seeded from the sample like `serve`
    png = tmp_path / "tools.png"
    code, _out, err = run(
        "export",
        "--data-dir",
        str(data_dir),
        "--format",
        "png",
        "-o",
        str(png),
        "--group",
        "Инструмент",
        "--colour",
        "red",
    )
    assert code == 0, err
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, _out, err = run(
        "export", "--data-dir", str(data_dir), "--format", "svg", "-o", str(png), "--group", "Нет такой"
    )
    assert code == 2 and "Инструмент" in err  # the message lists the groups there are


def test_export_colour_per_country(tmp_path: Path) -> None:
    """--colour-by/--colour-ru ask both countries at once; the old --colour/--colour-scope
    pair still works and means the same for one country."""
    data_dir, out_file = tmp_path / "inst", tmp_path / "by-yellow-ru-red.xlsx"
    args = ("export", "--data-dir", str(data_dir), "--format", "xlsx", "-o", str(out_file))
    code, _out, err = run(*args, "--colour-by", "yellow", "--colour-ru", "red")
    assert code == 0, err
    cells = json.loads(run("check", str(out_file), "--json")[1])["cells"]
    assert cells and all(c["BY"] == "yellow" and c["RU"] == "red" for c in cells)
    everything = json.loads(run("check", str(SAMPLE), "--json")[1])["cells"]
    expected = [c["item"] for c in everything if c["BY"] == "yellow" and c["RU"] == "red"]
    assert [c["item"] for c in cells] == expected

    assert run(*args, "--colour", "yellow", "--colour-scope", "BY", "--colour-ru", "red")[0] == 0
    assert json.loads(run("check", str(out_file), "--json")[1])["cells"] == cells


def test_export_to_an_unwritable_place_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "x.xlsx"
    code, _out, err = run(
        "export", "--data-dir", str(tmp_path / "inst"), "--format", "xlsx", "-o", str(target)
    )
    assert code == 1 and "Не удалось записать" in err


def test_serve_passes_its_options(monkeypatch: pytest.MonkeyPatch) -> None:
    import svetofor.ui.server as server

    calls = []
    monkeypatch.setattr(server, "serve", lambda data_dir, host, port: calls.append((data_dir, host, port)))
    assert run("serve", "--data-dir", "d", "--port", "9000")[0] == 0
    assert run("serve")[0] == 0
    assert calls == [("d", "127.0.0.1", 9000), ("instance", "127.0.0.1", 8050)]


def test_console_script_in_a_real_process() -> None:
    script = Path(sys.executable).with_name("svetofor")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "svetofor.cli"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [*cmd, "check", str(SAMPLE), "--json"], capture_output=True, env=env, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    validate_check_json(json.loads(done.stdout.decode("utf-8")))
    missing = subprocess.run(
        [*cmd, "check", "nope.xlsx"], capture_output=True, env=env, timeout=120, check=False
    )
    assert missing.returncode == 2 and b"Traceback" not in missing.stderr
