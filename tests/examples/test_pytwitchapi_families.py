"""pyTwitchAPI's own calls and models against every parity family (only its URLs point at the
mock): each read endpoint parses, and the all-units user has data in it."""

from __future__ import annotations

from typing import Any

from twitch_mock import MockTwitch


async def _collect(result: Any) -> list[Any]:
    """A pyTwitchAPI answer: an async generator of items, or one object."""
    if hasattr(result, "__aiter__"):
        return [item async for item in result]
    return [await result] if hasattr(result, "__await__") else [result]


async def test_pytwitchapi_reads_every_family(twitch_mock: MockTwitch) -> None:
    from twitchAPI.twitch import Twitch
    from twitchAPI.type import AuthScope

    star = twitch_mock.users[0]
    twitch = await Twitch(
        twitch_mock.client_id,
        twitch_mock.client_secret,
        base_url=twitch_mock.helix_url,
        auth_base_url=twitch_mock.auth_url,
    )
    from twitch_mock.core.scopes import ALL_SCOPES

    scopes = [s for s in AuthScope if s.value in ALL_SCOPES]  # pyTwitchAPI still lists retired ones
    issued = twitch_mock.issue_token(star.id, [s.value for s in scopes])
    await twitch.set_user_authentication(issued.access_token, scopes, issued.refresh_token)
    me = star.id
    calls: dict[str, Any] = {
        "get_channel_information": lambda: twitch.get_channel_information(me),
        "get_streams": lambda: twitch.get_streams(first=100),
        "get_videos": lambda: twitch.get_videos(user_id=me),
        "get_clips": lambda: twitch.get_clips(broadcaster_id=me),
        "get_top_games": lambda: twitch.get_top_games(),
        "get_broadcaster_subscriptions": lambda: twitch.get_broadcaster_subscriptions(me),
        "get_channel_followers": lambda: twitch.get_channel_followers(me),
        # not get_channel_editors: pyTwitchAPI 4.5 requests /channel/editors, which Twitch doesn't
        # document (Get Channel Editors is /channels/editors); the mock answers 404 there too
        "get_vips": lambda: twitch.get_vips(me),
        "get_moderators": lambda: twitch.get_moderators(me),
        "get_banned_users": lambda: twitch.get_banned_users(me),
        "get_chat_settings": lambda: twitch.get_chat_settings(me, me),
        "get_chatters": lambda: twitch.get_chatters(me, me),
        "get_channel_emotes": lambda: twitch.get_channel_emotes(me),
        "get_global_emotes": lambda: twitch.get_global_emotes(),
        "get_chat_badges": lambda: twitch.get_chat_badges(me),
        "get_global_chat_badges": lambda: twitch.get_global_chat_badges(),
        "get_user_chat_color": lambda: twitch.get_user_chat_color(me),
        "get_polls": lambda: twitch.get_polls(me),
        "get_predictions": lambda: twitch.get_predictions(me),
        "get_custom_reward": lambda: twitch.get_custom_reward(me),
        "get_channel_stream_schedule": lambda: twitch.get_channel_stream_schedule(me),
        "get_bits_leaderboard": lambda: twitch.get_bits_leaderboard(),
        "get_cheermotes": lambda: twitch.get_cheermotes(me),
        "get_charity_campaign": lambda: twitch.get_charity_campaign(me),
        "get_creator_goals": lambda: twitch.get_creator_goals(me),
        "get_shield_mode_status": lambda: twitch.get_shield_mode_status(me, me),
        "get_stream_key": lambda: twitch.get_stream_key(me),
        "get_content_classification_labels": lambda: twitch.get_content_classification_labels(),
        "get_channel_teams": lambda: twitch.get_channel_teams(me),
    }
    failed = {}
    for name, call in calls.items():
        try:
            items = await _collect(call())
        except Exception as exc:  # a parsing or HTTP error: what a bot would hit
            failed[name] = f"{type(exc).__name__}: {exc}"
            continue
        if not items or items == [None]:
            failed[name] = "no data"
    await twitch.close()
    assert not failed, failed
