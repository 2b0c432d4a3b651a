"""Shared fixtures: a store on a fresh database and builders of small in-memory datasets."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from svetofor.model import Dataset, Enterprise, Item, Problem, ReadResult, Record
from svetofor.store import Store, make_engine, migrate
from svetofor.store.schema import metadata

TEST_DATABASE_URL_ENV = "SVETOFOR_TEST_DATABASE_URL"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """The database the store tests run on: env ``SVETOFOR_TEST_DATABASE_URL`` (e.g. a
    PostgreSQL URL in CI), else a fresh SQLite file. An env database is emptied first."""
    url = os.environ.get(TEST_DATABASE_URL_ENV)
    if not url:
        return f"sqlite:///{tmp_path / 'svetofor.sqlite'}"
    empty_database(url)
    return url


def empty_database(url: str) -> None:
    """Drop every table of the store, its migration record included, and let this process
    migrate the database again on the next opening."""
    engine = make_engine(url)
    with engine.begin() as conn:
        metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    migrate.forget(url)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store.open(url=database_url)
    yield opened
    opened.close()


def enterprise_key(country: str, name: str) -> str:
    return f"{country}:{name.casefold()}"


def build_dataset(
    rows: Iterable[Mapping[str, Any]], demand: Mapping[tuple[str, str], float] | None = None
) -> Dataset:
    """A dataset from compact rows. Each row: ``item`` (its key) and optionally ``name``, ``code``,
    ``kind``, ``group``, ``used_in``, ``country`` (default BY), ``enterprise`` (a name; key
    ``"<country>:<name casefolded>"``), ``tax_id``, ``existing``, ``capacity``, ``action``,
    ``launch_year``, ``note``. A row with only item fields and no enterprise, existing, capacity
    or action is a position without any record."""
    ds = Dataset()
    countries: set[str] = set()
    for number, row in enumerate(rows, start=2):
        key = row["item"]
        if key not in ds.items:
            ds.items[key] = Item(
                key=key,
                name=row.get("name", key),
                code=row.get("code"),
                kind=row.get("kind"),
                group=row.get("group"),
                hs_code=row.get("hs_code"),
                used_in=tuple(row.get("used_in", ())),
                order=len(ds.items),
            )
        country = row.get("country", "BY")
        countries.add(country)
        ent_key = None
        if row.get("enterprise"):
            ent_key = enterprise_key(country, row["enterprise"])
            ds.enterprises.setdefault(
                ent_key, Enterprise(ent_key, row["enterprise"], country, row.get("tax_id"))
            )
        if ent_key or row.get("existing") or row.get("capacity") is not None or row.get("action"):
            ds.records.append(
                Record(
                    item_key=key,
                    country=country,
                    enterprise_key=ent_key,
                    existing=bool(row.get("existing", False)),
                    capacity=row.get("capacity"),
                    action=row.get("action"),
                    launch_year=row.get("launch_year"),
                    note=row.get("note"),
                    sheet=row.get("sheet", "Лист1"),
                    row=number,
                )
            )
    ds.demand = {k: float(v) for k, v in (demand or {}).items() if v}
    ds.countries = frozenset(countries)
    return ds


def build_read_result(
    rows: Iterable[Mapping[str, Any]],
    *,
    countries: Iterable[str] | None = None,
    demand: Mapping[tuple[str, str], float] | None = None,
    file: str = "list.xlsx",
    errors: Iterable[Problem] = (),
) -> ReadResult:
    ds = build_dataset(rows, demand)
    return ReadResult(
        file=file,
        dataset=ds,
        errors=list(errors),
        countries=frozenset(countries) if countries is not None else ds.countries,
    )


@pytest.fixture
def make_dataset() -> Callable[..., Dataset]:
    return build_dataset


@pytest.fixture
def make_read_result() -> Callable[..., ReadResult]:
    return build_read_result
