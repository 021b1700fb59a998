"""The `twitch-mock` command as a user runs it: a real process, a real loopback port."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import orjson
import pytest

CLI = [sys.executable, "-m", "twitch_mock"]


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout, env=_env())


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWITCH_MOCK_")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_generate_prints_credentials_and_is_deterministic(tmp_path: Path) -> None:
    first = run("generate", "-c", "10", "--seed", "42", "--db", str(tmp_path / "a.db"))
    second = run("generate", "-c", "10", "--seed", "42", "--db", str(tmp_path / "b.db"))
    assert first.returncode == 0, first.stderr
    user = re.search(r"^User ID (\d+) has all applicable units", first.stdout, re.M)
    assert user is not None
    assert re.search(r"^Client-ID: [a-z0-9]{30}$", first.stdout, re.M)
    assert re.search(r"^Secret: [a-z0-9]{30}$", first.stdout, re.M)
    assert re.search(r"^App access token: [a-z0-9]{30}$", first.stdout, re.M)
    assert user.group(0) in second.stdout  # the same seed gives the same world


def test_generate_refuses_a_bad_count(tmp_path: Path) -> None:
    result = run("generate", "-c", "0", "--db", str(tmp_path / "x.db"))
    assert result.returncode != 0
    assert "count" in result.stderr.lower()


def test_start_on_a_busy_port_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("start", "--host", "127.0.0.1", "-p", str(port), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"twitch-mock: port {port} is already in use on 127.0.0.1"
    assert not (tmp_path / "x.db").exists()  # nothing was generated for a server that never ran


def test_start_with_an_unusable_database_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "not-a-db").write_text("this is not sqlite\n" * 100)
    result = run("start", "--host", "127.0.0.1", "-p", str(free_port()), "--db", str(tmp_path / "not-a-db"))
    assert result.returncode == 1
    assert result.stderr.startswith("twitch-mock: cannot open database")
    assert len(result.stderr.strip().splitlines()) == 1


def wait_for(url: str, deadline: float = 15) -> bytes:
    end = time.monotonic() + deadline
    while True:
        try:
            return bytes(urllib.request.urlopen(url, timeout=1).read())
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.05)


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_start_serves_then_stops_cleanly_and_keeps_the_data(tmp_path: Path, stop_signal: int) -> None:
    db, port = tmp_path / "m.db", free_port()
    args = ["start", "--host", "127.0.0.1", "-p", str(port), "--db", str(db), "--seed", "3"]
    proc = subprocess.Popen(
        [*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
    )
    try:
        tags = orjson.loads(wait_for(f"http://127.0.0.1:{port}/units/users?first=1000"))
        assert len(tags["data"]) == 25  # the first run on an empty database generates 25 users
    finally:
        proc.send_signal(stop_signal)
        out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert re.search(r"^Client-ID: [a-z0-9]{30}$", out, re.M)
    assert f"serving on http://127.0.0.1:{port}" in out
    assert "twitch-mock stopped." in out
    # a second start finds the same data and generates nothing new
    proc = subprocess.Popen(
        [*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
    )
    try:
        again = orjson.loads(wait_for(f"http://127.0.0.1:{port}/units/users?first=1000"))
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=15)
    assert [u["id"] for u in again["data"]] == [u["id"] for u in tags["data"]]
    assert re.search(r"^App access token: [a-z0-9]{30}$", out, re.M)


def test_a_killed_server_loses_no_committed_write_and_its_record_does_not_block(tmp_path: Path) -> None:
    """SIGKILL: no checkpoint, the <db>-server record is left behind. The next start recovers every
    committed write from the WAL and ignores the dead server's record; `add` works on the file."""
    db, port = tmp_path / "k.db", free_port()
    args = ["start", "--host", "127.0.0.1", "-p", str(port), "--db", str(db), "--seed", "3"]
    proc = subprocess.Popen(
        [*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/units/tags")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/_mock/users",
            data=b'{"login": "survivor"}',
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        assert (
            orjson.loads(urllib.request.urlopen(request, timeout=5).read())["data"][0]["login"] == "survivor"
        )
    finally:
        proc.kill()
        proc.communicate(timeout=15)
    assert Path(f"{db}-server").exists()
    added = run("add", "user", "--login", "offline_added", "--db", str(db))
    assert added.returncode == 0, added.stderr
    proc = subprocess.Popen(
        [*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
    )
    try:
        users = orjson.loads(wait_for(f"http://127.0.0.1:{port}/units/users?first=1000"))["data"]
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert {"survivor", "offline_added"} <= {u["login"] for u in users}
    assert not Path(f"{db}-server").exists()  # a clean stop removes the record
