"""World snapshots: `GET /_mock/export`, `POST /_mock/import`, `MockTwitch.export/import_`."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import assert_error
from twitch_mock import MockTwitch
from twitch_mock.helix import HELIX
from twitch_mock.store.db import SCHEMA_VERSION
from twitch_mock.store.snapshots import SnapshotError
from twitch_mock.units import UNITS

sys.path.insert(0, str(Path(__file__).parent.parent / "helix"))

from test_reference import EXAMPLES

HELIX_GETS = sorted(f"GET {e.path}" for e in HELIX.endpoints if e.method == "GET")
# the JSON listings (not the analytics reports' CSV, which the Helix examples fetch by their URLs)
SNAPSHOT = {"Content-Type": "application/vnd.sqlite3"}  # what GET /_mock/export answers as
FROZEN_SCHEMAS = Path(__file__).resolve().parent.parent / "store" / "schemas"
UNIT_LISTINGS = sorted(e.path for e in UNITS.endpoints if e.method == "GET" and not e.path.endswith(".csv"))


@pytest.fixture(scope="module")
def mock() -> Iterator[MockTwitch]:
    """An instance of its own: importing changes what reset() returns to."""
    with MockTwitch(seed=7, users=25) as m:
        yield m


def edit(data: bytes, *statements: str) -> bytes:
    conn = sqlite3.connect(":memory:")
    conn.deserialize(data)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    out = bytes(conn.serialize())
    conn.close()
    return out


def everything(mock: MockTwitch, calls: dict[str, list[Any]]) -> dict[str, Any]:
    """Every /units listing (all pages) and the answer to every Helix GET example (lists and not)."""
    found: dict[str, Any] = {}
    for path in UNIT_LISTINGS:
        rows, after = [], None
        while True:
            params: dict[str, Any] = {"first": 1000, **({"after": after} if after else {})}
            body = httpx.get(mock.url + "/units" + path, params=params).json()
            rows += body["data"]
            after = body["pagination"].get("cursor")
            if not after:
                break
        found["units " + path] = rows
    for key, made in calls.items():
        for n, call in enumerate(made):
            headers = (
                {"Authorization": f"Bearer {call.token}", "Client-Id": call.client_id or mock.client_id}
                if call.token
                else {}
            )
            r = httpx.get(mock.url + "/helix" + key.split(" ", 1)[1], params=call.params, headers=headers)
            answer: Any = r.json() if "json" in r.headers["content-type"] else _text(r.text)
            if key == "GET /channels/ads" and r.status_code == 200:
                for item in answer["data"]:  # counts down with the wall clock between the two reads
                    item.pop("preroll_free_time")
            found[f"{key} #{n}"] = (r.status_code, answer)
    return found


def _text(text: str) -> str:
    """iCalendar's DTSTAMP is when the calendar was made: now, not a fact of the world."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("DTSTAMP"))


def test_export_reset_import_gives_the_same_answers(mock: MockTwitch) -> None:
    mock.reset()
    seeded = mock.export()
    try:
        made = mock.create_user(login="snapshot_fan")
        mock.create_stream(made.id, title="Exported live")
        mock.follow(made.id, mock.users[0].id)
        mock.advance(3600)
        calls = {key: [make(mock) for make in EXAMPLES[key]] for key in HELIX_GETS}  # tokens included
        before = everything(mock, calls)
        assert len(before) >= len(UNIT_LISTINGS) + len(HELIX_GETS) and all(
            v[0] == 200 for k, v in before.items() if "#" in k
        )
        r = httpx.get(mock.url + "/_mock/export")
        assert r.status_code == 200 and r.headers["content-type"] == "application/vnd.sqlite3"
        assert r.content.startswith(b"SQLite format 3\x00")
        assert httpx.post(mock.url + "/_mock/reset").status_code == 204
        assert everything(mock, {})["units /users"] != before["units /users"]  # the reset did undo it
        imported = httpx.post(mock.url + "/_mock/import", content=r.content, headers=SNAPSHOT)
        assert imported.status_code == 200, imported.text
        assert made.id in imported.json()["data"][0]["user_ids"]
        assert everything(mock, calls) == before
        clock = httpx.get(mock.url + "/_mock/clock").json()["data"][0]
        assert clock["offset_seconds"] == 3600.0
        mock.create_user(login="after_import")
        mock.reset()  # back to the imported world, not the seeded one
        assert everything(mock, calls) == before and mock.clock.offset == 3600.0
    finally:
        mock.import_(seeded)
    assert mock.clock.offset == 0.0 and "snapshot_fan" not in {u.login for u in mock.users}


def test_python_export_to_a_file_and_start_from_it(mock: MockTwitch, tmp_path: Path) -> None:
    mock.reset()
    user = mock.create_user(login="from_file")
    token = mock.user_token(user.id, ["user:read:email"])
    file = tmp_path / "world.sqlite"
    mock.export(file)
    with MockTwitch(snapshot=file) as other:
        headers = {"Authorization": f"Bearer {token}", "Client-Id": mock.client_id}
        r = httpx.get(other.helix_url + "users", headers=headers)
        assert (
            r.status_code == 200 and r.json()["data"][0]["login"] == "from_file"
        )  # tokens and clients came too
        assert other.client_id == mock.client_id and other.client_secret == mock.client_secret
        assert user.id in [u.id for u in other.users]
        other.reset()
        assert httpx.get(other.helix_url + "users", headers=headers).status_code == 200


def test_a_file_from_the_future_is_refused_with_its_version(mock: MockTwitch) -> None:
    mock.reset()
    future = edit(mock.export(), f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    message = (
        f"Cannot import: the snapshot has schema version {SCHEMA_VERSION + 1}, newer than this "
        f"twitch-mock's {SCHEMA_VERSION}; upgrade twitch-mock to import it"
    )
    assert_error(httpx.post(mock.url + "/_mock/import", content=future, headers=SNAPSHOT), 400, message)
    with pytest.raises(SnapshotError, match=f"schema version {SCHEMA_VERSION + 1}"):
        mock.import_(future)
    newer_format = edit(
        mock.export(), "UPDATE meta SET value = 'twitch-mock-snapshot/2' WHERE key = 'snapshot.format'"
    )
    with pytest.raises(SnapshotError, match="format twitch-mock-snapshot/2, newer than"):
        mock.import_(newer_format)


def as_released(data: bytes, version: int) -> bytes:
    """The snapshot as a released version would have written it: that version's frozen schema
    (tests/store/schemas), holding the rows of its tables and columns."""
    source = sqlite3.connect(":memory:")
    source.deserialize(data)
    older = sqlite3.connect(":memory:")
    older.executescript((FROZEN_SCHEMAS / f"v{version}.sql").read_text(encoding="utf-8"))
    tables = [r[0] for r in older.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        columns = [r[1] for r in older.execute(f"PRAGMA table_info('{table}')")]
        listed = ", ".join(f'"{c}"' for c in columns)
        rows = source.execute(f'SELECT {listed} FROM "{table}"').fetchall()
        older.executemany(f'INSERT INTO "{table}" ({listed}) VALUES ({", ".join("?" * len(columns))})', rows)
    older.commit()
    older.execute(f"PRAGMA user_version={version}")
    out = bytes(older.serialize())
    source.close()
    older.close()
    return out


def test_an_older_schema_is_migrated(mock: MockTwitch) -> None:
    mock.reset()
    user = mock.create_user(login="old_timer")
    older = as_released(mock.export(), SCHEMA_VERSION - 1)
    try:
        mock.import_(older)
        assert mock.store.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert user.id in [u.id for u in mock.users]
    finally:
        mock.reset()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        pytest.param(lambda data: b"", "Missing the snapshot: send the file exported by GET /_mock/export as the body", id="empty"),
        pytest.param(lambda data: b"PK\x03\x04 a zip", "Cannot import: not a twitch-mock snapshot: the file is not an SQLite database", id="not-sqlite"),
        pytest.param(lambda data: data[: len(data) // 3], "Cannot import: the file is damaged or not a twitch-mock snapshot: database disk image is malformed", id="truncated"),
        pytest.param(lambda data: edit(data, "DELETE FROM meta WHERE key = 'snapshot.format'"), "Cannot import: not a twitch-mock snapshot: it has no snapshot.format (a plain database?)", id="plain-database"),
    ],
)  # fmt: skip
def test_a_bad_file_changes_nothing(mock: MockTwitch, damage: Any, message: str) -> None:
    mock.reset()
    mock.create_user(login="still_here")
    before = httpx.get(mock.url + "/units/users", params={"first": 1000}).json()
    assert_error(
        httpx.post(mock.url + "/_mock/import", content=damage(mock.export()), headers=SNAPSHOT), 400, message
    )
    assert httpx.get(mock.url + "/units/users", params={"first": 1000}).json() == before
    mock.reset()


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/json"])
def test_an_import_not_sent_as_a_snapshot_is_refused(mock: MockTwitch, content_type: str | None) -> None:
    """A page on another site can POST a body without a preflight only as a "simple" type (or
    none): the import takes its body only as the snapshot's own type."""
    mock.reset()
    made = mock.create_user(login="kept_through")
    headers = {"Content-Type": content_type} if content_type else {}
    r = httpx.post(mock.url + "/_mock/import", content=mock.export(), headers=headers)
    assert_error(r, 415, "The request body must be sent as Content-Type: application/vnd.sqlite3")
    assert made.id in {
        u["id"] for u in httpx.get(mock.url + "/units/users", params={"first": 1000}).json()["data"]
    }
