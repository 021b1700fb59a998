"""A bot using pyTwitchAPI's EventSub WebSocket client, tested against twitch-mock: it subscribes
to channel.update and hears the change a Helix PATCH makes (README: "Testing your bot")."""

from __future__ import annotations

import asyncio

from twitchAPI.eventsub.websocket import EventSubWebsocket
from twitchAPI.object.eventsub import ChannelUpdateEvent
from twitchAPI.twitch import Twitch
from twitchAPI.type import AuthScope

from twitch_mock import MockTwitch
from twitch_mock.domain.users import UserRecord


async def test_eventsub_websocket_with_pytwitchapi(twitch_mock: MockTwitch, twitch_user: UserRecord) -> None:
    twitch = await Twitch(
        twitch_mock.client_id,
        twitch_mock.client_secret,
        base_url=twitch_mock.helix_url,
        auth_base_url=twitch_mock.auth_url,
    )
    issued = twitch_mock.issue_token(twitch_user.id, ["channel:manage:broadcast"])
    await twitch.set_user_authentication(
        issued.access_token, [AuthScope.CHANNEL_MANAGE_BROADCAST], issued.refresh_token
    )
    loop = asyncio.get_running_loop()
    heard: asyncio.Queue[ChannelUpdateEvent] = asyncio.Queue()

    async def on_update(event: ChannelUpdateEvent) -> None:
        loop.call_soon_threadsafe(heard.put_nowait, event)

    eventsub = EventSubWebsocket(
        twitch,
        connection_url=f"ws://127.0.0.1:{twitch_mock.port}/ws",
        subscription_url=twitch_mock.helix_url,
    )
    eventsub.start()  # type: ignore[no-untyped-call]
    try:
        sub_id = await eventsub.listen_channel_update_v2(twitch_user.id, on_update)
        await twitch.modify_channel_information(twitch_user.id, title="Heard over EventSub")
        event = await asyncio.wait_for(heard.get(), 10)
        assert event.subscription.id == sub_id
        assert event.event.broadcaster_user_id == twitch_user.id
        assert event.event.title == "Heard over EventSub"
        assert heard.empty()
    finally:
        await eventsub.stop()  # type: ignore[no-untyped-call]
        await twitch.close()
