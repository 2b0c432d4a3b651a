"""Alembic migrations of the store (docs/migrations.md): ``env.py`` and ``versions/``."""
