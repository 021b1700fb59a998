"""A bot using pyTwitchAPI's EventSub webhook client, tested against twitch-mock with only URL
options changed: the client serves its callback on 127.0.0.1 over plain HTTP behind an
`https://127.0.0.1:<port>` callback URL (it insists on https; the mock posts to an https loopback
callback over plain HTTP), answers the challenge, then hears the channel.update a Helix PATCH
makes, signed with its secret."""

from __future__ import annotations

import asyncio
import socket

from twitchAPI.eventsub.webhook import EventSubWebhook
from twitchAPI.object.eventsub import ChannelUpdateEvent
from twitchAPI.twitch import Twitch
from twitchAPI.type import AuthScope

from twitch_mock import MockTwitch
from twitch_mock.domain.users import UserRecord


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def test_eventsub_webhook_with_pytwitchapi(twitch_mock: MockTwitch, twitch_user: UserRecord) -> None:
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

    port = free_port()
    eventsub = EventSubWebhook(f"https://127.0.0.1:{port}", port, twitch, host_binding="127.0.0.1")
    eventsub.wait_for_subscription_confirm_timeout = 10
    await asyncio.to_thread(eventsub.start)
    try:
        # returns once the mock's challenge was answered (wait_for_subscription_confirm)
        sub_id = await eventsub.listen_channel_update_v2(twitch_user.id, on_update)
        await twitch.modify_channel_information(twitch_user.id, title="Heard over a webhook")
        event = await asyncio.wait_for(heard.get(), 10)
        assert event.subscription.id == sub_id
        assert event.subscription.status == "enabled"
        assert event.subscription.transport["callback"] == f"https://127.0.0.1:{port}/callback"
        assert event.event.broadcaster_user_id == twitch_user.id
        assert event.event.title == "Heard over a webhook"
        await asyncio.sleep(0.3)
        assert heard.empty()  # once
    finally:
        await eventsub.stop()  # type: ignore[no-untyped-call]
        await twitch.close()
