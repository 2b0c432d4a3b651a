"""Caps on uploads (svetofor/ui/upload_quota.py) and the streaming receive of a data URL
(svetofor/ui/importing.py): refused before a byte is kept, nothing left behind."""

from __future__ import annotations

import base64
import os
from contextlib import ExitStack
from pathlib import Path

import pytest

from svetofor.reading import MIB
from svetofor.ui import importing as imp
from svetofor.ui import upload_quota as quota
from svetofor.ui.upload_quota import QuotaExceeded


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _url(data: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(data).decode()


def test_concurrent_uploads_are_capped_per_user_and_in_total(tmp_path: Path) -> None:
    with ExitStack() as held:
        for _ in range(quota.MAX_RECEIVING_PER_USER):
            held.enter_context(quota.reserve(tmp_path, "anna", 10))
        with pytest.raises(QuotaExceeded) as busy, quota.reserve(tmp_path, "anna", 10):
            pass
        assert busy.value.key == "security.upload.busy_user"
        for i in range(quota.MAX_RECEIVING_TOTAL - quota.MAX_RECEIVING_PER_USER):
            held.enter_context(quota.reserve(tmp_path, f"user{i}", 10))
        with pytest.raises(QuotaExceeded) as full, quota.reserve(tmp_path, "zoe", 10):
            pass
        assert full.value.key == "security.upload.busy"
    assert _files(tmp_path) == []  # every reservation ended with its block
    with quota.reserve(tmp_path, "anna", 10):
        pass


def test_a_crashed_workers_reservation_expires(tmp_path: Path) -> None:
    with quota.reserve(tmp_path, "anna", 10), quota.reserve(tmp_path, "anna", 10):
        stale = _files(tmp_path)
        for path in stale:
            os.utime(path, (1, 1))  # as if left by a worker killed long ago
        with quota.reserve(tmp_path, "anna", 10):
            pass


@pytest.mark.parametrize(
    ("env", "user", "key", "limit"),
    [
        ("SVETOFOR_UPLOAD_USER_MB", "anna", "security.upload.quota_user", 1.0),
        ("SVETOFOR_UPLOAD_TOTAL_MB", "boris", "security.upload.quota_total", 1.0),
    ],
)
def test_kept_uploads_count_towards_the_caps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: str, user: str, key: str, limit: float
) -> None:
    monkeypatch.setenv(env, "1")
    imp.receive_data_url(tmp_path, _url(os.urandom(700 * 1024)), "a.xlsx", "anna")
    kept = _files(tmp_path)
    with pytest.raises(imp.UploadRefused) as refused:
        imp.receive_data_url(tmp_path, _url(os.urandom(400 * 1024)), "b.xlsx", user)
    assert (refused.value.key, refused.value.params) == (key, {"limit": limit})
    assert _files(tmp_path) == kept


def test_a_broken_upload_is_deleted_at_once(tmp_path: Path) -> None:
    good = base64.b64encode(os.urandom(imp.B64_CHUNK)).decode()  # the first chunks decode fine
    contents = "data:x;base64," + good + "!!!!" + good
    with pytest.raises(imp.UploadRefused) as refused:
        imp.receive_data_url(tmp_path, contents, "list.xlsx", "anna")
    assert refused.value.key == "import.refused.encoding"
    assert _files(tmp_path) == []
    with pytest.raises(imp.UploadRefused) as empty:
        imp.receive_data_url(tmp_path, "data:x;base64,", "list.xlsx", "anna")
    assert empty.value.key in ("import.refused.no_file", "import.refused.empty")
    assert _files(tmp_path) == []


def test_a_received_upload_is_the_file_streamed_in_pieces(tmp_path: Path) -> None:
    data = os.urandom(3 * imp.B64_CHUNK + 5)  # several chunks and a padded tail
    upload = imp.receive_data_url(tmp_path, _url(data), "list.xlsx", "anna", max_bytes=MIB)
    assert upload.path.read_bytes() == data and upload.size == len(data)
    assert imp.load_upload(tmp_path, upload.token) == upload
