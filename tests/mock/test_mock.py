"""MockTwitch's public API, through the plugin's `twitch_mock` fixture (one server per session,
reset before each test) and, where a test needs its own, instances of its own."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest

from twitch_mock import MockTwitch
from twitch_mock.core.errors import BadRequest, Conflict, TwitchError


def helix(mock: MockTwitch, path: str, token: str, **params: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}", "Client-Id": mock.client_id}
    return httpx.get(mock.helix_url + path, params=params, headers=headers)


def test_urls_and_generated_client(twitch_mock: MockTwitch) -> None:
    assert twitch_mock.helix_url == twitch_mock.url + "/helix/"
    assert twitch_mock.auth_url == twitch_mock.url + "/oauth2/"
    assert len(twitch_mock.client_id) == 30 and len(twitch_mock.client_secret) == 30
    response = helix(twitch_mock, "users", twitch_mock.app_token(), id=twitch_mock.users[0].id)
    assert response.status_code == 200
    assert response.json()["data"][0]["login"] == twitch_mock.users[0].login


def test_seeded_users(twitch_mock: MockTwitch) -> None:
    users = twitch_mock.users
    assert len(users) == 25
    assert users[0].id == twitch_mock.all_units_user_id
    assert users[0].broadcaster_type == "partner"
    assert twitch_mock.seed == 7


def test_create_user_with_chosen_attributes(twitch_mock: MockTwitch) -> None:
    made = twitch_mock.create_user("StreamerX", broadcaster_type="affiliate", description="hi", type="staff")
    assert (made.login, made.display_name, made.broadcaster_type, made.type) == (
        "streamerx",
        "StreamerX",
        "affiliate",
        "staff",
    )
    assert made.id.isdigit() and made.email == "streamerx@example.com"
    shown = helix(twitch_mock, "users", twitch_mock.app_token(), login="streamerx").json()["data"][0]
    assert shown["id"] == made.id and shown["description"] == "hi" and shown["type"] == "staff"


def test_create_user_generates_a_login(twitch_mock: MockTwitch) -> None:
    first, second = twitch_mock.create_user(), twitch_mock.create_user()
    assert first.login != second.login and first.id != second.id


@pytest.mark.parametrize(
    ("attrs", "error"),
    [
        pytest.param({"login": "has space"}, BadRequest, id="bad-login"),
        pytest.param({"broadcaster_type": "king"}, BadRequest, id="bad-type"),
        pytest.param({"id": "abc"}, BadRequest, id="bad-id"),
        pytest.param({"created_at": "yesterday"}, BadRequest, id="bad-time"),
        pytest.param({"game_id": "0"}, BadRequest, id="unknown-category"),
    ],
)
def test_create_user_refuses_bad_attributes(
    twitch_mock: MockTwitch, attrs: dict[str, str], error: type[TwitchError]
) -> None:
    with pytest.raises(error):
        twitch_mock.create_user(**attrs)


def test_create_user_refuses_a_taken_login_or_id(twitch_mock: MockTwitch) -> None:
    with pytest.raises(Conflict):
        twitch_mock.create_user(twitch_mock.users[1].login.upper())
    with pytest.raises(Conflict):
        twitch_mock.create_user(id=twitch_mock.users[1].id)


def test_user_token_has_scopes_and_refresh_token(twitch_mock: MockTwitch) -> None:
    user = twitch_mock.users[3]
    issued = twitch_mock.issue_token(user.id, ["user:read:email", "bits:read"])
    assert issued.refresh_token and issued.user_id == user.id
    check = httpx.get(
        twitch_mock.auth_url + "validate", headers={"Authorization": f"OAuth {issued.access_token}"}
    )
    assert check.json()["scopes"] == ["user:read:email", "bits:read"]
    assert check.json()["user_id"] == user.id


def test_unknown_scope_or_user_is_refused(twitch_mock: MockTwitch) -> None:
    with pytest.raises(BadRequest, match="Unknown scope"):
        twitch_mock.user_token(twitch_mock.users[0].id, ["nope:nope"])
    with pytest.raises(BadRequest, match="does not exist"):
        twitch_mock.user_token("1", [])


def test_expire_token_keeps_the_refresh_token(twitch_mock: MockTwitch) -> None:
    issued = twitch_mock.issue_token(twitch_mock.users[0].id, ["user:read:email"])
    twitch_mock.expire_token(issued.access_token)
    assert helix(twitch_mock, "users", issued.access_token).status_code == 401
    refreshed = httpx.post(
        twitch_mock.auth_url + "token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": issued.refresh_token or "",
            "client_id": twitch_mock.client_id,
            "client_secret": twitch_mock.client_secret,
        },
    )
    assert refreshed.status_code == 200, refreshed.text
    assert helix(twitch_mock, "users", refreshed.json()["access_token"]).status_code == 200


def test_revoke_token(twitch_mock: MockTwitch) -> None:
    token = twitch_mock.app_token()
    twitch_mock.revoke_token(token)
    assert helix(twitch_mock, "users", token, id="1").status_code == 401
    with pytest.raises(BadRequest, match="Unknown token"):
        twitch_mock.revoke_token(token)


def test_revoking_a_refresh_token_ends_its_grant(twitch_mock: MockTwitch) -> None:
    issued = twitch_mock.issue_token(twitch_mock.users[0].id)
    twitch_mock.revoke_token(issued.refresh_token or "")
    assert helix(twitch_mock, "users", issued.access_token).status_code == 401


def test_advance_expires_tokens(twitch_mock: MockTwitch) -> None:
    token = twitch_mock.user_token(twitch_mock.users[0].id)
    twitch_mock.advance(3600)
    assert helix(twitch_mock, "users", token).status_code == 200
    twitch_mock.advance(4 * 3600)
    assert helix(twitch_mock, "users", token).status_code == 401
    with pytest.raises(BadRequest):
        twitch_mock.advance(-1)


def test_reset_restores_the_seeded_state(twitch_mock: MockTwitch) -> None:
    app_token = twitch_mock.app_token()
    made = twitch_mock.create_user("ephemeral")
    twitch_mock.advance(100)
    twitch_mock.reset()
    assert twitch_mock.clock.offset == 0
    assert helix(twitch_mock, "users", app_token).status_code == 401  # tokens issued since are gone
    fresh = twitch_mock.app_token()
    assert helix(twitch_mock, "users", fresh, id=made.id).json()["data"] == []
    assert helix(twitch_mock, "users", fresh, id=twitch_mock.users[0].id).json()["data"]


def test_create_stream_shows_in_units(twitch_mock: MockTwitch) -> None:
    user = twitch_mock.users[5]
    stream = twitch_mock.create_stream(user.id, viewer_count=42, title="Testing live", game_id="509658")
    listed = httpx.get(twitch_mock.url + "/units/streams", params={"first": 100}).json()["data"]
    shown = next(s for s in listed if s["user_id"] == user.id)
    assert (shown["id"], shown["viewer_count"], shown["title"], shown["game_name"]) == (
        stream.id,
        42,
        "Testing live",
        "Just Chatting",
    )


def test_relationship_builders_return_their_rows(twitch_mock: MockTwitch) -> None:
    caster, fan, mod = (
        twitch_mock.create_user(broadcaster_type="partner"),
        twitch_mock.users[1],
        twitch_mock.users[2],
    )
    assert twitch_mock.follow(fan.id, caster.id).broadcaster_id == caster.id
    assert twitch_mock.subscribe(fan.id, caster.id, tier="3000").tier == "3000"
    assert twitch_mock.add_moderator(mod.id, caster.id).user_id == mod.id
    assert twitch_mock.add_editor(mod.id, caster.id).user_id == mod.id
    assert twitch_mock.ban(fan.id, caster.id, moderator_id=mod.id, reason="spam", duration=60).expires_at
    assert twitch_mock.block(fan.id, caster.id).target_user_id == caster.id
    client = twitch_mock.create_client("My bot", ["http://localhost:3000/cb"])
    assert client.secret and client.redirect_uris == ("http://localhost:3000/cb",)
    vip = twitch_mock.users[3]
    assert twitch_mock.add_vip(vip.id, caster.id).user_id == vip.id


def test_builders_from_many_threads(twitch_mock: MockTwitch) -> None:
    made: list[str] = []

    def work() -> None:
        for _ in range(10):
            made.append(twitch_mock.create_user().id)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    token = twitch_mock.app_token()
    found = helix(twitch_mock, "users", token, id=made[0]).json()["data"]
    assert len(set(made)) == 40 and found[0]["id"] == made[0]


def test_two_instances_share_nothing() -> None:
    with MockTwitch(seed=1, users=3) as one, MockTwitch(seed=2, users=3) as two:
        assert one.url != two.url and one.client_id != two.client_id
        made = one.create_user("onlyinone")
        two.advance(50)
        assert one.clock.offset == 0
        token = two.app_token()
        assert helix(two, "users", token, id=made.id).json()["data"] == []
        one.reset()
        assert two.clock.offset == 50


def test_builders_work_before_start_and_after_stop() -> None:
    mock = MockTwitch(seed=3, users=2)
    try:
        made = mock.create_user("early")
        mock.start()
        token = mock.app_token()
        assert helix(mock, "users", token, id=made.id).json()["data"][0]["login"] == "early"
        mock.stop()
        mock.reset()
        assert mock.create_user("early").login == "early"  # the reset removed the first one
        with pytest.raises(RuntimeError):
            _ = mock.url
    finally:
        mock.close()


def test_same_seed_same_world() -> None:
    with MockTwitch(seed=11, users=4) as one, MockTwitch(seed=11, users=4) as two:
        assert [u.login for u in one.users] == [u.login for u in two.users]
        assert one.client_id == two.client_id


def test_reset_of_a_database_too_big_to_snapshot_regenerates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("twitch_mock.mock.SNAPSHOT_LIMIT", 0)
    mock = MockTwitch(db=str(tmp_path / "big.db"), seed=4, users=3)
    try:
        mock.create_user("extra")
        mock.reset()
        assert mock.create_user("extra").login == "extra"
        assert mock.app_token()  # the regenerated world has the same client
    finally:
        mock.close()


def test_reset_empties_the_rate_buckets(twitch_mock: MockTwitch) -> None:
    helix(twitch_mock, "users", twitch_mock.app_token(), id="1")
    assert twitch_mock.app.dispatcher.limiter.buckets
    twitch_mock.reset()
    assert not twitch_mock.app.dispatcher.limiter.buckets
