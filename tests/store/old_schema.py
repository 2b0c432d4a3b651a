"""The tables of a store made before migrations (data only: the DDL the store's first releases
had SQLAlchemy emit, for the test that such a store is upgraded with its data intact).

``{serial}``, ``{timestamp}`` and ``{blob}`` stand for the dialect's spelling (see ``ddl``).
"""

from __future__ import annotations

SPELLING = {
    "sqlite": {"serial": "INTEGER NOT NULL", "timestamp": "DATETIME", "blob": "BLOB"},
    "postgresql": {"serial": "SERIAL NOT NULL", "timestamp": "TIMESTAMP WITHOUT TIME ZONE", "blob": "BYTEA"},
}
META_DDL = (
    "CREATE TABLE meta (id {serial}, data_version INTEGER NOT NULL, schema_version INTEGER NOT NULL"
    "{dataset_version}, PRIMARY KEY (id))"
)
TABLES = [
    'CREATE TABLE audit_log (id {serial}, created_at {timestamp} NOT NULL, username VARCHAR NOT NULL, action VARCHAR(32) NOT NULL, target TEXT NOT NULL, "before" JSON NOT NULL, "after" JSON NOT NULL, PRIMARY KEY (id))',
    "CREATE INDEX ix_audit_log_action ON audit_log (action)",
    "CREATE INDEX ix_audit_log_created_at ON audit_log (created_at)",
    "CREATE INDEX ix_audit_log_username ON audit_log (username)",
    "CREATE TABLE dismissed_suggestions (id {serial}, enterprise_keys TEXT NOT NULL, author VARCHAR NOT NULL, created_at {timestamp} NOT NULL, PRIMARY KEY (id), UNIQUE (enterprise_keys))",
    "CREATE TABLE enterprise_merges (merged_key VARCHAR NOT NULL, surviving_key VARCHAR NOT NULL, author VARCHAR NOT NULL, created_at {timestamp} NOT NULL, PRIMARY KEY (merged_key))",
    "CREATE TABLE enterprises (enterprise_key VARCHAR NOT NULL, name TEXT NOT NULL, country VARCHAR(2) NOT NULL, tax_id VARCHAR, position INTEGER NOT NULL, PRIMARY KEY (enterprise_key))",
    "CREATE TABLE imports (id {serial}, file_name TEXT NOT NULL, file_hash VARCHAR(64) NOT NULL, username VARCHAR NOT NULL, created_at {timestamp} NOT NULL, countries JSON NOT NULL, items INTEGER NOT NULL, enterprises INTEGER NOT NULL, records INTEGER NOT NULL, duplicate_of INTEGER, PRIMARY KEY (id))",
    "CREATE INDEX ix_imports_file_hash ON imports (file_hash)",
    "CREATE TABLE items (item_key VARCHAR NOT NULL, name TEXT NOT NULL, code VARCHAR, kind VARCHAR, group_name TEXT, hs_code VARCHAR, used_in TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (item_key))",
    # dataset_version: only from the second release on (see ddl)
    META_DDL,
    "CREATE TABLE override_history (id {serial}, item_key VARCHAR NOT NULL, scope VARCHAR(8) NOT NULL, action VARCHAR(8) NOT NULL, colour VARCHAR(8), reason TEXT NOT NULL, author VARCHAR NOT NULL, created_at {timestamp} NOT NULL, version INTEGER NOT NULL, based_on VARCHAR(8), override_author VARCHAR, override_created_at {timestamp}, undo_of INTEGER, undone BOOLEAN NOT NULL, PRIMARY KEY (id))",
    "CREATE INDEX ix_override_history_author ON override_history (author)",
    "CREATE INDEX ix_override_history_cell ON override_history (item_key, scope)",
    "CREATE TABLE overrides (item_key VARCHAR NOT NULL, scope VARCHAR(8) NOT NULL, colour VARCHAR(8), reason TEXT NOT NULL, author VARCHAR NOT NULL, created_at {timestamp} NOT NULL, version INTEGER NOT NULL, based_on VARCHAR(8), PRIMARY KEY (item_key, scope))",
    "CREATE TABLE review_history (id {serial}, warning_key VARCHAR NOT NULL, state VARCHAR(16) NOT NULL, reason TEXT NOT NULL, author VARCHAR NOT NULL, created_at {timestamp} NOT NULL, PRIMARY KEY (id))",
    "CREATE INDEX ix_review_history_warning_key ON review_history (warning_key)",
    "CREATE TABLE snapshots (id {serial}, name TEXT NOT NULL, created_at {timestamp} NOT NULL, author VARCHAR NOT NULL, automatic BOOLEAN NOT NULL, size INTEGER NOT NULL, payload {blob} NOT NULL, PRIMARY KEY (id))",
    "CREATE TABLE users (username VARCHAR NOT NULL, password_hash TEXT NOT NULL, role VARCHAR(32) NOT NULL, created_at {timestamp} NOT NULL, PRIMARY KEY (username))",
    "CREATE TABLE warning_reviews (warning_key VARCHAR NOT NULL, state VARCHAR(16) NOT NULL, reason TEXT NOT NULL, author VARCHAR NOT NULL, updated_at {timestamp} NOT NULL, PRIMARY KEY (warning_key))",
    "CREATE TABLE demand (item_key VARCHAR NOT NULL, country VARCHAR(2) NOT NULL, value FLOAT NOT NULL, PRIMARY KEY (item_key, country), FOREIGN KEY(item_key) REFERENCES items (item_key))",
    "CREATE TABLE list_membership (item_key VARCHAR NOT NULL, country VARCHAR(2) NOT NULL, PRIMARY KEY (item_key, country), FOREIGN KEY(item_key) REFERENCES items (item_key))",
    "CREATE TABLE records (id {serial}, item_key VARCHAR NOT NULL, country VARCHAR(2) NOT NULL, enterprise_key VARCHAR, existing BOOLEAN NOT NULL, capacity FLOAT, action VARCHAR, launch_year INTEGER, note TEXT, source_sheet TEXT, source_row INTEGER, import_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(item_key) REFERENCES items (item_key), FOREIGN KEY(enterprise_key) REFERENCES enterprises (enterprise_key), FOREIGN KEY(import_id) REFERENCES imports (id))",
    "CREATE INDEX ix_records_country ON records (country)",
]


def ddl(dialect: str, *, dataset_version: bool = True, without: tuple[str, ...] = ()) -> list[str]:
    """The statements creating the old tables in ``dialect`` (``sqlite`` / ``postgresql``);
    ``dataset_version=False``: a store of the first release; ``without``: tables it lacked."""
    column = ", dataset_version INTEGER DEFAULT '0' NOT NULL" if dataset_version else ""
    words = {**SPELLING[dialect], "dataset_version": column}
    skipped = tuple(f" {name} (" for name in without) + tuple(f" ON {name} (" for name in without)
    return [stmt.format(**words) for stmt in TABLES if not any(part in stmt for part in skipped)]
