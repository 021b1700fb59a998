"""A bot written with pyTwitchAPI, tested against twitch-mock (README: "Testing your bot")."""

from twitchAPI.helper import first
from twitchAPI.twitch import Twitch
from twitchAPI.type import AuthScope


async def test_bot_with_pytwitchapi(twitch_mock, twitch_user):
    # App authentication: pyTwitchAPI fetches an app token from the mock's /oauth2/token.
    twitch = await Twitch(
        twitch_mock.client_id,
        twitch_mock.client_secret,
        base_url=twitch_mock.helix_url,  # both URLs end in "/"
        auth_base_url=twitch_mock.auth_url,
    )
    user = await first(twitch.get_users(logins=[twitch_user.login]))
    assert user.id == twitch_user.id

    # A user token with a refresh token, minted by the mock; auto_refresh_auth stays on.
    issued = twitch_mock.issue_token(twitch_user.id, ["user:read:email"])
    await twitch.set_user_authentication(
        issued.access_token, [AuthScope.USER_READ_EMAIL], issued.refresh_token
    )
    me = await first(twitch.get_users())
    assert me.email == twitch_user.email

    # The token expires: pyTwitchAPI gets a 401, refreshes it at the mock and retries.
    twitch_mock.expire_token(issued.access_token)
    me = await first(twitch.get_users())
    assert me.id == twitch_user.id
    assert twitch.get_user_auth_token() != issued.access_token
    await twitch.close()
