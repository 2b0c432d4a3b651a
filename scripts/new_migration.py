"""Write the next schema migration of the store (docs/migrations.md).

    .venv/bin/python scripts/new_migration.py "import reverts"          # drafted from schema.py
    .venv/bin/python scripts/new_migration.py --empty "fill aliases"    # data only, by hand

Change the tables in ``svetofor/store/schema.py`` first. The new revision
(``svetofor/store/migrations/versions/r<NNNN>_<message>.py``) then holds what those tables have
and the newest revision lacks: read it, complete it, and run ``tests/store/test_migrate.py``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from svetofor.store.migrate import write_revision  # noqa: E402  (the checkout, not an installed copy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("message", help="what the revision does, a few words (it names the file)")
    parser.add_argument(
        "--empty", action="store_true", help="an empty revision (a data migration written by hand)"
    )
    args = parser.parse_args()
    path = write_revision(args.message, autogenerate=not args.empty)
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
