"""TwitchIO 3's EventSub WebSocket client against twitch-mock: its URL constant patched, it
subscribes to channel.update for a user and hears the change a Helix PATCH makes."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import twitchio
import twitchio.eventsub.websockets as twitchio_ws
from twitchio import eventsub
from twitchio.http import Route

from twitch_mock import MockTwitch
from twitch_mock.domain.users import UserRecord


@pytest.fixture
def twitchio_at_the_mock(twitch_mock: MockTwitch, monkeypatch: pytest.MonkeyPatch) -> MockTwitch:
    monkeypatch.setattr(Route, "BASE", twitch_mock.helix_url)
    monkeypatch.setattr(Route, "ID_BASE", twitch_mock.url + "/")
    monkeypatch.setattr(twitchio_ws, "WSS", f"ws://127.0.0.1:{twitch_mock.port}/ws")
    return twitch_mock


async def test_eventsub_websocket_with_twitchio(
    twitchio_at_the_mock: MockTwitch, twitch_user: UserRecord
) -> None:
    mock = twitchio_at_the_mock
    client = twitchio.Client(client_id=mock.client_id, client_secret=mock.client_secret)
    await client.login(load_tokens=False, save_tokens=False)
    issued = mock.issue_token(twitch_user.id, ["channel:manage:broadcast"])
    assert issued.refresh_token is not None
    await client.add_token(issued.access_token, issued.refresh_token)
    heard: asyncio.Queue[Any] = asyncio.Queue()

    async def on_update(payload: Any) -> None:
        await heard.put(payload)

    client.add_listener(on_update, event="event_channel_update")
    try:
        response = await client.subscribe_websocket(
            eventsub.ChannelUpdateSubscription(broadcaster_user_id=twitch_user.id), token_for=twitch_user.id
        )
        assert response is not None
        async with httpx.AsyncClient(base_url=mock.url) as http:
            r = await http.patch(
                f"/helix/channels?broadcaster_id={twitch_user.id}",
                json={"title": "Heard by TwitchIO"},
                headers={"Authorization": f"Bearer {issued.access_token}", "Client-Id": mock.client_id},
            )
            assert r.status_code == 204, r.text
        update = await asyncio.wait_for(heard.get(), 10)
        assert update.title == "Heard by TwitchIO"
        assert update.broadcaster.id == twitch_user.id
    finally:
        await client.close()
