"""`twitch-mock add ...` and `twitch-mock reset` on a database file, through click's runner."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

from twitch_mock.cli import main
from twitch_mock.core.clock import Clock
from twitch_mock.domain import users
from twitch_mock.generator import generate
from twitch_mock.store import Store


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "mock.db")
    store = Store.open(path)
    generate(store, count=4, seed=5, clock=Clock())
    store.close()
    return path


def cli(db: str, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--db", db], catch_exceptions=False)


def made(result: Result) -> dict[str, object]:
    assert result.exit_code == 0, result.output
    return dict(orjson.loads(result.output))


def test_add_user_prints_the_unit(db: str) -> None:
    user = made(cli(db, "add", "user", "--login", "PartnerPat", "--broadcaster-type", "partner"))
    assert (user["login"], user["display_name"], user["broadcaster_type"]) == (
        "partnerpat",
        "PartnerPat",
        "partner",
    )


def test_relationships_by_login(db: str) -> None:
    made(cli(db, "add", "user", "--login", "caster", "--broadcaster-type", "affiliate"))
    fan = made(cli(db, "add", "user", "--login", "fan"))
    assert made(cli(db, "add", "follow", "--user", "fan", "--broadcaster", "caster"))["user_id"] == fan["id"]
    sub = made(cli(db, "add", "subscription", "--user", "fan", "--broadcaster", "caster", "--tier", "2000"))
    assert sub["tier"] == "2000"
    assert made(cli(db, "add", "vip", "--user", "fan", "--broadcaster", "caster"))["user_id"] == fan["id"]
    ban = made(cli(db, "add", "ban", "--user", "fan", "--broadcaster", "caster", "--duration", "60"))
    assert ban["expires_at"]
    refused = cli(db, "add", "moderator", "--user", "fan", "--broadcaster", "caster")
    assert refused.exit_code == 1 and "banned" in refused.output
    assert made(cli(db, "add", "stream", "--user", "caster", "--viewer-count", "7"))["viewer_count"] == 7


def test_add_client(db: str) -> None:
    client = made(cli(db, "add", "client", "My App", "--redirect-uri", "http://localhost:1/a", "--public"))
    assert (
        client["is_public"]
        and client["secret"] is None
        and client["redirect_uris"] == ["http://localhost:1/a"]
    )


def test_bad_input_exits_non_zero_with_the_reason(db: str) -> None:
    result = cli(db, "add", "follow", "--user", "nobody", "--broadcaster", "nobody2")
    assert result.exit_code == 1
    assert 'The user in "user_id" does not exist: nobody' in result.output


def test_reset_regenerates_the_seeded_world(db: str) -> None:
    before = Store.open(db)
    logins = sorted(u.login for u in users.find(before.db.conn, ids=users.ids(before.db.conn)))
    client = before.auth.clients()[0].id
    before.close()
    made(cli(db, "add", "user", "--login", "extra"))
    result = cli(db, "reset", "--yes")
    assert result.exit_code == 0, result.output
    assert f"Client-ID: {client}" in result.output
    after = Store.open(db)
    try:
        assert sorted(u.login for u in users.find(after.db.conn, ids=users.ids(after.db.conn))) == logins
    finally:
        after.close()


def test_in_memory_database_is_refused() -> None:
    result = CliRunner().invoke(main, ["add", "user", "--db", ":memory:"])
    assert result.exit_code == 1 and "control API" in result.output
