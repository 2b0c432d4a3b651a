"""The import history: newest first, a file imported again is recognised by its sha256."""

from __future__ import annotations

from svetofor.store import Store


def test_same_file_imported_twice_is_recognised(loaded: Store, by_list) -> None:
    again = loaded.lists.import_result(by_list(), user="carl", file_hash="h-by")
    history = loaded.imports.history()
    assert [h.file_hash for h in history] == ["h-by", "h-ru", "h-by"]  # newest first
    assert again.duplicate_of == history[-1].id
    assert history[0] == again
    assert loaded.imports.find("h-by").id == history[-1].id
    assert loaded.imports.find("nope") is None
