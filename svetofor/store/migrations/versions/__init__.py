"""One module per revision, ``r<NNNN>_<slug>.py``, oldest first (docs/migrations.md)."""
