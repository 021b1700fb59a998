"""A serving mock holds its database file exclusively and records where it serves
(`<db>-server`): `twitch-mock add` and `reset` hand their work to it, while `generate` and a second
`start` refuse with one line. A record left by a dead process, or whose address doesn't accept
connections, is ignored."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest
from click.testing import CliRunner, Result

from twitch_mock import MockTwitch
from twitch_mock.cli import main
from twitch_mock.store.holder import holder, holder_path


@pytest.fixture
def path(tmp_path: Path) -> str:
    return str(tmp_path / "served.db")


@pytest.fixture
def served(path: str) -> Iterator[MockTwitch]:
    with MockTwitch(db=path, seed=3, users=4) as mock:
        yield mock


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_the_server_records_itself_while_it_serves(served: MockTwitch, path: str) -> None:
    found = holder(path)
    assert found is not None and found.url == served.url
    served.stop()
    assert holder(path) is None and not holder_path(path).exists()


def test_no_other_connection_can_use_a_served_file(served: MockTwitch, path: str) -> None:
    other = sqlite3.connect(path, timeout=0)
    try:
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            other.execute("SELECT count(*) FROM users").fetchone()
    finally:
        other.close()


def test_add_goes_to_the_server_and_uses_its_clock(served: MockTwitch, path: str) -> None:
    served.advance(86_400)
    result = cli("add", "user", "--login", "LiveAdded", "--broadcaster-type", "partner", "--db", path)
    assert result.exit_code == 0, result.output
    user = orjson.loads(result.output)
    listed = httpx.get(served.url + "/units/users", params={"first": 100}).json()["data"]
    assert user["id"] in [u["id"] for u in listed]  # the running server sees it at once
    fan = served.users[1]
    result = cli("add", "follow", "--user", fan.login, "--broadcaster", "liveadded", "--db", path)
    assert result.exit_code == 0, result.output
    assert orjson.loads(result.output)["followed_at"] == served.clock.rfc3339()


def test_add_errors_come_back_as_one_line(served: MockTwitch, path: str) -> None:
    result = cli("add", "follow", "--user", "nobody", "--broadcaster", "nobody2", "--db", path)
    assert result.exit_code == 1
    assert 'The user in "user_id" does not exist: nobody' in result.output


def test_reset_resets_the_server(served: MockTwitch, path: str) -> None:
    made = served.create_user("temporary")
    result = cli("reset", "--yes", "--db", path)
    assert result.exit_code == 0, result.output
    assert f"Reset the twitch-mock serving {served.url}" in result.output
    assert f"Client-ID: {served.client_id}" in result.output
    listed = httpx.get(served.url + "/units/users", params={"first": 100}).json()["data"]
    assert made.id not in [u["id"] for u in listed]


@pytest.mark.parametrize("command", [["generate", "-c", "2"], ["start", "-p", "0"]])
def test_generate_and_start_refuse_a_served_file(served: MockTwitch, path: str, command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--db", path])
    assert result.exit_code == 1
    assert f"is in use by the twitch-mock serving {served.url}" in result.output


def test_a_record_left_by_a_dead_process_is_ignored(path: str) -> None:
    with MockTwitch(db=path, seed=3, users=2):
        pass
    holder_path(path).write_text(json.dumps({"url": "http://127.0.0.1:9", "pid": 2**22 + 7}))
    assert holder(path) is None
    result = cli("add", "user", "--login", "offline_add", "--db", path)
    assert result.exit_code == 0, result.output


def test_a_record_whose_server_does_not_answer_falls_back_to_the_file(path: str) -> None:
    with MockTwitch(db=path, seed=3, users=2):
        pass
    # this (live) process, but nothing listens there: the record is stale, the file is free
    holder_path(path).write_text(json.dumps({"url": "http://127.0.0.1:9", "pid": os.getpid()}))
    assert holder(path) is None
    result = cli("add", "user", "--login", "fallback_add", "--db", path)
    assert result.exit_code == 0, result.output
    assert orjson.loads(result.output)["login"] == "fallback_add"
