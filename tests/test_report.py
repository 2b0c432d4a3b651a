"""The session report: pages and Cyrillic headings of the PDF (read back with pypdf), the
sections' content for crafted data, English on request, HTML as a second format, clear errors."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from svetofor import progress, report
from svetofor.model import Review
from svetofor.service import Svetofor
from svetofor.store import Store
from tests.conftest import build_read_result

ROWS = [
    # П-1 BY planned -> produced later; RU green: cooperation while BY is yellow
    {
        "item": "П-1",
        "name": "Станки токарные с ЧПУ",
        "group": "Токарные",
        "kind": "machine",
        "enterprise": "Гомельский завод",
        "action": "new",
        "launch_year": 2027,
    },
    {
        "item": "П-1",
        "name": "Станки токарные с ЧПУ",
        "group": "Токарные",
        "kind": "machine",
        "country": "RU",
        "enterprise": "Савёловский",
        "existing": True,
    },
    # П-2 machine using the red component П-3: a localisation blocker
    {
        "item": "П-2",
        "name": "Обрабатывающие центры",
        "group": "Фрезерные",
        "kind": "machine",
        "enterprise": "Минский завод",
        "existing": True,
    },
    {
        "item": "П-3",
        "name": "Магазины инструментов",
        "group": "Узлы",
        "kind": "component",
        "used_in": ["П-2"],
        "country": "RU",
        "existing": False,
    },
    # П-4 new capacity in both countries: parallel-new, high severity
    {
        "item": "П-4",
        "name": "Шпиндели токарные",
        "group": "Узлы",
        "kind": "component",
        "enterprise": "Гомельский завод",
        "action": "new",
        "launch_year": 2035,
    },
    {
        "item": "П-4",
        "name": "Шпиндели токарные",
        "group": "Узлы",
        "kind": "component",
        "country": "RU",
        "enterprise": "Стерлитамак",
        "action": "new",
        "launch_year": 2036,
    },
]

HEADINGS_RU = [
    "Ход работ по снимкам",
    "Изменения с прошлого заседания",
    "Открытые предупреждения высокой важности",
    "Возможности кооперации",
    "Локализация: блокирующие комплектующие",
    "Позиции, не выходящие на «зелёный» к 2030 г.",
]
HEADINGS_EN = [
    "Progress over snapshots",
    "Changes since the last session",
    "Open high-severity duplication warnings",
    "Cooperation opportunities",
    "Localisation: blocking components",
    "Positions not green by 2030",
]


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """A store with a list, a frozen session, then a change (П-1 in BY now produced)."""
    store = Store.open(url=f"sqlite:///{tmp_path_factory.mktemp('report') / 'db.sqlite'}")
    svc = Svetofor(store)
    svc.import_result(build_read_result(ROWS, countries=("BY", "RU")), user="alice", file_hash="a")
    taken = datetime(2025, 3, 6, 10, 0, tzinfo=UTC)
    since = progress.decode_snapshot(
        progress.snapshot_payload(svc.view(), name="Заседание 06.03.2025", taken_at=taken)
    )
    rows = [dict(r) for r in ROWS]
    rows[0].update(existing=True, action=None)
    svc.import_result(build_read_result(rows, countries=("BY", "RU")), user="alice", file_hash="b")
    view = svc.view()
    series = progress.progress_series([since, progress.current_snapshot(view, "Сейчас")])
    yield view, since, series
    store.close()


def pdf_pages(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def page_starting(pages: list[str], heading: str) -> int:
    """The index of the page a section heading opens (each section starts a page)."""
    found = [i for i, text in enumerate(pages) if text.startswith(heading)]
    assert found, f"no page starts with {heading!r}; page starts: {[p[:40] for p in pages]}"
    return found[0]


@pytest.fixture(scope="module")
def ru_pdf(session) -> list[str]:
    view, since, series = session
    data = report.session_report(view, since_state=since, series=series, date=date(2025, 9, 1), horizon=2030)
    assert data.startswith(b"%PDF")
    return pdf_pages(data)


@pytest.mark.slow
def test_pdf_cover_has_title_date_comparison_and_totals(ru_pdf):
    cover = ru_pdf[0]
    assert cover.startswith("Диаграмма «Светофор»: материалы к заседанию комиссии")
    assert "Дата: 01.09.2025" in cover
    assert "«Заседание 06.03.2025» 06.03.2025" in cover
    assert "Итоги по странам" in cover and "Позиций в перечне: 4" in cover


@pytest.mark.slow
def test_pdf_has_diagram_pages_then_one_page_per_section_in_order(ru_pdf):
    starts = [page_starting(ru_pdf, h) for h in HEADINGS_RU]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    diagram = ru_pdf[1 : starts[0]]
    assert diagram, "the diagram must sit between the cover and the progress chart"
    assert any("Станки токарные с ЧПУ" in p for p in diagram)
    assert len(ru_pdf) >= 2 + len(HEADINGS_RU)


@pytest.mark.slow
def test_pdf_sections_carry_the_crafted_facts(ru_pdf):
    def section(heading: str) -> str:
        i = HEADINGS_RU.index(heading)
        start = page_starting(ru_pdf, heading)
        end = page_starting(ru_pdf, HEADINGS_RU[i + 1]) if i + 1 < len(HEADINGS_RU) else len(ru_pdf)
        return " ".join(ru_pdf[start:end])

    changes = section("Изменения с прошлого заседания")
    assert "Станки токарные с ЧПУ" in changes and "улучшение" in changes
    assert "Шпиндели токарные" in section("Открытые предупреждения высокой важности")
    coop = section("Возможности кооперации")
    assert "Савёловский" not in coop  # П-1 is green in both countries now: no cooperation case left
    loc = section("Локализация: блокирующие комплектующие")
    assert "Обрабатывающие центры" in loc and "Магазины инструментов" in loc
    late = section("Позиции, не выходящие на «зелёный» к 2030 г.")
    assert "Шпиндели токарные" in late and "Станки токарные с ЧПУ" not in late


@pytest.mark.slow
def test_pdf_in_english_on_request(session):
    view, since, series = session
    pages = pdf_pages(report.session_report(view, since_state=since, series=series, lang="en", horizon=2030))
    assert pages[0].startswith("The Svetofor diagram: materials for the commission session")
    starts = [page_starting(pages, h) for h in HEADINGS_EN]
    assert starts == sorted(starts)


def test_html_report_is_self_contained_with_vector_figures(session):
    view, _since, series = session
    doc = report.session_report(view, series=series, fmt="html", horizon=2030).decode("utf-8")
    assert doc.startswith("<!DOCTYPE html>") and '<html lang="ru">' in doc
    assert doc.count("<svg") >= 2  # diagram page(s) and the progress chart, inline
    assert "Предыдущий снимок для сравнения не выбран" in doc
    assert "<script" not in doc and "http://" not in doc.replace("http://www.w3.org", "")


def test_accepted_warning_is_not_listed_as_open(session):
    view, _since, _series = session
    key = next(w.key for w in view.warnings if w.kind == "parallel-new")

    accepted = Review(key, "accepted", "разные типоразмеры", "alice", datetime.now(UTC))
    reviewed = dataclasses.replace(view, reviews={key: accepted})
    doc = report.report_html(reviewed, horizon=2030)
    section = doc[doc.index("<h2>Открытые предупреждения высокой важности") :]
    section = section[: section.index("<h2>Возможности кооперации")]
    assert "Шпиндели токарные" not in section
    assert "Открытых предупреждений высокой важности нет." in section


def test_unknown_format_and_missing_browser_are_clear_errors(session, monkeypatch):
    view, _since, _series = session
    with pytest.raises(report.ReportError, match="Неизвестный формат отчёта «docx»"):
        report.session_report(view, fmt="docx")
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(report.shutil, "which", lambda _name: None)
    with pytest.raises(report.ReportError, match="apt-get install chromium"):
        report.html_to_pdf("<html><body>Отчёт</body></html>")


def test_cli_snapshot_then_report_since_it(tmp_path):
    import io as _io

    from svetofor.cli import main

    data_dir = str(tmp_path / "data")
    out, err = _io.StringIO(), _io.StringIO()
    assert main(["snapshot", "Заседание 06.03.2025", "--data-dir", data_dir], out=out, err=err) == 0, (
        err.getvalue()
    )
    assert "«Заседание 06.03.2025» сохранён" in out.getvalue()

    target = tmp_path / "отчёт.html"
    out = _io.StringIO()
    assert main(["report", "--data-dir", data_dir, "--lang", "en", "-o", str(target)], out=out, err=err) == 0
    # the last frozen session by default, named in the report's language's quotes
    assert "compared with snapshot “Заседание 06.03.2025”" in out.getvalue()
    doc = target.read_text(encoding="utf-8")
    assert "Compared with snapshot" in doc and "Заседание 06.03.2025" in doc

    err = _io.StringIO()
    code = main(
        ["report", "--data-dir", data_dir, "--since", "Заседание 01.01.2020", "-o", str(target)], err=err
    )
    assert code == 2 and "снимок «Заседание 01.01.2020» не найден" in err.getvalue()
    assert main(["snapshot", "  ", "--data-dir", data_dir], err=_io.StringIO()) == 2
