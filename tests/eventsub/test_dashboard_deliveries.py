"""The dashboard lists the latest EventSub deliveries, whether or not a test waited for them."""

from __future__ import annotations

import httpx
from eventsub_support import LOOP, frames, ws_body

from twitch_mock.eventsub.websocket import Session
from twitch_mock.mock import MockTwitch


def test_the_dashboard_lists_deliveries_newest_first(twitch_mock: MockTwitch) -> None:
    now = twitch_mock.clock.now()
    session = Session("AgoQdashboard0000000000000", LOOP, 10, "2020-01-01T00:00:00Z", now, "localhost", now)
    twitch_mock.eventsub.websocket.sessions[session.id] = session  # a session with no socket
    try:
        star = twitch_mock.users[0].id
        headers = {"Client-Id": twitch_mock.client_id}
        token = twitch_mock.user_token(star, ["channel:manage:broadcast"])
        headers["Authorization"] = f"Bearer {token}"
        body = ws_body("channel.update", "2", {"broadcaster_user_id": star}, session.id)
        r = httpx.post(twitch_mock.helix_url + "eventsub/subscriptions", json=body, headers=headers)
        assert r.status_code == 202, r.text
        sub_id = r.json()["data"][0]["id"]
        before = httpx.get(twitch_mock.url + "/_mock/ui").text.split("EventSub deliveries")[1]
        assert sub_id not in before
        for title in ("first title", "second title"):
            r = httpx.patch(
                twitch_mock.helix_url + "channels",
                params={"broadcaster_id": star},
                json={"title": title},
                headers=headers,
            )
            assert r.status_code == 204, r.text
        assert [f["payload"]["event"]["title"] for f in frames(session)] == ["first title", "second title"]
        deliveries = httpx.get(twitch_mock.url + "/_mock/ui").text.split("EventSub deliveries")[1]
        assert deliveries.count(sub_id) == 2
        assert "<td>notification</td><td>channel.update</td><td>2</td>" in deliveries
        assert f"<td>websocket</td><td>{session.id}</td>" in deliveries
    finally:
        twitch_mock.eventsub.websocket.sessions.pop(session.id, None)
