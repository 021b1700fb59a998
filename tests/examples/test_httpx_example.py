"""Plain HTTP with httpx against twitch-mock (README: "Testing your bot")."""

import httpx


def test_bot_with_httpx(twitch_mock):
    # A user made for this test, with exactly the attributes it needs.
    streamer = twitch_mock.create_user("CoolStreamer", broadcaster_type="affiliate")
    fan = twitch_mock.users[1]
    twitch_mock.follow(fan.id, streamer.id)

    token = twitch_mock.user_token(streamer.id, ["user:read:blocked_users", "user:manage:blocked_users"])
    headers = {"Authorization": f"Bearer {token}", "Client-Id": twitch_mock.client_id}
    with httpx.Client(base_url=twitch_mock.helix_url, headers=headers) as helix:
        me = helix.get("users").json()["data"][0]
        assert (me["login"], me["broadcaster_type"]) == ("coolstreamer", "affiliate")

        assert helix.put("users/blocks", params={"target_user_id": fan.id}).status_code == 204
        blocked = helix.get("users/blocks", params={"broadcaster_id": streamer.id}).json()["data"]
        assert [b["user_id"] for b in blocked] == [fan.id]

        # One hour later the token is still good; five hours later it has expired.
        twitch_mock.advance(3600)
        assert helix.get("users").status_code == 200
        twitch_mock.advance(4 * 3600)
        assert helix.get("users").status_code == 401
