"""Exposure (issue 16, item 2): the warning for non-loopback binds, banner URLs for IPv6, private
database files. (No test binds anything but loopback.)"""

from __future__ import annotations

import signal
import stat
import time
from pathlib import Path

import pytest
from robust_support import started

from twitch_mock.server import exposure_warning, local_url
from twitch_mock.store import Store


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("localhost", "http://localhost:8080"),
        ("127.0.0.1", "http://127.0.0.1:8080"),
        ("::1", "http://[::1]:8080"),
        ("[::1]", "http://[::1]:8080"),
        ("::", "http://[::1]:8080"),
        ("0.0.0.0", "http://127.0.0.1:8080"),
        ("fe80::1%eth0", "http://[fe80::1%eth0]:8080"),
        ("devbox.lan", "http://devbox.lan:8080"),
    ],
)
def test_banner_urls(host: str, url: str) -> None:
    assert local_url(host, 8080) == url


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "::1", "[::1]", "app.localhost"])
def test_no_warning_for_loopback(host: str) -> None:
    assert exposure_warning(host, False) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "devbox.lan"])
def test_a_non_loopback_host_is_warned_about(host: str) -> None:
    warning = exposure_warning(host, False)
    assert warning is not None and f"--host {host} is not a loopback address" in warning
    assert "Helix and id.twitch.tv" in warning and "loopback clients only" in warning
    remote = exposure_warning(host, True)
    assert remote is not None and "/units (client secrets)" in remote


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_file_is_private(tmp_path: Path) -> None:
    db = tmp_path / "new" / "dir" / "x.db"
    store = Store.open(str(db))
    try:
        with store.transaction() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS t(x)")
        assert _mode(db) == 0o600
        assert _mode(db.parent) == 0o700
        assert _mode(db.with_name("x.db-wal")) == 0o600
    finally:
        store.close()


def test_a_wider_wal_left_behind_is_narrowed(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    Store.open(str(db)).close()
    wal = db.with_name("x.db-wal")
    wal.touch()
    wal.chmod(0o644)
    store = Store.open(str(db))
    try:
        assert _mode(wal) == 0o600
    finally:
        store.close()


def test_a_serving_mock_keeps_its_files_private(tmp_path: Path) -> None:
    with started(tmp_path) as server:
        for name in ("mock.db", "mock.db-server", "mock.db-wal"):
            assert _mode(tmp_path / name) == 0o600, name
        began = time.monotonic()
        server.proc.send_signal(signal.SIGINT)  # an idle server stops at once
        assert server.proc.wait(timeout=5) == 0
        assert time.monotonic() - began < 2
        assert "twitch-mock stopped." in (server.proc.stdout.read() if server.proc.stdout else "")
