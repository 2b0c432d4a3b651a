"""The countries' lists: positions, enterprises, records, demand and list membership.

An import writes one file as the whole list of each country it covers, in one transaction:
that country's records, demand and membership are replaced; positions and enterprises are
overlaid (:mod:`svetofor.lists`); overrides, reviews and merges are kept. Loading composes the
dataset the rules see from the stored rows; the preview composes the would-be dataset of a file
by the same rules without writing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Connection

from svetofor.lists import (
    StoredLists,
    check_importable,
    compose_dataset,
    overlay_enterprises,
    overlay_items,
    with_file,
)
from svetofor.merging import resolve_merges
from svetofor.model import Dataset, Enterprise, Item, ReadResult, Record, Statuses
from svetofor.position_merges import PositionAliases
from svetofor.store.engine import Change, Database, StaleVersions, current_versions
from svetofor.store.imports import ImportRecord, insert_import
from svetofor.store.merges import direct_merges
from svetofor.store.overrides import active_overrides
from svetofor.store.positions import position_aliases
from svetofor.store.schema import (
    DEMAND,
    ENTERPRISE_COLUMNS,
    ENTERPRISES,
    ITEM_COLUMNS,
    ITEMS,
    MEMBERSHIP,
    RECORD_COLUMNS,
    RECORDS,
)
from svetofor.store.snapshots import insert_snapshot
from svetofor.store.sql import bulk_insert

# What a re-imported position or enterprise may change (its place in list order stays).
_ITEM_UPDATE = ("name", "code", "kind", "group_name", "hs_code", "used_in")
_ENTERPRISE_UPDATE = ("name", "country", "tax_id")


def _item_of(row: Sequence[Any]) -> Item:
    """From a row of ``ITEM_COLUMNS`` (positional access: this runs for every position)."""
    used = row[6]
    return Item(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        tuple(json.loads(used)) if used != "[]" else (),
        row[7],
    )


def _item_row(item: Item) -> tuple[Any, ...]:
    used = json.dumps(list(item.used_in), ensure_ascii=False)
    return (item.key, item.name, item.code, item.kind, item.group, item.hs_code, used, item.order)


def _all_items(conn: Connection) -> dict[str, Item]:
    query = select(*(ITEMS.c[n] for n in ITEM_COLUMNS)).order_by(ITEMS.c.position)
    return {row[0]: _item_of(row) for row in conn.execute(query).all()}


def _all_enterprises(conn: Connection) -> tuple[dict[str, Enterprise], dict[str, int]]:
    """Every stored enterprise in list order, and its place in that order."""
    rows = conn.execute(select(ENTERPRISES).order_by(ENTERPRISES.c.position)).all()
    enterprises = {r.enterprise_key: Enterprise(r.enterprise_key, r.name, r.country, r.tax_id) for r in rows}
    return enterprises, {r.enterprise_key: r.position for r in rows}


def _read_stored(conn: Connection, without: Iterable[str] = ()) -> StoredLists:
    """Every position and enterprise, and the membership, records (enterprise keys as stored)
    and demand of every country but the ``without`` ones."""
    skip = list(without)
    mq = select(MEMBERSHIP.c.item_key, MEMBERSHIP.c.country)
    rq = select(*(RECORDS.c[n] for n in RECORD_COLUMNS[:-1])).order_by(RECORDS.c.id)
    dq = select(DEMAND.c.item_key, DEMAND.c.country, DEMAND.c.value)
    if skip:
        mq = mq.where(MEMBERSHIP.c.country.not_in(skip))
        rq = rq.where(RECORDS.c.country.not_in(skip))
        dq = dq.where(DEMAND.c.country.not_in(skip))
    # fetchall, not row-by-row iteration: a third of the load time for 50k records
    records = [
        Record(r[0], r[1], r[2], bool(r[3]), r[4], r[5], r[6], r[7], r[8], r[9])
        for r in conn.execute(rq).all()
    ]
    return StoredLists(
        items=_all_items(conn),
        enterprises=_all_enterprises(conn)[0],
        membership=[(key, country) for key, country in conn.execute(mq).all()],
        records=records,
        demand={(key, country): float(value) for key, country, value in conn.execute(dq).all()},
    )


class Lists:
    def __init__(self, db: Database) -> None:
        self._db = db

    def is_empty(self) -> bool:
        """No list holds any position (a new store, before the first import)."""
        with self._db.read() as conn:
            return conn.execute(select(MEMBERSHIP.c.item_key).limit(1)).first() is None

    def load_dataset(self, positions: PositionAliases | None = None) -> Dataset:
        """The stored data with merges applied; ``countries`` = countries with any stored row.
        ``positions``: these position merges instead of the stored ones (a merge's preview)."""
        with self._db.read() as conn:
            aliases = position_aliases(conn) if positions is None else positions
            return compose_dataset(_read_stored(conn), direct_merges(conn), aliases)

    def load_with_file(self, result: ReadResult) -> tuple[Dataset, Dataset]:
        """:meth:`load_dataset` and :meth:`preview_dataset` from ONE read of the stored rows:
        an import plan needs both, and reading 50k records twice is most of its wait."""
        countries = check_importable(result)
        with self._db.read() as conn:
            stored = _read_stored(conn)
            merges = direct_merges(conn)
            aliases = position_aliases(conn)
        # with_file drops the replaced countries' rows itself, so the full read serves both
        return compose_dataset(stored, merges, aliases), compose_dataset(
            with_file(stored, result.dataset, countries), merges, aliases
        )

    def preview_dataset(self, result: ReadResult) -> Dataset:
        """What :meth:`load_dataset` would return after importing ``result`` — computed without
        writing (no lock is taken), by the same rules as :meth:`import_result`."""
        countries = check_importable(result)
        with self._db.read() as conn:
            stored = _read_stored(conn, without=countries)
            merges = direct_merges(conn)
            aliases = position_aliases(conn)
        return compose_dataset(with_file(stored, result.dataset, countries), merges, aliases)

    def import_result(
        self,
        result: ReadResult,
        *,
        user: str,
        file_hash: str,
        computed: Statuses | None = None,
        snapshot: tuple[str, bytes] | None = None,
        expected_versions: tuple[int, int] | None = None,
    ) -> ImportRecord:
        """Store one read file in one transaction as the list of each country it covers.

        ``computed`` (the statuses of the data after this import, if the caller has them) lets the
        audit entry name the overrides that now differ from the data. ``snapshot`` (name,
        payload) is stored as an automatic snapshot in the same transaction.
        ``expected_versions`` (the store versions the caller computed ``computed`` and
        ``snapshot`` on): :class:`StaleVersions` and nothing stored if another change came first.
        """
        countries = check_importable(result)
        ds = result.dataset
        with self._db.write(dataset=True) as change:
            conn = change.conn
            if expected_versions is not None:
                found = current_versions(conn)
                # our own bump is the only one allowed since the caller read the store
                if found != (expected_versions[0] + 1, expected_versions[1] + 1):
                    raise StaleVersions(expected_versions, (found[0] - 1, found[1] - 1))
            resolve = resolve_merges(direct_merges(conn))
            self._overlay(conn, ds)
            replaced = self._count_records(conn, countries)
            self._delete_countries(conn, countries)
            n_enterprises = len({resolve.get(k, k) for k in ds.enterprises})
            record = insert_import(
                conn,
                file_name=result.file,
                file_hash=file_hash,
                user=user,
                at=change.at,
                countries=countries,
                counts=(len(ds.items), n_enterprises, len(ds.records)),
            )
            self._write_rows(conn, ds, countries, record.id)
            after = self._audit_after(change, record, computed, snapshot, user)
            change.audit(user, "import", result.file, {"records": replaced}, after)
        return record

    @staticmethod
    def _audit_after(
        change: Change,
        record: ImportRecord,
        computed: Statuses | None,
        snapshot: tuple[str, bytes] | None,
        user: str,
    ) -> dict[str, Any]:
        """The import's audit entry: its counts, the overrides the data moved under, its snapshot."""
        after: dict[str, Any] = {
            "import_id": record.id,
            "file_hash": record.file_hash,
            "countries": list(record.countries),
            "items": record.items,
            "enterprises": record.enterprises,
            "records": record.records,
            "duplicate_of": record.duplicate_of,
        }
        if computed is not None:
            after["stale_overrides"] = [
                {"item": o.item_key, "scope": o.scope, "colour": o.colour, "based_on": o.based_on}
                for o in active_overrides(change.conn).values()
                if (cell := computed.get(o.item_key, {}).get(o.scope)) is not None and o.stale(cell.colour)
            ]
        if snapshot is not None:
            name, payload = snapshot
            after["snapshot_id"] = insert_snapshot(
                change.conn, name, payload, user=user, automatic=True, at=change.at
            ).id
        return after

    @staticmethod
    def _overlay(conn: Connection, ds: Dataset) -> None:
        """Upsert the file's positions and enterprises over the stored ones."""
        fresh, changed = overlay_items(_all_items(conn), ds.items.values())
        rows = [_item_row(i) for i in (*fresh, *changed)]
        bulk_insert(conn, ITEMS, ITEM_COLUMNS, rows, key=("item_key",), update=_ITEM_UPDATE)
        existing, positions = _all_enterprises(conn)
        fresh_e, changed_e = overlay_enterprises(existing, ds.enterprises.values())
        last = max(positions.values(), default=-1)
        positions.update({e.key: last + n for n, e in enumerate(fresh_e, start=1)})
        ent_rows = [(e.key, e.name, e.country, e.tax_id, positions[e.key]) for e in (*fresh_e, *changed_e)]
        bulk_insert(
            conn,
            ENTERPRISES,
            ENTERPRISE_COLUMNS,
            ent_rows,
            key=("enterprise_key",),
            update=_ENTERPRISE_UPDATE,
        )

    @staticmethod
    def _count_records(conn: Connection, countries: Sequence[str]) -> dict[str, int]:
        rows = conn.execute(
            select(RECORDS.c.country, func.count())
            .where(RECORDS.c.country.in_(countries))
            .group_by(RECORDS.c.country)
        )
        return {row[0]: int(row[1]) for row in rows}

    def _delete_countries(self, conn: Connection, countries: Sequence[str]) -> None:
        for table in (RECORDS, DEMAND, MEMBERSHIP):
            conn.execute(delete(table).where(table.c.country.in_(countries)))

    def _write_rows(self, conn: Connection, ds: Dataset, countries: Sequence[str], import_id: int) -> None:
        records = [
            (
                r.item_key,
                r.country,
                r.enterprise_key,
                r.existing,
                r.capacity,
                r.action,
                r.launch_year,
                r.note,
                r.sheet,
                r.row,
                import_id,
            )
            for r in ds.records
        ]
        bulk_insert(conn, RECORDS, RECORD_COLUMNS, records)
        demand = [(key, country, value) for (key, country), value in ds.demand.items() if value and value > 0]
        bulk_insert(conn, DEMAND, ("item_key", "country", "value"), demand)
        # The file is the list of each of its countries, so each of them holds every position in it.
        bulk_insert(
            conn, MEMBERSHIP, ("item_key", "country"), [(key, c) for key in ds.items for c in countries]
        )
