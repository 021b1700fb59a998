"""The Conduits API through HTTP (Create/Get/Update/Delete Conduits, Get/Update Conduit Shards),
shard state changes and `conduit.shard.disabled`, and the conduit transport's choice of shard."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from eventsub_support import FakeTransport, fake_session, runtime

from conftest import OTHER_CLIENT_ID, World, assert_error
from twitch_mock.domain import conduits
from twitch_mock.domain.conduits import ShardDisabled, ShardWebhookAssigned
from twitch_mock.domain.outbox import Event
from twitch_mock.eventsub.conduits import ConduitTransport, shard_disconnected
from twitch_mock.eventsub.transport import Message, Target
from twitch_mock.eventsub.webhook import BAD_CALLBACK
from twitch_mock.oauth.tokens import issue_app_token

URL = "/helix/eventsub/conduits"
SHARDS = URL + "/shards"
GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
SECRET = "0123456789abcdef"
HOOK = "http://127.0.0.1:9/hook"  # loopback, refused: nothing here is ever really POSTed to


@pytest.fixture(autouse=True)
def handed(world: World) -> FakeTransport:
    """The runtime's webhook transport, replaced by one that records what it is handed (shard
    challenges, notifications through a shard): these tests check the hand-over, not the POST."""
    fake = FakeTransport("webhook")
    runtime(world).register(fake)
    return fake


def create(world: World, count: int = 3, headers: dict[str, str] | None = None) -> str:
    r = world.http.post(URL, headers=headers or world.headers(), json={"shard_count": count})
    assert r.status_code == 200, r.text
    return str(r.json()["data"][0]["id"])


def other_client_headers(world: World) -> dict[str, str]:
    with world.store.transaction():
        token = issue_app_token(world.services, OTHER_CLIENT_ID, ()).token
    return world.headers(token, OTHER_CLIENT_ID)


def heard(world: World) -> list[Event]:
    events: list[Event] = []
    world.services.outbox.subscribe(events.append)
    return events


def shards_of(world: World, conduit_id: str, **params: Any) -> httpx.Response:
    r: httpx.Response = world.http.get(
        SHARDS, headers=world.headers(), params={"conduit_id": conduit_id, **params}
    )
    return r


def webhook(callback: str = HOOK, secret: str = SECRET) -> dict[str, str]:
    return {"method": "webhook", "callback": callback, "secret": secret}


# --- Create / Get / Update / Delete Conduits -----------------------------------------------------


def test_create_then_get(world: World) -> None:
    r = world.http.post(URL, headers=world.headers(), json={"shard_count": 3})
    assert r.status_code == 200
    [conduit] = r.json()["data"]
    assert GUID.fullmatch(conduit["id"]) and conduit == {"id": conduit["id"], "shard_count": 3}
    r = world.http.post(URL, headers=world.headers(), json={"shard_count": "2"})  # as some clients send it
    second = r.json()["data"][0]["id"]
    r = world.http.get(URL, headers=world.headers())
    assert r.json() == {"data": [conduit, {"id": second, "shard_count": 2}]}
    # another client sees none of them
    assert world.http.get(URL, headers=other_client_headers(world)).json() == {"data": []}
    r = shards_of(world, conduit["id"])
    assert r.json() == {
        "data": [
            {"id": str(n), "status": "websocket_disconnected", "transport": {"method": "websocket"}}
            for n in range(3)
        ],
        "pagination": {},
    }


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        pytest.param({"shard_count": 0}, 400, "Invalid shard count.", id="zero"),
        pytest.param({"shard_count": 20001}, 400, "Invalid shard count.", id="over-20000"),
        pytest.param({"shard_count": -1}, 400, "Invalid shard count.", id="negative"),
        pytest.param({}, 400, 'Missing required parameter "shard_count"', id="missing"),
        pytest.param(
            {"shard_count": "many"},
            400,
            'The parameter "shard_count" was malformed: the value must be an integer',
            id="not-a-number",
        ),
    ],
)
def test_create_errors(world: World, body: dict[str, Any], status: int, message: str) -> None:
    events = heard(world)
    assert_error(world.http.post(URL, headers=world.headers(), json=body), status, message)
    assert world.http.get(URL, headers=world.headers()).json() == {"data": []}
    assert events == []


def test_app_token_only(world: World) -> None:
    for method, path in (
        ("POST", URL),
        ("GET", URL),
        ("PATCH", URL),
        ("DELETE", URL),
        ("GET", SHARDS),
        ("PATCH", SHARDS),
    ):
        r = world.http.request(method, path, headers=world.as_user("alice"), json={"shard_count": 1})
        assert_error(r, 401, "Invalid OAuth token: this endpoint requires an app access token")
        assert_error(world.http.request(method, path), 401, "OAuth token is missing")


def test_a_client_may_hold_five_conduits(world: World) -> None:
    for _ in range(5):
        create(world, 1)
    assert_error(
        world.http.post(URL, headers=world.headers(), json={"shard_count": 1}), 429, "Conduit limit reached."
    )
    create(world, 1, other_client_headers(world))  # the limit is per client
    assert len(world.http.get(URL, headers=world.headers()).json()["data"]) == 5


def test_update_grows_and_shrinks_the_shards(world: World) -> None:
    conduit_id = create(world, 2)
    r = world.http.patch(
        SHARDS,
        headers=world.headers(),
        json={"conduit_id": conduit_id, "shards": [{"id": "1", "transport": webhook()}]},
    )
    assert r.status_code == 202
    r = world.http.patch(URL, headers=world.headers(), json={"id": conduit_id, "shard_count": 4})
    assert r.status_code == 200 and r.json() == {"data": [{"id": conduit_id, "shard_count": 4}]}
    assert [s["id"] for s in shards_of(world, conduit_id).json()["data"]] == ["0", "1", "2", "3"]
    assert shards_of(world, conduit_id).json()["data"][1]["transport"] == {
        "method": "webhook",
        "callback": HOOK,
    }
    r = world.http.patch(URL, headers=world.headers(), json={"id": conduit_id, "shard_count": 1})
    assert r.json() == {"data": [{"id": conduit_id, "shard_count": 1}]}
    assert [s["id"] for s in shards_of(world, conduit_id).json()["data"]] == ["0"]
    assert world.http.get(URL, headers=world.headers()).json()["data"] == [
        {"id": conduit_id, "shard_count": 1}
    ]
    # growing again gives fresh, unassigned shards
    world.http.patch(URL, headers=world.headers(), json={"id": conduit_id, "shard_count": 2})
    assert shards_of(world, conduit_id).json()["data"][1] == {
        "id": "1",
        "status": "websocket_disconnected",
        "transport": {"method": "websocket"},
    }


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        pytest.param({"shard_count": 2}, 400, "The id query parameter is required.", id="no-id"),
        pytest.param({"id": "", "shard_count": 2}, 400, "The id query parameter is required.", id="empty-id"),
        pytest.param({"id": "CONDUIT", "shard_count": 0}, 400, "Invalid shard count.", id="zero"),
        pytest.param({"id": "CONDUIT"}, 400, 'Missing required parameter "shard_count"', id="no-count"),
        pytest.param({"id": "nope", "shard_count": 2}, 404, "Conduit not found.", id="unknown"),
        pytest.param({"id": "OTHER", "shard_count": 2}, 404, "Conduit not found.", id="another-clients"),
    ],
)
def test_update_errors(world: World, body: dict[str, Any], status: int, message: str) -> None:
    mine = create(world, 3)
    theirs = create(world, 1, other_client_headers(world))
    body = {
        k: {"CONDUIT": mine, "OTHER": theirs}.get(v, v) if isinstance(v, str) else v for k, v in body.items()
    }
    assert_error(world.http.patch(URL, headers=world.headers(), json=body), status, message)
    assert world.http.get(URL, headers=world.headers()).json()["data"] == [{"id": mine, "shard_count": 3}]


def test_delete(world: World) -> None:
    conduit_id = create(world, 2)
    keep = create(world, 1)
    events = heard(world)
    r = world.http.delete(URL, headers=world.headers(), params={"id": conduit_id})
    assert r.status_code == 204 and r.content == b""
    assert world.http.get(URL, headers=world.headers()).json()["data"] == [{"id": keep, "shard_count": 1}]
    assert_error(shards_of(world, conduit_id), 404, "Conduit not found.")
    (count,) = world.store.db.conn.execute(
        "SELECT COUNT(*) FROM conduit_shards WHERE conduit_id = ?", (conduit_id,)
    ).fetchone()
    assert count == 0
    assert events == [conduits.ConduitDeleted(conduit_id, "a" * 30)]


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        pytest.param({}, 400, "The id query parameter is required.", id="no-id"),
        pytest.param({"id": "nope"}, 404, "Conduit not found.", id="unknown"),
        pytest.param({"id": "OTHER"}, 404, "Conduit not found.", id="another-clients"),
    ],
)
def test_delete_errors(world: World, params: dict[str, str], status: int, message: str) -> None:
    theirs = create(world, 1, other_client_headers(world))
    params = {k: theirs if v == "OTHER" else v for k, v in params.items()}
    events = heard(world)
    assert_error(world.http.delete(URL, headers=world.headers(), params=params), status, message)
    assert events == []
    assert world.http.get(URL, headers=other_client_headers(world)).json()["data"] == [
        {"id": theirs, "shard_count": 1}
    ]


# --- Get Conduit Shards --------------------------------------------------------------------------


def test_shards_page_and_filter(world: World) -> None:
    conduit_id = create(world, 5)
    world.http.patch(
        SHARDS,
        headers=world.headers(),
        json={"conduit_id": conduit_id, "shards": [{"id": "3", "transport": webhook()}]},
    )
    seen, cursor = [], None
    for _ in range(3):
        r = shards_of(world, conduit_id, first=2, **({"after": cursor} if cursor else {}))
        body = r.json()
        seen += [s["id"] for s in body["data"]]
        cursor = body["pagination"].get("cursor")
        if cursor is None:
            break
    assert seen == ["0", "1", "2", "3", "4"] and cursor is None
    r = shards_of(world, conduit_id, status="webhook_callback_verification_pending")
    assert r.json() == {
        "data": [
            {
                "id": "3",
                "status": "webhook_callback_verification_pending",
                "transport": {"method": "webhook", "callback": HOOK},
            }
        ],
        "pagination": {},
    }
    assert [
        s["id"] for s in shards_of(world, conduit_id, status="websocket_disconnected").json()["data"]
    ] == ["0", "1", "2", "4"]
    assert shards_of(world, conduit_id, status="enabled").json() == {"data": [], "pagination": {}}


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        pytest.param({}, 400, 'Missing required parameter "conduit_id"', id="no-conduit"),
        pytest.param({"conduit_id": "nope"}, 404, "Conduit not found.", id="unknown"),
        pytest.param({"conduit_id": "OTHER"}, 404, "Conduit not found.", id="another-clients"),
        pytest.param(
            {"conduit_id": "CONDUIT", "status": "happy"},
            400,
            'The parameter "status" was malformed: the value must be one of ' + ", ".join(conduits.STATUSES),
            id="bad-status",
        ),
        pytest.param({"conduit_id": "CONDUIT", "after": "garbage"}, 400, "invalid cursor", id="bad-cursor"),
    ],
)
def test_shards_errors(world: World, params: dict[str, str], status: int, message: str) -> None:
    mine = create(world, 1)
    theirs = create(world, 1, other_client_headers(world))
    params = {k: {"CONDUIT": mine, "OTHER": theirs}.get(v, v) for k, v in params.items()}
    assert_error(world.http.get(SHARDS, headers=world.headers(), params=params), status, message)


# --- Update Conduit Shards -----------------------------------------------------------------------


def test_update_shards_applies_the_good_ones_and_reports_the_others(
    world: World, handed: FakeTransport
) -> None:
    conduit_id = create(world, 3)
    session = fake_session(world)
    events = heard(world)
    shards = [
        {"id": "0", "transport": webhook("http://127.0.0.1:9/hook")},
        {"id": "1", "transport": {"method": "websocket", "session_id": session.id}},
        {"id": "3", "transport": webhook()},
        {"id": "2", "transport": {"method": "carrier-pigeon"}},
        {"id": "2", "transport": {"method": "webhook", "secret": SECRET}},
        {"id": "2", "transport": webhook(secret="short")},
        {"id": "2", "transport": webhook("http://example.com/hook")},
        {"id": "2", "transport": {"method": "websocket"}},
        {"id": "x", "transport": webhook()},
        {"id": "01", "transport": webhook()},
    ]
    r = world.http.patch(SHARDS, headers=world.headers(), json={"conduit_id": conduit_id, "shards": shards})
    assert r.status_code == 202, r.text
    assert r.json() == {
        "data": [
            {
                "id": "0",
                "status": "webhook_callback_verification_pending",
                "transport": {"method": "webhook", "callback": "http://127.0.0.1:9/hook"},
            },
            {
                "id": "1",
                "status": "enabled",
                "transport": {
                    "method": "websocket",
                    "session_id": session.id,
                    "connected_at": session.connected_at,
                },
            },
        ],
        "errors": [
            {
                "id": "3",
                "message": "The shard id is outside the conduit's range",
                "code": "invalid_parameter",
            },
            {
                "id": "2",
                "message": "The transport method is not valid; it must be webhook or websocket",
                "code": "invalid_parameter",
            },
            {
                "id": "2",
                "message": "The callback is required for the webhook transport",
                "code": "invalid_parameter",
            },
            {
                "id": "2",
                "message": "The secret must be between 10 and 100 characters",
                "code": "invalid_parameter",
            },
            {"id": "2", "message": BAD_CALLBACK, "code": "invalid_parameter"},
            {
                "id": "2",
                "message": "The session_id is required for the websocket transport",
                "code": "invalid_parameter",
            },
            {
                "id": "x",
                "message": "The shard id is outside the conduit's range",
                "code": "invalid_parameter",
            },
            {
                "id": "01",
                "message": "The shard id is outside the conduit's range",
                "code": "invalid_parameter",
            },
        ],
    }
    assert shards_of(world, conduit_id).json()["data"] == [
        *r.json()["data"],
        {"id": "2", "status": "websocket_disconnected", "transport": {"method": "websocket"}},
    ]
    assert events == [ShardWebhookAssigned(conduit_id, "0", "http://127.0.0.1:9/hook", SECRET)]
    # the runtime's transports sent the one webhook shard its challenge, once
    assert [(t.callback, t.shard_id, m.type) for t, m in handed.delivered] == [
        ("http://127.0.0.1:9/hook", "0", "webhook_callback_verification")
    ]
    assert session.subscribed  # a session given a shard is used: no 4003
    # the secret is stored, never shown
    assert conduits.shard(world.store.db.conn, conduit_id, 0) == conduits.ShardRow(
        conduit_id, 0, "webhook_callback_verification_pending", "webhook", "http://127.0.0.1:9/hook", SECRET
    )


def test_a_session_that_is_not_connected_is_refused(world: World) -> None:
    live, gone = fake_session(world), fake_session(world)
    runtime(world).websocket.close(gone, 4000)  # closed: no longer live
    conduit_id = create(world, 3)
    shards = [
        {"id": "0", "transport": {"method": "websocket", "session_id": gone.id}},
        {"id": "1", "transport": {"method": "websocket", "session_id": live.id}},
        {"id": "2", "transport": {"method": "websocket", "session_id": "AgoQnever-connected"}},
    ]
    r = world.http.patch(SHARDS, headers=world.headers(), json={"conduit_id": conduit_id, "shards": shards})
    assert r.json() == {
        "data": [
            {
                "id": "1",
                "status": "enabled",
                "transport": {
                    "method": "websocket",
                    "session_id": live.id,
                    "connected_at": live.connected_at,
                },
            }
        ],
        "errors": [
            {"id": "0", "message": "The websocket session is not connected", "code": "invalid_parameter"},
            {"id": "2", "message": "The websocket session is not connected", "code": "invalid_parameter"},
        ],
    }


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        pytest.param({"shards": []}, 400, 'Missing required parameter "conduit_id"', id="no-conduit"),
        pytest.param({"conduit_id": "CONDUIT"}, 400, 'Missing required parameter "shards"', id="no-shards"),
        pytest.param(
            {"conduit_id": "CONDUIT", "shards": [{"id": "0"}]},
            400,
            'Missing required parameter "shards.transport"',
            id="no-transport",
        ),
        pytest.param(
            {"conduit_id": "CONDUIT", "shards": [{"transport": {}}]},
            400,
            'Missing required parameter "shards.id"',
            id="no-shard-id",
        ),
        pytest.param(
            {
                "conduit_id": "CONDUIT",
                "shards": [{"id": "0", "transport": {"method": "websocket", "session_id": "s"}}] * 101,
            },
            400,
            'The parameter "shards" was malformed: the number of items must be less than or equal to 100',
            id="over-100",
        ),
        pytest.param({"conduit_id": "nope", "shards": []}, 404, "Conduit not found.", id="unknown"),
        pytest.param({"conduit_id": "OTHER", "shards": []}, 404, "Conduit not found.", id="another-clients"),
    ],
)
def test_update_shards_errors(world: World, body: dict[str, Any], status: int, message: str) -> None:
    mine = create(world, 1)
    theirs = create(world, 1, other_client_headers(world))
    if "conduit_id" in body:
        body = {
            **body,
            "conduit_id": {"CONDUIT": mine, "OTHER": theirs}.get(body["conduit_id"], body["conduit_id"]),
        }
    events = heard(world)
    assert_error(world.http.patch(SHARDS, headers=world.headers(), json=body), status, message)
    assert events == []
    assert shards_of(world, mine).json()["data"][0]["status"] == "websocket_disconnected"


# --- shard state and conduit.shard.disabled ------------------------------------------------------


def _assign(world: World, conduit_id: str, shards: list[dict[str, Any]]) -> None:
    r = world.http.patch(SHARDS, headers=world.headers(), json={"conduit_id": conduit_id, "shards": shards})
    assert r.status_code == 202 and r.json()["errors"] == [], r.text


def test_a_closed_session_disables_its_shards(world: World) -> None:
    conduit_id = create(world, 3)
    s1, s2 = fake_session(world), fake_session(world)
    _assign(world, conduit_id, [
        {"id": "0", "transport": {"method": "websocket", "session_id": s1.id}},
        {"id": "2", "transport": {"method": "websocket", "session_id": s1.id}},
        {"id": "1", "transport": {"method": "websocket", "session_id": s2.id}},
    ])  # fmt: skip
    world.clock.advance(60)
    events = heard(world)
    assert shard_disconnected(world.services, s1.id) == 2
    gone = world.services.now()
    transport = {
        "method": "websocket",
        "session_id": s1.id,
        "connected_at": s1.connected_at,
        "disconnected_at": gone,
    }
    assert events == [
        ShardDisabled(conduit_id, "0", "websocket_disconnected", transport, "a" * 30),
        ShardDisabled(conduit_id, "2", "websocket_disconnected", transport, "a" * 30),
    ]
    assert [(s["id"], s["status"]) for s in shards_of(world, conduit_id).json()["data"]] == [
        ("0", "websocket_disconnected"),
        ("1", "enabled"),
        ("2", "websocket_disconnected"),
    ]
    assert shards_of(world, conduit_id).json()["data"][0]["transport"] == transport
    assert shard_disconnected(world.services, s1.id) == 0  # only enabled shards are disabled once
    assert len(events) == 2
    with pytest.raises(ValueError):
        shard_disconnected(world.services, s2.id, "enabled")


def test_a_webhook_shards_challenge_outcome(world: World) -> None:
    conduit_id = create(world, 2)
    _assign(world, conduit_id, [{"id": "0", "transport": webhook()}, {"id": "1", "transport": webhook()}])
    events = heard(world)
    with world.store.transaction():
        assert conduits.set_shard_status(world.services, conduit_id, 0, "enabled", callback=HOOK)
        assert conduits.set_shard_status(
            world.services, conduit_id, 1, "webhook_callback_verification_failed"
        )
        # an outcome for a callback the shard no longer has changes nothing
        assert not conduits.set_shard_status(
            world.services,
            conduit_id,
            0,
            "notification_failures_exceeded",
            callback="http://127.0.0.1:9/old",
        )
    assert [(s["id"], s["status"]) for s in shards_of(world, conduit_id).json()["data"]] == [
        ("0", "enabled"),
        ("1", "webhook_callback_verification_failed"),
    ]
    hook = {"method": "webhook", "callback": HOOK}
    assert events == [ShardDisabled(conduit_id, "1", "webhook_callback_verification_failed", hook, "a" * 30)]


# --- the conduit transport -----------------------------------------------------------------------


class Recorder:
    def __init__(self, method: str) -> None:
        self.method = method
        self.got: list[tuple[Target, Message]] = []

    def deliver(self, target: Target, message: Message) -> None:
        self.got.append((target, message))


def _message(n: int) -> Message:
    return Message(
        "notification",
        f"m{n}",
        "2026-12-01T10:00:00Z",
        "channel.update",
        "2",
        {"subscription": {}, "event": {}},
    )


def test_the_conduit_transport_goes_round_robin_over_enabled_shards(
    world: World, handed: FakeTransport
) -> None:
    rt = runtime(world)
    webhook_t, websocket_t = handed, FakeTransport("websocket")
    rt.register(websocket_t)
    transport = rt.transports["conduit"]
    conduit_id = create(world, 4)
    s0 = fake_session(world)
    _assign(world, conduit_id, [
        {"id": "0", "transport": {"method": "websocket", "session_id": s0.id}},
        {"id": "1", "transport": webhook("http://127.0.0.1:9/one")},  # pending: not chosen
        {"id": "3", "transport": webhook("http://127.0.0.1:9/three")},
    ])  # fmt: skip
    # the two webhook shards were sent their challenge after the commit, once each
    challenges = webhook_t.delivered[:]
    assert [(t.callback, t.secret, t.conduit_id, t.shard_id, m.type) for t, m in challenges] == [
        ("http://127.0.0.1:9/one", SECRET, conduit_id, "1", "webhook_callback_verification"),
        ("http://127.0.0.1:9/three", SECRET, conduit_id, "3", "webhook_callback_verification"),
    ]
    body = challenges[0][1].body
    assert (
        isinstance(body["challenge"], str)
        and body["subscription"]["status"] == "webhook_callback_verification_pending"
    )
    webhook_t.delivered.clear()
    with world.store.transaction():
        conduits.set_shard_status(world.services, conduit_id, 3, "enabled")
    sub = Target("sub-1", "conduit", conduit_id=conduit_id)
    for n in range(4):
        transport.deliver(sub, _message(n))
    assert [(t.session_id, t.shard_id, m.message_id) for t, m in websocket_t.delivered] == [
        (s0.id, "0", "m0"),
        (s0.id, "0", "m2"),
    ]
    assert [(t.callback, t.secret, t.shard_id, m.message_id) for t, m in webhook_t.delivered] == [
        ("http://127.0.0.1:9/three", SECRET, "3", "m1"),
        ("http://127.0.0.1:9/three", SECRET, "3", "m3"),
    ]
    assert all(
        t.subscription_id == "sub-1" and t.conduit_id == conduit_id
        for t, _ in webhook_t.delivered + websocket_t.delivered
    )


def test_a_conduit_without_enabled_shards_delivers_nothing(world: World) -> None:
    webhook_t, websocket_t = Recorder("webhook"), Recorder("websocket")
    transport = ConduitTransport(world.services, {"webhook": webhook_t, "websocket": websocket_t})
    conduit_id = create(world, 2)
    transport.deliver(Target("sub-1", "conduit", conduit_id=conduit_id), _message(1))
    transport.deliver(Target("sub-1", "conduit", conduit_id="no-such-conduit"), _message(2))
    transport.deliver(Target("sub-1", "conduit"), _message(3))
    assert webhook_t.got == [] and websocket_t.got == []
    transport.unsubscribe()


def test_a_moved_session_takes_its_enabled_shards_along(world: World) -> None:
    conduit_id = create(world, 3)
    old, other = fake_session(world), fake_session(world)
    _assign(world, conduit_id, [
        {"id": "0", "transport": {"method": "websocket", "session_id": old.id}},
        {"id": "1", "transport": {"method": "websocket", "session_id": other.id}},
        {"id": "2", "transport": {"method": "websocket", "session_id": old.id}},
    ])  # fmt: skip
    shard_disconnected(world.services, other.id)
    events = heard(world)
    with world.store.transaction():
        assert (
            conduits.session_moved(world.services, old.id, "AgoQnew", "2026-12-01T11:00:00.000000000Z") == 2
        )
        assert conduits.session_moved(world.services, other.id, "AgoQnew", "x") == 0  # disabled stays
    moved = {"method": "websocket", "session_id": "AgoQnew", "connected_at": "2026-12-01T11:00:00.000000000Z"}
    data = shards_of(world, conduit_id).json()["data"]
    assert [(s["id"], s["status"]) for s in data] == [
        ("0", "enabled"),
        ("1", "websocket_disconnected"),
        ("2", "enabled"),
    ]
    assert data[0]["transport"] == data[2]["transport"] == moved
    assert data[1]["transport"]["session_id"] == other.id
    assert events == []
    assert shard_disconnected(world.services, "AgoQnew") == 2  # the new session closing disables them
