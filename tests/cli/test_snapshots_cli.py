"""`twitch-mock export` / `import`, and `start --import`, `--export-on-exit`, `--journal-size`."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
from pathlib import Path

import orjson
from test_cli import CLI, _env, free_port, run, wait_for

from twitch_mock.store.db import SCHEMA_VERSION


def user_logins(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return sorted(r[0] for r in conn.execute("SELECT login FROM users"))
    finally:
        conn.close()


def test_export_and_import_files_without_a_server(tmp_path: Path) -> None:
    source, target, file = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "world.sqlite"
    assert run("generate", "-c", "5", "--seed", "3", "--db", str(source)).returncode == 0
    assert run("generate", "-c", "2", "--seed", "4", "--db", str(target)).returncode == 0
    done = run("export", str(file), "--db", str(source))
    assert done.returncode == 0, done.stderr
    assert f"Exported {source} to {file}" in done.stdout
    done = run("import", str(file), "--db", str(target), "--yes")
    assert done.returncode == 0, done.stderr
    assert user_logins(target) == user_logins(source)


def test_import_refuses_a_file_from_the_future(tmp_path: Path) -> None:
    db, file = tmp_path / "a.db", tmp_path / "world.sqlite"
    run("generate", "-c", "3", "--seed", "3", "--db", str(db))
    run("export", str(file), "--db", str(db))
    conn = sqlite3.connect(file)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 7}")
    conn.close()
    before = user_logins(db)
    done = run("import", str(file), "--db", str(db), "--yes")
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"twitch-mock: cannot import {file}: the snapshot has schema version {SCHEMA_VERSION + 7}, newer "
        f"than this twitch-mock's {SCHEMA_VERSION}; upgrade twitch-mock to import it"
    )
    assert user_logins(db) == before


def test_start_from_a_snapshot_and_export_on_exit(tmp_path: Path) -> None:
    source, file, out = tmp_path / "a.db", tmp_path / "world.sqlite", tmp_path / "out.sqlite"
    run("generate", "-c", "4", "--seed", "5", "--db", str(source))
    run("export", str(file), "--db", str(source))
    db, port = tmp_path / "served.db", free_port()
    args = ["start", "--host", "127.0.0.1", "-p", str(port), "--db", str(db), "--server", "uvicorn"]
    args += ["--import", str(file), "--export-on-exit", str(out), "--journal-size", "0"]
    proc = subprocess.Popen(
        [*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
    )
    try:
        users = orjson.loads(wait_for(f"http://127.0.0.1:{port}/units/users?first=1000"))["data"]
        assert sorted(u["login"] for u in users) == user_logins(source)
        journal = orjson.loads(wait_for(f"http://127.0.0.1:{port}/_mock/requests"))
        assert journal == {"data": []}  # --journal-size 0: off
        # while it serves, `export` goes through the server
        via = tmp_path / "via.sqlite"
        done = run("export", str(via), "--db", str(db))
        assert done.returncode == 0, done.stderr
        assert via.read_bytes().startswith(b"SQLite format 3\x00")
    finally:
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 0, stderr
    assert f"Exported the world to {out}." in stdout
    assert user_logins(out) == user_logins(source)


def test_start_refuses_a_bad_snapshot(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all")
    done = run(
        "start",
        "--host",
        "127.0.0.1",
        "-p",
        str(free_port()),
        "--db",
        str(tmp_path / "m.db"),
        "--import",
        str(bad),
    )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"twitch-mock: cannot import {bad}: not a twitch-mock snapshot: the file is not an SQLite database"
    )
