"""streams.card, the stored Get Streams item (schema v5): equal to what the stream_cards view builds
from the stream, its channel and its category after every write to a column it reads, keyed by the
Stream fields in order, and filled in when a version-4 database migrates."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from twitch_mock.domain.streams import Stream
from twitch_mock.mock import MockTwitch
from twitch_mock.store.db import Database

SCHEMAS = Path(__file__).resolve().parent / "schemas"
KEYS = [f.name for f in fields(Stream)]


def card(conn: sqlite3.Connection, stream: str = "s1") -> dict[str, Any]:
    stored, fresh = conn.execute(
        "SELECT s.card, v.card FROM streams s JOIN stream_cards v ON v.stream_id = s.id WHERE s.id = ?",
        (stream,),
    ).fetchone()
    assert stored == fresh, "the stored card differs from the view's"
    got: dict[str, Any] = json.loads(stored)
    return got


def add_user(conn: sqlite3.Connection, user: str, game: str | None = None) -> None:
    conn.execute(
        "INSERT INTO users (id, login, display_name, created_at, game_id, title) "
        "VALUES (?, ?, ?, '2020-01-01T00:00:00Z', ?, 'first')",
        (user, f"u{user}", f"U{user}", game),
    )


def go_live(conn: sqlite3.Connection, stream: str, user: str) -> None:
    conn.execute(
        "INSERT INTO streams (id, user_id, viewer_count, started_at) VALUES (?, ?, 5, '2020-01-02T00:00:00Z')",
        (stream, user),
    )


@pytest.fixture
def conn() -> Any:
    db = Database(":memory:")
    db.conn.executemany(
        "INSERT INTO categories (id, name, box_art_url, igdb_id) VALUES (?, ?, '', '')",
        [("10", "Chess"), ("20", "Minecraft")],
    )
    add_user(db.conn, "1", "10")
    go_live(db.conn, "s1", "1")
    yield db.conn
    db.close()


def test_a_new_stream_gets_its_card_keyed_by_the_stream_fields(conn: sqlite3.Connection) -> None:
    got = card(conn)
    assert list(got) == KEYS
    assert got == {
        "id": "s1",
        "user_id": "1",
        "user_login": "u1",
        "user_name": "U1",
        "game_id": "10",
        "game_name": "Chess",
        "type": "live",
        "title": "first",
        "viewer_count": 5,
        "started_at": "2020-01-02T00:00:00Z",
        "language": "en",
        "thumbnail_url": "https://static-cdn.jtvnw.net/previews-ttv/live_user_u1-{width}x{height}.jpg",
        "tag_ids": [],
        "tags": [],
        "is_mature": False,
    }


@pytest.mark.parametrize(
    ("statement", "changed"),
    [
        pytest.param("UPDATE streams SET viewer_count = 77", {"viewer_count": 77}, id="viewers"),
        pytest.param("UPDATE streams SET started_at = '2021-01-01T00:00:00Z'", {"started_at": "2021-01-01T00:00:00Z"}, id="started"),
        pytest.param("UPDATE users SET title = 'second'", {"title": "second"}, id="title"),
        pytest.param("UPDATE users SET game_id = '20'", {"game_id": "20", "game_name": "Minecraft"}, id="category"),
        pytest.param("UPDATE users SET game_id = NULL", {"game_id": "", "game_name": ""}, id="no-category"),
        pytest.param("UPDATE users SET broadcaster_language = 'de'", {"language": "de"}, id="language"),
        pytest.param("UPDATE users SET display_name = 'Renamed'", {"user_name": "Renamed"}, id="display-name"),
        pytest.param(
            "UPDATE users SET login = 'renamed'",
            {"user_login": "renamed", "thumbnail_url": "https://static-cdn.jtvnw.net/previews-ttv/live_user_renamed-{width}x{height}.jpg"},
            id="login",
        ),
        pytest.param("INSERT INTO channel_tags (broadcaster_id, position, tag) VALUES ('1', 0, 'Chill')", {"tags": ["Chill"]}, id="tags"),
        pytest.param("UPDATE categories SET name = 'Chess 2' WHERE id = '10'", {"game_name": "Chess 2"}, id="category-name"),
    ],
)  # fmt: skip
def test_the_card_follows_every_column_it_reads(
    conn: sqlite3.Connection, statement: str, changed: dict[str, Any]
) -> None:
    before = card(conn)
    conn.execute(statement)
    after = card(conn)
    assert {k: v for k, v in after.items() if before[k] != v} == changed


def test_a_channel_change_rewrites_only_that_channels_card(conn: sqlite3.Connection) -> None:
    add_user(conn, "2", "10")
    go_live(conn, "s2", "2")
    conn.execute("UPDATE users SET title = 'only me' WHERE id = '1'")
    conn.execute("UPDATE categories SET name = 'Chess 2' WHERE id = '20'")  # nobody streams it
    assert (card(conn, "s1")["title"], card(conn, "s2")["title"]) == ("only me", "first")
    assert card(conn, "s2")["game_name"] == "Chess"


def test_every_generated_stream_has_the_views_card() -> None:
    with MockTwitch(seed=3, users=40) as mock:
        conn = mock.store.db.conn
        stored = conn.execute(
            "SELECT s.card, v.card FROM streams s JOIN stream_cards v ON v.stream_id = s.id"
        ).fetchall()
        assert stored and all(a == b for a, b in stored)
        assert {tuple(json.loads(a)) for a, _ in stored} == {tuple(KEYS)}
        assert any(json.loads(a)["tags"] for a, _ in stored)


def test_a_version_4_database_gets_its_cards_when_it_migrates(tmp_path: Path) -> None:
    path = str(tmp_path / "v4.db")
    with closing(sqlite3.connect(path, isolation_level=None)) as old:
        old.executescript((SCHEMAS / "v4.sql").read_text(encoding="utf-8"))
        add_user(old, "7")
        add_user(old, "8")
        go_live(old, "s7", "7")
        old.execute("PRAGMA user_version=4")
    db = Database(path)
    try:
        assert card(db.conn, "s7")["user_login"] == "u7"
        assert db.conn.execute("SELECT count(*) FROM streams WHERE card IS NULL").fetchone()[0] == 0
    finally:
        db.close()
