"""64 concurrent clients on one unit (issue 16, concurrency tests), against the running mock: votes
on one poll (no lost update), bans of one user (exactly one ban, one event), redemptions of one
reward to its max_per_stream (none over the limit)."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import orjson

from twitch_mock.core.scopes import ALL_SCOPES
from twitch_mock.domain.outbox import Event
from twitch_mock.mock import MockTwitch

CLIENTS = 64


@dataclass
class Answer:
    status_code: int
    body: Any

    def json(self) -> Any:
        return self.body


Call = Callable[[int], tuple[str, str, dict[str, Any] | None, dict[str, str]]]


def together(count: int, call: Call, mock: MockTwitch) -> list[Answer]:
    """`count` clients, each on its own connection (plain http.client: an httpx.Client per thread
    costs more than the test), sending `call(n)` = (method, path, JSON body, headers) at once."""
    gate = threading.Barrier(count)
    port = mock.port
    assert port is not None

    def one(n: int) -> Answer:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.connect()
            method, path, body, headers = call(n)
            gate.wait()
            data = orjson.dumps(body) if body is not None else None
            conn.request(method, path, body=data, headers={"Content-Type": "application/json", **headers})
            response = conn.getresponse()
            return Answer(response.status, orjson.loads(response.read() or b"null"))
        finally:
            conn.close()

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def _helix(mock: MockTwitch, user_id: str) -> dict[str, str]:
    token = mock.user_token(user_id, sorted(ALL_SCOPES))
    return {"Authorization": f"Bearer {token}", "Client-Id": mock.client_id}


def _viewers(mock: MockTwitch, count: int) -> list[str]:
    return [mock.create_user(login=f"crowd{n}").id for n in range(count)]


def _poll(mock: MockTwitch, owner: str, poll_id: str | None = None) -> Any:
    params = {"broadcaster_id": owner, **({"id": poll_id} if poll_id else {})}
    polls = httpx.get(mock.helix_url + "polls", params=params, headers=_helix(mock, owner)).json()["data"]
    return next(p for p in polls if p["status"] == "ACTIVE")


def test_64_votes_on_one_poll_are_all_counted(twitch_mock: MockTwitch) -> None:
    # a poll of its own, started now: the seeded one may have run out on the shared mock's clock
    owner = twitch_mock.create_user(login="pollster", broadcaster_type="partner").id
    body = {
        "broadcaster_id": owner,
        "title": "Which one?",
        "choices": [{"title": "A"}, {"title": "B"}],
        "duration": 1800,
    }
    made = httpx.post(twitch_mock.helix_url + "polls", json=body, headers=_helix(twitch_mock, owner))
    assert made.status_code == 200, made.text
    poll = _poll(twitch_mock, owner)
    choices = [c["id"] for c in poll["choices"]][:2]
    before = {c["id"]: c["votes"] for c in poll["choices"]}

    answers = together(
        CLIENTS,
        lambda n: ("POST", "/_mock/polls/votes", {"poll_id": poll["id"], "choice_id": choices[n % 2]}, {}),
        twitch_mock,
    )
    assert [r.status_code for r in answers] == [200] * CLIENTS
    after = {c["id"]: c["votes"] for c in _poll(twitch_mock, owner, poll["id"])["choices"]}
    assert [after[c] - before[c] for c in choices] == [CLIENTS // 2, CLIENTS // 2]


def test_64_bans_of_one_user_ban_once(twitch_mock: MockTwitch) -> None:
    owner = twitch_mock.all_units_user_id
    target = twitch_mock.create_user(login="banme").id
    headers = _helix(twitch_mock, owner)
    events: list[Event] = []
    stop = twitch_mock.on_event(events.append)
    try:
        answers = together(
            CLIENTS,
            lambda n: (
                "POST",
                f"/helix/moderation/bans?broadcaster_id={owner}&moderator_id={owner}",
                {"data": {"user_id": target, "reason": f"client {n}"}},
                headers,
            ),
            twitch_mock,
        )
    finally:
        stop()
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [200] + [400] * (CLIENTS - 1)
    refused = [r.json()["message"] for r in answers if r.status_code == 400]
    assert set(refused) == {"user is already banned"}
    banned = httpx.get(
        twitch_mock.helix_url + "moderation/banned",
        params={"broadcaster_id": owner, "user_id": target},
        headers=headers,
    ).json()["data"]
    assert len(banned) == 1
    assert [e.TYPE for e in events if e.TYPE == "channel.ban"] == ["channel.ban"]


def test_64_redemptions_stop_at_max_per_stream(twitch_mock: MockTwitch) -> None:
    owner = twitch_mock.all_units_user_id
    limit = 5
    headers = _helix(twitch_mock, owner)
    reward = httpx.post(
        twitch_mock.helix_url + "channel_points/custom_rewards",
        params={"broadcaster_id": owner},
        headers=headers,
        json={"title": "Hydrate", "cost": 1, "is_max_per_stream_enabled": True, "max_per_stream": limit},
    )
    assert reward.status_code == 200, reward.text
    reward_id = reward.json()["data"][0]["id"]
    viewers = _viewers(twitch_mock, CLIENTS)

    answers = together(
        CLIENTS,
        lambda n: (
            "POST",
            "/_mock/channel_points/redemptions",
            {"reward_id": reward_id, "user_id": viewers[n]},
            {},
        ),
        twitch_mock,
    )
    assert sorted(r.status_code for r in answers) == [200] * limit + [400] * (CLIENTS - limit)
    listed: Any = httpx.get(
        twitch_mock.helix_url + "channel_points/custom_rewards/redemptions",
        params={"broadcaster_id": owner, "reward_id": reward_id, "status": "UNFULFILLED", "first": 50},
        headers=headers,
    ).json()
    assert len(listed["data"]) == limit
