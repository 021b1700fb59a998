"""A bot written with TwitchIO 3, tested against twitch-mock (README: "Testing your bot")."""

import pytest
import twitchio
from twitchio.http import Route


@pytest.fixture
def twitchio_at_the_mock(twitch_mock, monkeypatch):
    # TwitchIO's URLs are class constants: point Helix and id.twitch.tv at the mock.
    monkeypatch.setattr(Route, "BASE", twitch_mock.helix_url)
    monkeypatch.setattr(Route, "ID_BASE", twitch_mock.url + "/")  # it appends "oauth2/..."
    return twitch_mock


async def test_bot_with_twitchio(twitchio_at_the_mock, twitch_user):
    mock = twitchio_at_the_mock
    client = twitchio.Client(client_id=mock.client_id, client_secret=mock.client_secret)
    await client.login(load_tokens=False, save_tokens=False)  # app token: client_credentials + validate

    users = await client.fetch_users(logins=[twitch_user.login])
    assert users[0].id == twitch_user.id

    # A user token with its refresh token: TwitchIO validates it and keeps it for that user.
    issued = mock.issue_token(twitch_user.id, ["user:read:email"])
    validated = await client.add_token(issued.access_token, issued.refresh_token)
    assert validated.user_id == twitch_user.id
    mine = await client.fetch_users(ids=[twitch_user.id], token_for=twitch_user.id)
    assert mine[0].name == twitch_user.login
    await client.close()
