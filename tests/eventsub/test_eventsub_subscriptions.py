"""Create, Get and Delete EventSub Subscription: shapes, every 4xx, authorization per transport,
cost and limits, pagination, the webhook challenge handed to the transport, revocation when a
grant goes away."""

from __future__ import annotations

from typing import Any

import pytest
from eventsub_support import SUBS, FakeTransport, fake_session, frames, hook_body, runtime, ws_body

from conftest import World, assert_error
from twitch_mock.domain import moderators
from twitch_mock.oauth.tokens import issue_user_token

FOLLOWERS = "moderator:read:followers"


def post(world: World, headers: dict[str, str], body: Any) -> Any:
    return world.http.post(SUBS, json=body, headers=headers)


def grant(world: World, login: str, *scopes: str) -> None:
    """The user authorizes the test client (a refresh token keeps the grant)."""
    with world.store.transaction():
        issue_user_token(world.services, "a" * 30, world.users[login], scopes)


def test_create_websocket_subscription_shape_get_and_delete(world: World) -> None:
    session = fake_session(world)
    alice = world.users["alice"]
    headers = world.as_user("alice", FOLLOWERS)
    condition = {"broadcaster_user_id": alice, "moderator_user_id": alice}
    r = post(world, headers, ws_body("channel.follow", "2", condition, session.id))
    assert r.status_code == 202, r.text
    body = r.json()
    sub = body["data"][0]
    assert body == {
        "data": [
            {
                "id": sub["id"],
                "status": "enabled",
                "type": "channel.follow",
                "version": "2",
                "condition": condition,
                "created_at": world.services.now(),
                "transport": {
                    "method": "websocket",
                    "session_id": session.id,
                    "connected_at": session.connected_at,
                },
                "cost": 0,
            }
        ],
        "total": 1,
        "total_cost": 0,
        "max_total_cost": 10,
    }
    listed = world.http.get(SUBS, headers=headers).json()
    assert listed == {**body, "pagination": {}}
    # an app token sees the client's webhook and conduit subscriptions only
    assert world.http.get(SUBS, headers=world.headers()).json()["data"] == []
    # so does Twitch's root alias and /mock
    assert world.http.get("/eventsub/subscriptions", headers=headers).json()["total"] == 1
    assert world.http.get("/mock/eventsub/subscriptions", headers=headers).json()["total"] == 1
    assert world.http.delete(f"{SUBS}?id={sub['id']}", headers=world.headers()).status_code == 404
    r = world.http.delete(f"{SUBS}?id={sub['id']}", headers=headers)
    assert r.status_code == 204 and r.content == b""
    assert world.http.get(SUBS, headers=headers).json()["total"] == 0
    assert_error(world.http.delete(f"{SUBS}?id={sub['id']}", headers=headers), 404, "subscription not found")
    assert_error(world.http.delete(SUBS, headers=headers), 400, 'Missing required parameter "id"')


def _errors() -> list[Any]:
    a = "1000"
    cond = {"broadcaster_user_id": a}
    hook = hook_body("stream.online", "1", cond)

    def ws(**changes: Any) -> dict[str, Any]:
        return {**ws_body("stream.online", "1", cond, "SESSION"), **changes}

    invalid = "The combination of values in the type and version fields is not valid"
    return [
        pytest.param("user", ws(type=None), 400, 'Missing required parameter "type"', id="no-type"),
        pytest.param("user", ws(version=None), 400, 'Missing required parameter "version"', id="no-version"),
        pytest.param("user", ws(type="channel.nope"), 400, invalid, id="unknown-type"),
        pytest.param("user", ws(version="7"), 400, invalid, id="unknown-version"),
        pytest.param(
            "user",
            ws(
                type="channel.follow",
                condition={"broadcaster_user_id": a, "moderator_user_id": a},
                version="1",
            ),
            410,
            "This subscription type is not available.",
            id="follow-v1-gone",
        ),
        pytest.param(
            "user", ws(condition=None), 400, 'Missing required parameter "condition"', id="no-condition"
        ),
        pytest.param(
            "user",
            ws(condition="x"),
            400,
            'The parameter "condition" was malformed: the value must be an object',
            id="condition-not-object",
        ),
        pytest.param(
            "user",
            ws(condition={}),
            400,
            'Missing required parameter "condition.broadcaster_user_id"',
            id="condition-field-missing",
        ),
        pytest.param(
            "user",
            ws(condition={**cond, "user_id": a}),
            400,
            'The parameter "condition.user_id" is not valid for stream.online',
            id="condition-field-unknown",
        ),
        pytest.param(
            "user",
            ws(condition={"broadcaster_user_id": "424242"}),
            400,
            'The parameter "condition.broadcaster_user_id" was malformed: the user does not exist',
            id="condition-user-unknown",
        ),
        pytest.param(
            "user",
            ws(type="channel.raid", condition={"from_broadcaster_user_id": a, "to_broadcaster_user_id": a}),
            400,
            'Exactly one of "condition.from_broadcaster_user_id" or "condition.to_broadcaster_user_id" is required',
            id="raid-both",
        ),
        pytest.param(
            "user", ws(transport=None), 400, 'Missing required parameter "transport"', id="no-transport"
        ),
        pytest.param(
            "user",
            ws(transport={"method": "carrier-pigeon"}),
            400,
            "The value specified in the 'method' field is not valid",
            id="bad-method",
        ),
        pytest.param(
            "user",
            ws(transport={"method": "websocket"}),
            400,
            'Missing required parameter "transport.session_id"',
            id="no-session-id",
        ),
        pytest.param(
            "user",
            ws(transport={"method": "websocket", "session_id": "nope"}),
            400,
            "websocket transport session does not exist or has already disconnected",
            id="unknown-session",
        ),
        pytest.param(
            "app",
            ws(),
            400,
            "auth must use user access token to create websocket subscription",
            id="app-on-ws",
        ),
        pytest.param(
            "user",
            hook,
            400,
            "auth must use app access token to create webhook subscription",
            id="user-on-hook",
        ),
        pytest.param(
            "app",
            {**hook, "transport": {"method": "webhook", "callback": "https://x.example/cb"}},
            400,
            'Missing required parameter "transport.secret"',
            id="no-secret",
        ),
        pytest.param(
            "app",
            {**hook, "transport": {"method": "webhook", "secret": "0123456789"}},
            400,
            'Missing required parameter "transport.callback"',
            id="no-callback",
        ),
        pytest.param(
            "app",
            {**hook, "transport": {"method": "webhook", "callback": "https://x.example/", "secret": "short"}},
            400,
            "The secret must be between 10 and 100 ASCII characters",
            id="short-secret",
        ),
        pytest.param(
            "app",
            hook_body("stream.online", "1", cond, "http://x.example/cb"),
            400,
            "The callback must be an HTTPS URL on port 443",
            id="plain-http-callback",
        ),
        pytest.param(
            "app",
            hook_body("stream.online", "1", cond, "https://x.example:8443/cb"),
            400,
            "The callback must be an HTTPS URL on port 443",
            id="https-other-port",
        ),
        pytest.param(
            "app",
            {**hook, "transport": {"method": "conduit"}},
            400,
            'Missing required parameter "transport.conduit_id"',
            id="no-conduit-id",
        ),
        pytest.param(
            "user",
            ws(type="channel.ban"),
            403,
            "subscription missing proper authorization",
            id="ws-missing-scope",
        ),
        pytest.param(
            "user",
            ws(type="channel.ban", condition={"broadcaster_user_id": "1001"}),
            403,
            "subscription missing proper authorization",
            id="ws-other-broadcaster",
        ),
        pytest.param(
            "app",
            hook_body("channel.ban", "1", cond),
            403,
            "subscription missing proper authorization",
            id="hook-no-grant",
        ),
        pytest.param(
            "app",
            hook_body("user.authorization.grant", "1", {"client_id": "b" * 30}),
            403,
            "subscription missing proper authorization",
            id="grant-other-client",
        ),
        pytest.param(
            "user",
            ws(type="user.authorization.revoke", condition={"client_id": "a" * 30}),
            400,
            invalid + " for the websocket transport",
            id="webhook-only-type",
        ),
        pytest.param(
            "app",
            hook_body("drop.entitlement.grant", "1", {"organization_id": "o1"}),
            400,
            'The parameter "is_batching_enabled" must be true for drop.entitlement.grant',
            id="drops-unbatched",
        ),
    ]


@pytest.mark.parametrize(("token", "body", "status", "message"), _errors())
def test_create_errors(world: World, token: str, body: dict[str, Any], status: int, message: str) -> None:
    session = fake_session(world)
    if body.get("transport", {}) and body["transport"].get("session_id") == "SESSION":
        body = {**body, "transport": {**body["transport"], "session_id": session.id}}
    body = {k: v for k, v in body.items() if v is not None}
    headers = world.as_user("alice", "channel:read:ads") if token == "user" else world.headers()
    assert_error(post(world, headers, body), status, message)
    assert world.services.conn.execute("SELECT count(*) FROM eventsub_subscriptions").fetchone()[0] == 0


def test_auth_is_checked_first(world: World) -> None:
    assert_error(world.http.post(SUBS, json={}), 401, "OAuth token is missing")
    assert_error(world.http.get(SUBS, headers={"Authorization": "Bearer x"}), 401, "Client ID is missing")


def test_duplicate_is_409_with_the_id_and_a_disabled_one_does_not_block(world: World) -> None:
    session = fake_session(world)
    headers = world.as_user("alice")
    body = ws_body("stream.online", "1", {"broadcaster_user_id": world.users["alice"]}, session.id)
    first = post(world, headers, body).json()["data"][0]["id"]
    assert_error(post(world, headers, body), 409, f"subscription already exists, id={first}")
    assert world.http.post(SUBS, json=body, headers=headers).json()["error"] == "Conflict"
    runtime(world).set_status(first, "websocket_disconnected")
    assert post(world, headers, body).status_code == 202


def test_cost_is_one_for_a_free_type_on_someone_else_and_the_cap_is_10(world: World) -> None:
    session = fake_session(world)
    headers = world.as_user("alice")
    own = post(
        world,
        headers,
        ws_body("stream.online", "1", {"broadcaster_user_id": world.users["alice"]}, session.id),
    )
    assert own.json()["data"][0]["cost"] == 0
    for n, kind in enumerate(
        ["stream.online", "stream.offline", "channel.update", "channel.shared_chat.begin"]
    ):
        for login in ("bob", "carol", "dave") if n < 2 else ("bob", "carol"):
            version = "2" if kind == "channel.update" else "1"
            r = post(
                world,
                headers,
                ws_body(kind, version, {"broadcaster_user_id": world.users[login]}, session.id),
            )
            assert r.status_code == 202, r.text
            assert r.json()["data"][0]["cost"] == 1
    body = r.json()
    assert (body["total"], body["total_cost"], body["max_total_cost"]) == (11, 10, 10)
    r = post(
        world,
        headers,
        ws_body("channel.shared_chat.end", "1", {"broadcaster_user_id": world.users["bob"]}, session.id),
    )
    assert_error(r, 429, "maximum total cost exceeded")
    listed = world.http.get(SUBS, headers=headers).json()
    assert (listed["total"], listed["total_cost"]) == (11, 10)


def test_get_filters_and_pagination(world: World) -> None:
    session = fake_session(world)
    headers = world.as_user("alice", "channel:read:ads", "bits:read")
    alice = world.users["alice"]
    made = []
    for kind in (
        "stream.online",
        "stream.offline",
        "channel.ad_break.begin",
        "channel.cheer",
        "channel.bits.use",
    ):
        r = post(world, headers, ws_body(kind, "1", {"broadcaster_user_id": alice}, session.id))
        made.append(r.json()["data"][0]["id"])
    page = world.http.get(f"{SUBS}?first=2", headers=headers).json()
    seen = [s["id"] for s in page["data"]]
    assert page["total"] == 5 and len(seen) == 2
    while page["pagination"]:
        page = world.http.get(f"{SUBS}?first=2&after={page['pagination']['cursor']}", headers=headers).json()
        seen += [s["id"] for s in page["data"]]
    assert seen == made  # oldest first, no repeats
    by_type = world.http.get(f"{SUBS}?type=channel.cheer", headers=headers).json()
    assert [s["id"] for s in by_type["data"]] == [made[3]] and by_type["total"] == 5
    assert (
        world.http.get(f"{SUBS}?subscription_id={made[1]}", headers=headers).json()["data"][0]["id"]
        == made[1]
    )
    assert len(world.http.get(f"{SUBS}?user_id={alice}", headers=headers).json()["data"]) == 5
    assert world.http.get(f"{SUBS}?user_id={world.users['bob']}", headers=headers).json()["data"] == []
    runtime(world).set_status(made[0], "websocket_disconnected")
    disabled = world.http.get(f"{SUBS}?status=websocket_disconnected", headers=headers).json()
    assert [s["id"] for s in disabled["data"]] == [made[0]]
    assert_error(
        world.http.get(f"{SUBS}?type=stream.online&status=enabled", headers=headers),
        400,
        "The request may specify only one filter query parameter",
    )
    assert_error(
        world.http.get(f"{SUBS}?status=sleepy", headers=headers),
        400,
        'The parameter "status" was malformed: the value must be a valid status',
    )
    assert_error(
        world.http.get(f"{SUBS}?type=channel.nope", headers=headers),
        400,
        'The parameter "type" was malformed: the value must be a valid subscription type',
    )
    assert_error(world.http.get(f"{SUBS}?after=garbage", headers=headers), 400, "invalid cursor")


def test_webhook_needs_the_users_grant_and_gets_its_challenge_after_commit(world: World) -> None:
    hooks = FakeTransport("webhook")
    runtime(world).register(hooks)
    alice = world.users["alice"]
    body = hook_body("channel.ban", "1", {"broadcaster_user_id": alice}, "http://127.0.0.1:9/cb")
    assert_error(post(world, world.headers(), body), 403, "subscription missing proper authorization")
    grant(world, "alice", "channel:moderate")
    r = post(world, world.headers(), body)
    assert r.status_code == 202, r.text
    sub = r.json()["data"][0]
    assert sub["status"] == "webhook_callback_verification_pending"
    assert sub["transport"] == {"method": "webhook", "callback": "http://127.0.0.1:9/cb"}
    assert (r.json()["total"], r.json()["max_total_cost"]) == (1, 10000)
    [(target, message)] = hooks.delivered
    assert message.type == "webhook_callback_verification"
    assert (target.subscription_id, target.secret, target.callback) == (
        sub["id"],
        "s3cr3t-s3cr3t",
        sub["transport"]["callback"],
    )
    assert set(message.body) == {"subscription", "challenge"} and message.body["challenge"]
    assert message.body["subscription"]["id"] == sub["id"]
    assert (message.subscription_type, message.subscription_version) == ("channel.ban", "1")
    assert runtime(world).set_status(sub["id"], "enabled")
    assert world.http.get(SUBS, headers=world.headers()).json()["data"][0]["status"] == "enabled"
    assert not runtime(world).set_status("nope", "enabled")


def test_moderator_types_need_the_moderator_to_moderate(world: World) -> None:
    session = fake_session(world)
    alice, bob = world.users["alice"], world.users["bob"]
    headers = world.as_user("bob", FOLLOWERS)
    body = ws_body(
        "channel.follow", "2", {"broadcaster_user_id": alice, "moderator_user_id": bob}, session.id
    )
    assert_error(post(world, headers, body), 403, "subscription missing proper authorization")
    with world.store.transaction():
        moderators.add_channel_moderator(world.services, alice, bob)
    assert post(world, headers, body).status_code == 202


def test_conduit_subscription_is_enabled_and_checks_the_owner(world: World) -> None:
    rt = runtime(world)
    rt.conduit_exists = lambda client, conduit: conduit == "c-1"
    body = {**hook_body("stream.online", "1", {"broadcaster_user_id": world.users["alice"]})}
    body["transport"] = {"method": "conduit", "conduit_id": "c-1"}
    r = post(world, world.headers(), body)
    assert r.status_code == 202, r.text
    listed = world.http.get(f"{SUBS}?conduit_id=c-1", headers=world.headers()).json()["data"]
    assert [s["id"] for s in listed] == [r.json()["data"][0]["id"]]
    assert world.http.get(f"{SUBS}?conduit_id=c-9", headers=world.headers()).json()["data"] == []
    assert r.json()["data"][0]["status"] == "enabled"
    assert r.json()["data"][0]["transport"] == {"method": "conduit", "conduit_id": "c-1"}
    body["transport"] = {"method": "conduit", "conduit_id": "c-2"}
    assert_error(
        post(world, world.headers(), body), 400, "The conduit does not exist or is not owned by this client"
    )


def test_websocket_limits(world: World) -> None:
    session = fake_session(world)
    alice_headers = world.as_user("alice")
    body = ws_body("stream.online", "1", {"broadcaster_user_id": world.users["alice"]}, session.id)
    assert post(world, alice_headers, body).status_code == 202
    bob_body = ws_body("stream.online", "1", {"broadcaster_user_id": world.users["bob"]}, session.id)
    assert_error(
        post(world, world.as_user("bob"), bob_body),
        400,
        "websocket transport cannot have subscriptions created by different users",
    )
    for login in ("bob", "carol"):
        other = fake_session(world)
        b = ws_body("stream.online", "1", {"broadcaster_user_id": world.users[login]}, other.id)
        assert post(world, alice_headers, b).status_code == 202
    fourth = fake_session(world)
    b = ws_body("stream.online", "1", {"broadcaster_user_id": world.users["dave"]}, fourth.id)
    assert_error(post(world, alice_headers, b), 429, "number of websocket transports limit exceeded")


def test_revoking_the_grant_revokes_the_subscription(world: World) -> None:
    session = fake_session(world)
    alice = world.users["alice"]
    token = world.user_token("alice", ["channel:moderate"])
    headers = world.headers(token)
    sub = post(
        world, headers, ws_body("channel.ban", "1", {"broadcaster_user_id": alice}, session.id)
    ).json()["data"][0]
    free = post(
        world, headers, ws_body("stream.online", "1", {"broadcaster_user_id": alice}, session.id)
    ).json()["data"][0]
    frames(session)
    with world.store.transaction():
        world.store.auth.disconnect("a" * 30, alice)
    [revocation] = frames(session)
    assert revocation["metadata"]["message_type"] == "revocation"
    assert revocation["metadata"]["subscription_type"] == "channel.ban"
    assert revocation["payload"] == {
        "subscription": {
            **{k: v for k, v in sub.items()},
            "status": "authorization_revoked",
            "transport": {"method": "websocket", "session_id": session.id},
        }
    }
    statuses = {
        s["id"]: s["status"] for s in world.http.get(SUBS, headers=world.as_user("alice")).json()["data"]
    }
    assert statuses == {sub["id"]: "authorization_revoked", free["id"]: "enabled"}


def test_a_failed_create_stores_and_publishes_nothing(world: World) -> None:
    hooks = FakeTransport("webhook")
    runtime(world).register(hooks)
    body = hook_body("channel.ban", "1", {"broadcaster_user_id": world.users["alice"]})
    assert post(world, world.headers(), body).status_code == 403
    assert hooks.delivered == []


def test_user_removed_revokes_what_names_the_user(world: World) -> None:
    session = fake_session(world)
    alice, bob = world.users["alice"], world.users["bob"]
    headers = world.as_user("alice")
    post(world, headers, ws_body("stream.online", "1", {"broadcaster_user_id": bob}, session.id))
    post(world, headers, ws_body("stream.online", "1", {"broadcaster_user_id": alice}, session.id))
    frames(session)
    assert runtime(world).user_removed(bob) == 1
    [message] = frames(session)
    assert message["payload"]["subscription"]["status"] == "user_removed"


def test_create_and_get_match_twitchs_schema(world: World) -> None:
    """Against the closed response schemas of helix-openapi.json (snapshot in schemas.json)."""
    import json
    from pathlib import Path

    from jsonschema import Draft7Validator

    schemas = json.loads((Path(__file__).parent / "schemas.json").read_text(encoding="utf-8"))
    create = Draft7Validator(schemas["POST /eventsub/subscriptions"])
    listing = Draft7Validator(schemas["GET /eventsub/subscriptions"])
    session = fake_session(world)
    headers = world.as_user("alice")
    r = post(
        world,
        headers,
        ws_body("stream.online", "1", {"broadcaster_user_id": world.users["alice"]}, session.id),
    )
    create.validate(r.json())
    runtime(world).set_status(r.json()["data"][0]["id"], "websocket_disconnected")
    listing.validate(world.http.get(SUBS, headers=headers).json())
    grant(world, "bob", "channel:moderate")
    r = post(
        world, world.headers(), hook_body("channel.ban", "1", {"broadcaster_user_id": world.users["bob"]})
    )
    create.validate(r.json())
    listing.validate(world.http.get(SUBS, headers=world.headers()).json())


def test_a_websocket_session_holds_300_enabled_subscriptions(world: World) -> None:
    session = fake_session(world)
    alice = world.users["alice"]
    headers = world.as_user("alice", "channel:read:redemptions")
    kind = "channel.channel_points_custom_reward.update"
    for n in range(300):
        body = ws_body(kind, "1", {"broadcaster_user_id": alice, "reward_id": f"r-{n}"}, session.id)
        assert post(world, headers, body).status_code == 202
    body = ws_body(kind, "1", {"broadcaster_user_id": alice, "reward_id": "r-300"}, session.id)
    assert_error(post(world, headers, body), 429, "maximum subscriptions per websocket transport exceeded")
    first = world.http.get(SUBS, headers=headers).json()["data"][0]["id"]
    runtime(world).set_status(first, "websocket_disconnected")  # disabled ones do not count
    assert post(world, headers, body).status_code == 202


@pytest.mark.parametrize("kind", ["channel.update", "channel.hype_train.begin", "channel.follow"])
def test_removed_versions_are_gone(world: World, kind: str) -> None:
    session = fake_session(world)
    alice = world.users["alice"]
    condition = {"broadcaster_user_id": alice}
    if kind == "channel.follow":
        condition["moderator_user_id"] = alice
    r = post(world, world.as_user("alice"), ws_body(kind, "1", condition, session.id))
    assert_error(r, 410, "This subscription type is not available.")
