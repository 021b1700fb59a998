"""A fresh world has unban requests (from users banned for good) and suspicious users in the
all-units channel, so Get / Resolve Unban Requests and Remove Suspicious Status have rows to work
on (generator/requests.py)."""

from __future__ import annotations

from typing import Any

import httpx

from twitch_mock import MockTwitch

UNBAN_READ, UNBAN = "moderator:read:unban_requests", "moderator:manage:unban_requests"
SUSPICIOUS, BANS = "moderator:manage:suspicious_users", "moderation:read"


def helix(m: MockTwitch, method: str, path: str, scope: str, **params: str) -> httpx.Response:
    star = m.all_units_user_id
    token = m.user_token(star, [scope])
    return httpx.request(
        method,
        m.helix_url + path,
        params={"broadcaster_id": star, "moderator_id": star, **params},
        headers={"Authorization": f"Bearer {token}", "Client-Id": m.client_id},
    )


def pending(m: MockTwitch) -> list[dict[str, Any]]:
    r = helix(m, "GET", "moderation/unban_requests", UNBAN_READ, status="pending")
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()["data"]
    return data


def test_users_banned_for_good_ask_to_be_unbanned(twitch_mock: MockTwitch) -> None:
    m, star = twitch_mock, twitch_mock.all_units_user_id
    requests = pending(m)
    banned = {
        r[0]
        for r in m.store.db.conn.execute(
            "SELECT user_id FROM bans WHERE broadcaster_id = ? AND expires_at IS NULL", (star,)
        )
    }
    assert requests and {r["user_id"] for r in requests} == banned
    assert all(r["broadcaster_id"] == star and r["text"] and r["status"] == "pending" for r in requests)
    first = requests[0]
    r = helix(m, "PATCH", "moderation/unban_requests", UNBAN, unban_request_id=first["id"], status="approved")
    assert r.status_code == 200, r.text
    assert r.json()["data"][0]["status"] == "approved"
    assert first["user_id"] not in {x["user_id"] for x in pending(m)}
    r = helix(m, "GET", "moderation/banned", BANS, user_id=first["user_id"])
    assert r.status_code == 200 and r.json()["data"] == []  # approving unbanned them


def test_the_all_units_channel_has_a_monitored_and_a_restricted_user(twitch_mock: MockTwitch) -> None:
    m, star = twitch_mock, twitch_mock.all_units_user_id
    conn = m.store.db.conn
    marked = dict(
        conn.execute(
            "SELECT user_id, status FROM suspicious_users WHERE broadcaster_id = ?", (star,)
        ).fetchall()
    )
    assert sorted(marked.values()) == ["ACTIVE_MONITORING", "RESTRICTED"]
    for user in marked:
        for table in ("moderators", "bans"):
            sql = f"SELECT 1 FROM {table} WHERE broadcaster_id = ? AND user_id = ?"
            assert conn.execute(sql, (star, user)).fetchone() is None
    user = next(u for u, s in marked.items() if s == "RESTRICTED")
    r = helix(m, "DELETE", "moderation/suspicious_users", SUSPICIOUS, user_id=user)
    assert r.status_code == 200, r.text
    assert r.json()["data"][0]["status"] == "NO_TREATMENT"
    assert conn.execute("SELECT 1 FROM suspicious_users WHERE user_id = ?", (user,)).fetchone() is None
