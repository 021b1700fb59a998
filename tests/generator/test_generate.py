"""The world generator: determinism, batches, the all-units user, relationship invariants, the app
token, and the /units listings over generated data."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import orjson
import pytest

from twitch_mock.core.clock import Clock
from twitch_mock.domain.listings import listing
from twitch_mock.generator import Generation, generate
from twitch_mock.settings import Lifetimes
from twitch_mock.store import Store, Window

# Columns whose values are absolute times (now minus a seeded offset), left out when comparing worlds.
TIME_COLUMNS = {
    "created_at", "followed_at", "started_at", "ended_at", "locked_at", "redeemed_at", "published_at",
    "expires_at", "updated_at", "start_time", "end_time", "timestamp", "last_updated", "cooldown_expires_at",
    "sent_at", "held_at", "last_activated_at", "resolved_at", "invited_at", "assigned_at",
    "acknowledged_at", "starts_at", "active_at", "due_at",
}  # fmt: skip
# columns holding a stored JSON object (streams.card, Get Streams' item), compared without its times
STORED_JSON = {"card"}
TIME_PATHS = ", ".join(f"'$.{c}'" for c in sorted(TIME_COLUMNS))
RELATION_TABLES = ("follows", "bans", "moderators", "editors", "vips", "subscriptions")


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store.open(":memory:")
    yield s
    s.close()


def world(count: int = 25, seed: int | None = 7) -> tuple[Store, Generation]:
    s = Store.open(":memory:")
    return s, generate(s, count=count, seed=seed, clock=Clock())


def rows(conn: sqlite3.Connection, sql: str, *args: object) -> list[tuple[object, ...]]:
    return conn.execute(sql, args).fetchall()


def scalar(conn: sqlite3.Connection, sql: str, *args: object) -> int:
    return int(conn.execute(sql, args).fetchone()[0])


def tables(conn: sqlite3.Connection) -> list[str]:
    return [str(r[0]) for r in rows(conn, "SELECT name FROM sqlite_master WHERE type = 'table'")]


def timeless(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """Every table but tokens (minted from system randomness), without its time columns, sorted."""
    out = {}
    for table in tables(conn):
        if table == "tokens":
            continue
        columns = [c[1] for c in rows(conn, f"PRAGMA table_info({table})") if c[1] not in TIME_COLUMNS]
        quoted = ", ".join(
            f'json_remove("{c}", {TIME_PATHS})' if c in STORED_JSON else f'"{c}"' for c in columns
        )
        out[table] = sorted(rows(conn, f"SELECT {quoted} FROM {table}"), key=repr)
    return out


# --- determinism ---------------------------------------------------------------------------------


def test_same_seed_gives_the_same_world() -> None:
    (a, ga), (b, gb) = world(seed=42), world(seed=42)
    first, second = timeless(a.db.conn), timeless(b.db.conn)
    assert first == second
    assert sum(len(v) for v in first.values()) > 500
    assert (ga.user_ids, ga.client_id, ga.client_secret) == (gb.user_ids, gb.client_id, gb.client_secret)
    assert ga.app_token != gb.app_token  # tokens come from system randomness, never from the seed


def test_different_seeds_give_different_worlds() -> None:
    (a, ga), (b, gb) = world(seed=1), world(seed=2)
    assert set(ga.user_ids).isdisjoint(gb.user_ids)
    logins = "SELECT login FROM users ORDER BY rowid"
    assert rows(a.db.conn, logins) != rows(b.db.conn, logins)


def test_without_a_seed_one_is_chosen_and_reported() -> None:
    s, g = world(seed=None)
    _, g2 = world(seed=g.seed)
    assert g2.user_ids == g.user_ids
    assert s.meta.get("generate.seed.1") == str(g.seed)


# --- counts and batches --------------------------------------------------------------------------


def test_counts_match_the_rows_written(store: Store) -> None:
    g = generate(store, count=30, seed=3, clock=Clock())
    conn = store.db.conn
    assert len(g.user_ids) == len(set(g.user_ids)) == 30
    assert scalar(conn, "SELECT count(*) FROM users WHERE batch = 1") == 30
    for table, n in g.counts.items():
        assert scalar(conn, f"SELECT count(*) FROM {table}") == n, table
    assert (
        g.counts["categories"] == 12 and g.counts["tags"] == 7 and g.counts["clients"] == 2 + 3
    )  # and 3 extensions


def test_second_run_adds_a_batch_and_reuses_the_fixed_rows(store: Store) -> None:
    first = generate(store, count=20, seed=5, clock=Clock())
    second = generate(store, count=20, seed=5, clock=Clock())
    conn = store.db.conn
    assert (first.batch, second.batch) == (1, 2)
    assert set(first.user_ids).isdisjoint(second.user_ids)
    assert scalar(conn, "SELECT count(*) FROM users WHERE batch = 2") == 20
    assert scalar(conn, "SELECT count(*) FROM users") == 40
    assert scalar(conn, "SELECT count(DISTINCT login) FROM users") == 40
    assert scalar(conn, "SELECT count(*) FROM users WHERE login != lower(login) OR length(login) > 25") == 0
    fixed = {t: scalar(conn, f"SELECT count(*) FROM {t}") for t in ("categories", "tags", "teams", "clients")}
    assert fixed == {
        "categories": 12,
        "tags": 7,
        "teams": 1,
        "clients": 2 + 3,
    }  # and the first batch's 3 extensions
    assert (second.client_id, second.client_secret, second.public_client_id) == (
        first.client_id,
        first.client_secret,
        first.public_client_id,
    )
    assert second.all_units_user_id == first.all_units_user_id == first.user_ids[0]
    assert second.app_token != first.app_token
    assert scalar(conn, "SELECT count(*) FROM tokens WHERE client_id = ?", first.client_id) == 2
    assert "clients" not in second.counts and second.counts["categories"] == 0


def test_a_failed_run_writes_nothing(store: Store) -> None:
    def fail_midway(step: str, done: int, total: int) -> None:
        if step == "channel points":
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        generate(store, count=10, seed=1, clock=Clock(), progress=fail_midway)
    conn = store.db.conn
    assert scalar(conn, "SELECT count(*) FROM users") == 0
    assert scalar(conn, "SELECT count(*) FROM categories") == 0
    assert store.meta.get("generate.batches") is None


def test_progress_reports_each_step_starting_then_done(store: Store) -> None:
    calls: list[tuple[str, int, int]] = []
    generate(store, count=5, seed=1, clock=Clock(), progress=lambda *a: calls.append(a))
    steps = [c[0] for c in calls[::2]]
    assert calls == [call for step in steps for call in ((step, 0, 1), (step, 1, 1))]
    assert len(set(steps)) == len(steps) >= 5
    assert steps[:2] == ["catalogue", "users"] and steps[-1] == "app token"


def test_count_must_be_positive(store: Store) -> None:
    with pytest.raises(ValueError):
        generate(store, count=0, clock=Clock())


# --- the all-units user --------------------------------------------------------------------------


# (what the all-units user must have: a count query with ? for the user, the least count)
ALL_UNITS = [
    ("SELECT count(*) FROM users WHERE id = ? AND broadcaster_type = 'partner'", 1),
    ("SELECT count(*) FROM streams WHERE user_id = ?", 1),
    ("SELECT count(*) FROM follows WHERE broadcaster_id = ?", 5),
    ("SELECT count(*) FROM subscriptions WHERE broadcaster_id = ?", 3),
    ("SELECT count(*) FROM subscriptions WHERE broadcaster_id = ? AND is_gift AND gifter_id IS NOT NULL", 1),
    ("SELECT count(*) FROM moderators WHERE broadcaster_id = ?", 2),
    ("SELECT count(*) FROM vips WHERE broadcaster_id = ?", 2),
    ("SELECT count(*) FROM editors WHERE broadcaster_id = ?", 1),
    ("SELECT count(*) FROM bans WHERE broadcaster_id = ? AND expires_at IS NULL", 1),
    ("SELECT count(*) FROM bans WHERE broadcaster_id = ? AND expires_at > strftime('%Y-%m-%dT%H:%M:%SZ')", 1),
    ("SELECT count(DISTINCT type) FROM videos WHERE user_id = ?", 3),
    ("SELECT count(*) FROM clips WHERE broadcaster_id = ? AND video_id != ''", 1),
    ("SELECT count(*) FROM stream_markers WHERE user_id = ?", 2),
    ("SELECT count(*) FROM custom_rewards WHERE broadcaster_id = ?", 1),
    ("SELECT count(*) FROM redemptions WHERE broadcaster_id = ?", 1),
    ("SELECT count(*) FROM polls WHERE broadcaster_id = ? AND status = 'ACTIVE' AND duration = 1800", 1),
    ("SELECT count(*) FROM polls WHERE broadcaster_id = ? AND ended_at IS NOT NULL", 2),
    ("SELECT count(DISTINCT status) FROM predictions WHERE broadcaster_id = ?", 3),
    (
        "SELECT count(*) FROM prediction_bets b JOIN predictions p ON p.id = b.prediction_id "
        "WHERE p.broadcaster_id = ?",
        1,
    ),
    ("SELECT count(*) FROM schedule_segments WHERE broadcaster_id = ? AND end_time > start_time", 1),
    ("SELECT count(*) FROM schedule_settings WHERE broadcaster_id = ?", 1),
    ("SELECT count(*) FROM team_members WHERE user_id = ?", 1),
    ("SELECT count(*) FROM chat_settings WHERE broadcaster_id = ?", 1),
    ("SELECT count(*) FROM channel_tags WHERE broadcaster_id = ? AND tag = 'English'", 1),
    ("SELECT count(*) FROM unban_requests WHERE broadcaster_id = ? AND status = 'pending'", 1),
    ("SELECT count(*) FROM suspicious_users WHERE broadcaster_id = ?", 2),
]


@pytest.fixture(scope="module")
def starred() -> tuple[sqlite3.Connection, str]:
    s, g = world(count=25, seed=11)
    return s.db.conn, g.all_units_user_id


@pytest.mark.parametrize(("query", "least"), ALL_UNITS)
def test_the_all_units_user_has_every_kind_of_unit(
    starred: tuple[sqlite3.Connection, str], query: str, least: int
) -> None:
    conn, star = starred
    assert scalar(conn, query, star) >= least


def test_the_all_units_user_has_an_active_poll_and_prediction(
    starred: tuple[sqlite3.Connection, str],
) -> None:
    conn, star = starred
    statuses = {r[0] for r in rows(conn, "SELECT status FROM predictions WHERE broadcaster_id = ?", star)}
    assert {"ACTIVE", "RESOLVED", "CANCELED"} <= statuses
    polls = {r[0] for r in rows(conn, "SELECT status FROM polls WHERE broadcaster_id = ?", star)}
    assert {"ACTIVE", "COMPLETED", "TERMINATED", "ARCHIVED"} == polls


def test_the_markers_are_on_the_all_units_users_latest_video(starred: tuple[sqlite3.Connection, str]) -> None:
    conn, star = starred
    latest = rows(conn, "SELECT id, stream_id FROM videos WHERE user_id = ? ORDER BY created_at DESC", star)[
        0
    ]
    assert rows(conn, "SELECT id FROM streams WHERE user_id = ?", star) == [(latest[1],)]
    assert rows(conn, "SELECT DISTINCT video_id FROM stream_markers WHERE user_id = ?", star) == [
        (latest[0],)
    ]


def test_every_user_has_chat_settings_with_twitch_defaults() -> None:
    s, _ = world(count=40)
    conn = s.db.conn
    assert scalar(conn, "SELECT count(*) FROM chat_settings") == 40
    modes = (
        "SELECT DISTINCT slow_mode, slow_mode_wait_time, follower_mode, subscriber_mode FROM chat_settings"
    )
    assert rows(conn, modes) == [(0, None, 0, 0)]


# --- relationship invariants ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def big() -> sqlite3.Connection:
    s, _ = world(count=400, seed=99)
    return s.db.conn


@pytest.mark.parametrize("table", RELATION_TABLES)
def test_nobody_relates_to_themselves(big: sqlite3.Connection, table: str) -> None:
    assert scalar(big, f"SELECT count(*) FROM {table}") > 0
    assert scalar(big, f"SELECT count(*) FROM {table} WHERE broadcaster_id = user_id") == 0


def test_no_self_blocks_and_no_self_gifts(big: sqlite3.Connection) -> None:
    assert scalar(big, "SELECT count(*) FROM blocks WHERE user_id = target_user_id") == 0
    gifts = "SELECT count(*) FROM subscriptions WHERE is_gift AND gifter_id IN (user_id, broadcaster_id)"
    assert scalar(big, gifts) == 0
    assert scalar(big, "SELECT count(*) FROM subscriptions WHERE is_gift != (gifter_id IS NOT NULL)") == 0


@pytest.mark.parametrize("role", ["moderators", "vips"])
def test_banned_users_are_neither_moderators_nor_vips(big: sqlite3.Connection, role: str) -> None:
    clash = f"SELECT count(*) FROM bans b JOIN {role} r USING (broadcaster_id, user_id)"
    assert scalar(big, clash) == 0


def test_vips_are_not_moderators(big: sqlite3.Connection) -> None:
    assert scalar(big, "SELECT count(*) FROM vips JOIN moderators USING (broadcaster_id, user_id)") == 0


def test_only_affiliates_and_partners_have_subscribers_rewards_and_polls(big: sqlite3.Connection) -> None:
    for table in ("subscriptions", "custom_rewards", "polls", "predictions"):
        plain = (
            f"SELECT count(*) FROM {table} t JOIN users u ON u.id = t.broadcaster_id "
            "WHERE u.broadcaster_type = ''"
        )
        assert scalar(big, f"SELECT count(*) FROM {table}") > 0, table
        assert scalar(big, plain) == 0, table
    assert {r[0] for r in rows(big, "SELECT DISTINCT tier FROM subscriptions")} == {"1000", "2000", "3000"}


def test_rows_per_user_are_bounded(big: sqlite3.Connection) -> None:
    per_user = {
        "SELECT max(c) FROM (SELECT count(*) c FROM follows GROUP BY user_id)": 11,
        "SELECT max(c) FROM (SELECT count(*) c FROM moderators GROUP BY broadcaster_id)": 3,
        "SELECT max(c) FROM (SELECT count(*) c FROM vips GROUP BY broadcaster_id)": 3,
        "SELECT max(c) FROM (SELECT count(*) c FROM bans GROUP BY broadcaster_id)": 2,
        "SELECT max(c) FROM (SELECT count(*) c FROM subscriptions GROUP BY broadcaster_id)": 6,
        "SELECT max(c) FROM (SELECT count(*) c FROM custom_rewards GROUP BY broadcaster_id)": 3,
    }
    for sql, bound in per_user.items():
        assert 0 < scalar(big, sql) <= bound, sql
    total = sum(scalar(big, f"SELECT count(*) FROM {t}") for t in tables(big))
    assert total < 40 * 400


def test_streams_are_about_one_in_ten_and_live(big: sqlite3.Connection) -> None:
    live = scalar(big, "SELECT count(*) FROM streams")
    assert 15 <= live <= 70
    assert rows(big, "SELECT DISTINCT type FROM streams") == [("live",)]
    archives = "SELECT count(*) FROM streams s JOIN videos v ON v.stream_id = s.id AND v.type = 'archive'"
    assert scalar(big, archives) == live
    latest_elsewhere = (
        "SELECT count(*) FROM streams s WHERE s.id IS NOT "
        "(SELECT stream_id FROM videos v WHERE v.user_id = s.user_id ORDER BY created_at DESC LIMIT 1)"
    )
    assert scalar(big, latest_elsewhere) == 0
    clips = (
        "SELECT count(*) FROM clips "
        "WHERE duration > 60 OR duration <= 0 OR (video_id = '') != (vod_offset IS NULL)"
    )
    assert scalar(big, clips) == 0


def test_predictions_have_consistent_outcomes(big: sqlite3.Connection) -> None:
    resolved = "SELECT count(*) FROM predictions WHERE status = 'RESOLVED' AND winning_outcome_id IS NULL"
    assert scalar(big, resolved) == 0
    winners = (
        "SELECT count(*) FROM predictions p WHERE winning_outcome_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM prediction_outcomes o WHERE o.id = p.winning_outcome_id AND o.prediction_id = p.id)"
    )
    assert scalar(big, winners) == 0
    pinks = (
        "SELECT prediction_id FROM prediction_outcomes GROUP BY prediction_id "
        "HAVING count(*) > 2 AND max(color) = 'PINK'"
    )
    assert rows(big, pinks) == []
    own_bets = (
        "SELECT count(*) FROM prediction_bets b JOIN predictions p ON p.id = b.prediction_id "
        "WHERE b.user_id = p.broadcaster_id"
    )
    assert scalar(big, own_bets) == 0


# --- the app token -------------------------------------------------------------------------------


def test_the_app_token_is_stored_for_the_confidential_client(store: Store) -> None:
    g = generate(store, count=3, seed=1, clock=Clock())
    token = store.auth.token(g.app_token)
    assert token is not None and token.is_app
    assert token.client_id == g.client_id and token.scopes == ()
    assert token.expires_at - token.issued_at == Lifetimes().app_token
    client = store.auth.client(g.client_id)
    assert client is not None and client.secret == g.client_secret and not client.is_public
    assert len(g.client_id) == len(g.client_secret) == 30 and g.client_id.isalnum() and g.client_id.islower()
    public = store.auth.client(g.public_client_id)
    assert public is not None and public.is_public and public.secret is None
    assert public.redirect_uris == client.redirect_uris == ("http://localhost:3000", "http://localhost:17563")


# --- /units listings -----------------------------------------------------------------------------


def keys(item: object) -> list[str]:
    return list(orjson.loads(orjson.dumps(item)))


def units(s: Store, kind: str, limit: int, after: tuple[Any, ...] | None = None) -> list[Any]:
    return listing(s.db.conn, kind, Window(limit, after=after)).rows


def test_units_users_and_paging() -> None:
    s, g = world(count=12)
    first = listing(s.db.conn, "users", Window(limit=5))
    assert first.more  # the store tells whether more rows follow
    page = first.rows
    assert [u.id for u in page] == list(g.user_ids[:5])
    tenth = listing(s.db.conn, "users", Window(limit=10)).last
    rest = listing(s.db.conn, "users", Window(limit=5, after=tenth))
    assert [u.id for u in rest.rows] == list(g.user_ids[10:]) and not rest.more
    star = page[0]
    assert star.email == f"{star.login}@example.com" and star.broadcaster_type == "partner"
    assert star.game_name and star.tags[-1] == "English" and star.batch == 1
    assert {"email", "game_id", "game_name", "title", "broadcaster_language", "tags"} <= set(keys(star))


def test_units_clients_categories_and_tags() -> None:
    s, g = world(count=3)
    clients = units(s, "clients", 20)
    assert [(c.id, c.is_public) for c in clients if not c.is_extension] == [
        (g.client_id, False),
        (g.public_client_id, True),
    ]
    assert clients[0].secret == g.client_secret and clients[1].secret is None
    assert keys(clients[0]) == [
        "id", "secret", "name", "is_public", "is_extension", "created_at", "redirect_uris",
    ]  # fmt: skip
    categories = units(s, "categories", 100)
    assert [c.name for c in categories[:5]] == [
        "Just Chatting", "Just Developing", "Just Making a CLI", "Science & Technology", "Development Test",
    ]  # fmt: skip
    assert categories[3].box_art_url == (
        "https://static-cdn.jtvnw.net/ttv-boxart/Science%20%26%20Technology-{width}x{height}.jpg"
    )
    assert keys(categories[0]) == ["id", "name", "box_art_url", "igdb_id"]
    tags = units(s, "tags", 100)
    assert len(tags) == 7 and keys(tags[0]) == ["id", "tag_name", "is_auto"] and tags[0].is_auto is False


def test_units_streams_subscriptions_teams_and_videos() -> None:
    s, g = world(count=25, seed=11)
    star = g.all_units_user_id
    streams = units(s, "streams", 100)
    mine = next(st for st in streams if st.user_id == star)
    assert mine.game_name and mine.type == "live" and "English" in mine.tags
    assert mine.is_mature in (True, False)
    assert mine.thumbnail_url.endswith(f"live_user_{mine.user_login}-{{width}}x{{height}}.jpg")
    subs = units(s, "subscriptions", 100)
    gift = next(sub for sub in subs if sub.is_gift)
    assert gift.gifter_login and gift.gifter_name and gift.broadcaster_login and gift.user_name
    assert all(sub.gifter_id is None and sub.gifter_login is None for sub in subs if not sub.is_gift)
    teams = units(s, "teams", 20)
    assert [(t.team_name, t.team_display_name) for t in teams] == [("clidev", "CLI Developers")]
    assert star in [m.user_id for m in teams[0].users]
    assert keys(teams[0].users[0]) == ["user_id", "user_login", "user_name"]
    videos = units(s, "videos", 100)
    muted = [v for v in videos if v.muted_segments]
    assert muted and keys(muted[0])[-1] == "muted_segments"
    assert keys(muted[0].muted_segments[0]) == ["offset", "duration"]
    assert all(v.url == f"https://www.twitch.tv/videos/{v.id}" for v in videos)
    segments = sum(len(v.muted_segments) for v in videos)
    assert scalar(s.db.conn, "SELECT count(*) FROM video_muted_segments") == segments


def test_nothing_generated_falls_due_in_the_first_twenty_minutes() -> None:
    """Running polls and predictions last Twitch's longest, and ad breaks are over half an hour
    away: a test that records every event hears only what it caused."""
    from twitch_mock.domain.outbox import Event
    from twitch_mock.mock import MockTwitch

    with MockTwitch(seed=21, users=60) as mock:
        heard: list[Event] = []
        stop = mock.on_event(heard.append)
        try:
            for _ in range(20):
                mock.advance(60)
            assert [type(e).__name__ for e in heard] == []
            mock.advance(20 * 60)  # past the quiet half hour: the running poll ends, a break runs
            assert {"PollEnd", "AdBreakBegin"} <= {type(e).__name__ for e in heard}
        finally:
            stop()
