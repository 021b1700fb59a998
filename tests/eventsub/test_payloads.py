"""Every state change the issue lists publishes its EventSub event exactly once, and a failed
request publishes nothing. Each case causes the change through HTTP (a Helix call, the control API
or the OAuth service), captures what the outbox delivered, serialises it as dispatch will
(`event_json`) and validates it against the closed schema for its type and version
(payload_schemas.json, written by tools/eventsub_schemas.py from eventsub.md section e)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from conftest import CLIENT_ID, CLIENT_SECRET, World
from twitch_mock.core.scopes import ALL_SCOPES
from twitch_mock.domain.outbox import Event, event_json

SCHEMAS: dict[str, Any] = json.loads((Path(__file__).parent / "payload_schemas.json").read_text())
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")
Act = Callable[[World], Any]  # a response, or what a helper that checked its response made


def helix(world: World, method: str, path: str, login: str = "alice", **kw: Any) -> httpx.Response:
    headers = world.as_user(login, *sorted(ALL_SCOPES))
    response: httpx.Response = world.http.request(method, "/helix/" + path, headers=headers, **kw)
    return response


def control(world: World, route: str, **body: Any) -> httpx.Response:
    response: httpx.Response = world.http.post("/_mock" + route, json=body)
    return response


def ids(world: World) -> dict[str, str]:
    return world.users


def partner(world: World) -> None:
    """alice is a partner, live with 42 viewers; bob moderates her channel."""
    with world.store.transaction():
        world.store.db.conn.execute("UPDATE users SET broadcaster_type = 'partner' WHERE login = 'alice'")
    assert control(world, "/streams", user_id="alice", viewer_count=42).status_code == 200
    assert control(world, "/moderators", user_id="bob", broadcaster_id="alice").status_code == 200


def poll(world: World) -> dict[str, Any]:
    body = {
        "broadcaster_id": ids(world)["alice"],
        "title": "Best?",
        "choices": [{"title": "A"}, {"title": "B"}],
    }
    r = helix(world, "POST", "polls", json={**body, "duration": 60})
    assert r.status_code == 200, r.text
    made: dict[str, Any] = r.json()["data"][0]
    return made


def prediction(world: World) -> dict[str, Any]:
    body = {"broadcaster_id": ids(world)["alice"], "title": "Win?", "prediction_window": 60}
    r = helix(world, "POST", "predictions", json={**body, "outcomes": [{"title": "Yes"}, {"title": "No"}]})
    assert r.status_code == 200, r.text
    made: dict[str, Any] = r.json()["data"][0]
    return made


def reward(world: World) -> dict[str, Any]:
    r = helix(
        world, "POST", "channel_points/custom_rewards", params={"broadcaster_id": ids(world)["alice"]},
        json={"title": "Hydrate", "cost": 100},
    )  # fmt: skip
    assert r.status_code == 200, r.text
    made: dict[str, Any] = r.json()["data"][0]
    return made


def redemption(world: World) -> tuple[str, str]:
    made = reward(world)
    r = control(world, "/channel_points/redemptions", reward_id=made["id"], user_id="carol")
    assert r.status_code == 200, r.text
    return made["id"], r.json()["data"][0]["id"]


def _patch_prediction(world: World, status: str, winner: bool = False) -> httpx.Response:
    made = prediction(world)
    body = {"broadcaster_id": ids(world)["alice"], "id": made["id"], "status": status}
    if winner:
        body["winning_outcome_id"] = made["outcomes"][0]["id"]
    return helix(world, "PATCH", "predictions", json=body)


def _ban(world: World, login: str = "carol") -> httpx.Response:
    params = {"broadcaster_id": ids(world)["alice"], "moderator_id": ids(world)["alice"]}
    return helix(
        world, "POST", "moderation/bans", params=params, json={"data": {"user_id": ids(world)[login]}}
    )


def _role(world: World, method: str, path: str, login: str = "dave") -> httpx.Response:
    return helix(
        world, method, path, params={"broadcaster_id": ids(world)["alice"], "user_id": ids(world)[login]}
    )


def _shield(world: World, active: bool) -> httpx.Response:
    params = {"broadcaster_id": ids(world)["alice"], "moderator_id": ids(world)["alice"]}
    return helix(world, "PUT", "moderation/shield_mode", params=params, json={"is_active": active})


def _shoutout(world: World, to: str = "carol") -> httpx.Response:
    params = {"from_broadcaster_id": ids(world)["alice"], "to_broadcaster_id": ids(world).get(to, to)}
    return helix(world, "POST", "chat/shoutouts", params={**params, "moderator_id": ids(world)["alice"]})


def _grant(world: World, user: str = "carol", secret: str = CLIENT_SECRET) -> httpx.Response:
    params = {"grant_type": "user_token", "client_id": CLIENT_ID, "client_secret": secret}
    response: httpx.Response = world.http.post(
        "/auth/authorize", params={**params, "user_id": ids(world).get(user, user), "scope": ""}
    )
    return response


def _raid(world: World, to: str) -> httpx.Response:
    """Start a raid and let its countdown run out: channel.raid marks the raid happening."""
    params = {"from_broadcaster_id": ids(world)["alice"], "to_broadcaster_id": ids(world)[to]}
    r = helix(world, "POST", "raids", params=params)
    assert r.status_code == 200, r.text
    world.clock.advance(90)
    return r


def _hype(world: World, user: str = "bob") -> httpx.Response:
    return control(
        world, "/hypetrain/contributions", broadcaster_id="alice", user_id=user, kind="bits", amount=100
    )


@dataclass(frozen=True)
class Case:
    type: str
    version: str
    act: Act  # the change (2xx)
    setup: Callable[[World], Any] | None = None  # before listening
    fail: Act | None = None  # a request that fails (4xx) and must publish nothing

    @property
    def key(self) -> str:
        return f"{self.type} v{self.version}"


CASES = [
    Case(
        "channel.update", "2",
        lambda w: helix(w, "PATCH", "channels", params={"broadcaster_id": ids(w)["alice"]}, json={"title": "New"}),
        fail=lambda w: helix(w, "PATCH", "channels", params={"broadcaster_id": ids(w)["alice"]}, json={"title": ""}),
    ),
    Case(
        "channel.follow", "2", lambda w: control(w, "/follows", user_id="erin", broadcaster_id="alice"),
        fail=lambda w: control(w, "/follows", user_id="nobody", broadcaster_id="alice"),
    ),
    Case(
        "channel.subscribe", "1", lambda w: control(w, "/subscriptions", user_id="erin", broadcaster_id="alice"),
        fail=lambda w: control(w, "/subscriptions", user_id="erin", broadcaster_id="bob"),
    ),
    Case(
        "channel.subscription.gift", "1",
        lambda w: control(w, "/subscriptions/gifts", gifter_id="erin", broadcaster_id="alice", count=2),
        fail=lambda w: control(w, "/subscriptions/gifts", gifter_id="erin", broadcaster_id="alice", count=99),
    ),
    Case(
        "channel.subscription.message", "1",
        lambda w: control(w, "/subscriptions/messages", user_id="erin", broadcaster_id="alice", message="Hi"),
        setup=lambda w: control(w, "/subscriptions", user_id="erin", broadcaster_id="alice"),
        fail=lambda w: control(w, "/subscriptions/messages", user_id="dave", broadcaster_id="alice"),
    ),
    Case(
        "channel.subscription.end", "1",
        lambda w: control(w, "/subscriptions/end", user_id="erin", broadcaster_id="alice"),
        setup=lambda w: control(w, "/subscriptions", user_id="erin", broadcaster_id="alice"),
        fail=lambda w: control(w, "/subscriptions/end", user_id="dave", broadcaster_id="alice"),
    ),
    Case(
        "channel.cheer", "1", lambda w: control(w, "/cheers", user_id="erin", broadcaster_id="alice", bits=100),
        fail=lambda w: control(w, "/cheers", user_id="erin", broadcaster_id="bob", bits=100),
    ),
    Case(
        "channel.raid", "1",
        lambda w: _raid(w, "erin"),
        fail=lambda w: helix(w, "POST", "raids", params={"from_broadcaster_id": ids(w)["alice"],
                                                         "to_broadcaster_id": ids(w)["alice"]}),
    ),
    Case("channel.ban", "1", _ban, fail=lambda w: _ban(w, "alice")),
    Case(
        "channel.unban", "1",
        lambda w: helix(w, "DELETE", "moderation/bans", params={
            "broadcaster_id": ids(w)["alice"], "moderator_id": ids(w)["alice"], "user_id": ids(w)["carol"]}),
        setup=_ban,
        fail=lambda w: helix(w, "DELETE", "moderation/bans", params={
            "broadcaster_id": ids(w)["alice"], "moderator_id": ids(w)["alice"], "user_id": ids(w)["dave"]}),
    ),
    Case(
        "channel.moderator.add", "1", lambda w: _role(w, "POST", "moderation/moderators"),
        fail=lambda w: _role(w, "POST", "moderation/moderators", "bob"),
    ),
    Case(
        "channel.moderator.remove", "1", lambda w: _role(w, "DELETE", "moderation/moderators", "bob"),
        fail=lambda w: _role(w, "DELETE", "moderation/moderators", "dave"),
    ),
    Case(
        "channel.vip.add", "1", lambda w: _role(w, "POST", "channels/vips"),
        fail=lambda w: _role(w, "POST", "channels/vips", "bob"),
    ),
    Case(
        "channel.vip.remove", "1", lambda w: _role(w, "DELETE", "channels/vips"),
        setup=lambda w: _role(w, "POST", "channels/vips"),
        fail=lambda w: _role(w, "DELETE", "channels/vips", "erin"),
    ),
    Case(
        "channel.poll.begin", "1", poll,
        fail=lambda w: helix(w, "POST", "polls", json={"broadcaster_id": ids(w)["alice"], "title": "x",
                                                       "choices": [{"title": "A"}], "duration": 60}),
    ),
    Case(
        "channel.poll.progress", "1",
        lambda w: (lambda p: control(w, "/polls/votes", poll_id=p["id"], choice_id=p["choices"][0]["id"]))(poll(w)),
    ),
    Case(
        "channel.poll.end", "1",
        lambda w: helix(w, "PATCH", "polls", json={"broadcaster_id": ids(w)["alice"], "id": poll(w)["id"],
                                                   "status": "TERMINATED"}),
        fail=lambda w: helix(w, "PATCH", "polls", json={"broadcaster_id": ids(w)["alice"], "id": "nope",
                                                        "status": "TERMINATED"}),
    ),
    Case("channel.prediction.begin", "1", prediction),
    Case(
        "channel.prediction.progress", "1",
        lambda w: (lambda p: control(w, "/predictions/bets", prediction_id=p["id"], outcome_id=p["outcomes"][0]["id"],
                                     user_id="erin", channel_points=50))(prediction(w)),
    ),
    Case("channel.prediction.lock", "1", lambda w: _patch_prediction(w, "LOCKED")),
    Case("channel.prediction.end", "1", lambda w: _patch_prediction(w, "RESOLVED", winner=True)),
    Case("channel.channel_points_custom_reward.add", "1", reward),
    Case(
        "channel.channel_points_custom_reward.update", "1",
        lambda w: helix(w, "PATCH", "channel_points/custom_rewards",
                        params={"broadcaster_id": ids(w)["alice"], "id": reward(w)["id"]}, json={"cost": 5}),
    ),
    Case(
        "channel.channel_points_custom_reward.remove", "1",
        lambda w: helix(w, "DELETE", "channel_points/custom_rewards",
                        params={"broadcaster_id": ids(w)["alice"], "id": reward(w)["id"]}),
    ),
    Case(
        "channel.channel_points_custom_reward_redemption.add", "1",
        lambda w: control(w, "/channel_points/redemptions", reward_id=reward(w)["id"], user_id="erin"),
        fail=lambda w: control(w, "/channel_points/redemptions", reward_id="nope", user_id="erin"),
    ),
    Case(
        "channel.channel_points_custom_reward_redemption.update", "1",
        lambda w: (lambda r: helix(w, "PATCH", "channel_points/custom_rewards/redemptions", params={
            "broadcaster_id": ids(w)["alice"], "reward_id": r[0], "id": r[1]}, json={"status": "FULFILLED"}))(
            redemption(w)),
    ),
    Case(
        "channel.chat.notification", "1",
        lambda w: helix(w, "POST", "chat/announcements", json={"message": "Hello"},
                        params={"broadcaster_id": ids(w)["alice"], "moderator_id": ids(w)["alice"]}),
        fail=lambda w: helix(w, "POST", "chat/announcements", json={"message": ""},
                             params={"broadcaster_id": ids(w)["alice"], "moderator_id": ids(w)["alice"]}),
    ),
    Case(
        "stream.online", "1", lambda w: control(w, "/streams", user_id="erin"),
        fail=lambda w: control(w, "/streams", user_id="erin", type="rerun"),
    ),
    Case(
        "stream.offline", "1", lambda w: control(w, "/streams/end", user_id="alice"),
        fail=lambda w: control(w, "/streams/end", user_id="erin"),
    ),
    Case(
        "user.update", "1", lambda w: helix(w, "PUT", "users", params={"description": "New me"}),
        fail=lambda w: helix(w, "PUT", "users", params={"description": "x" * 301}),
    ),
    Case("channel.shoutout.create", "1", _shoutout, fail=lambda w: _shoutout(w, "alice")),
    Case("channel.shoutout.receive", "1", _shoutout, fail=lambda w: _shoutout(w, "nobody")),
    Case(
        "channel.hype_train.begin", "2", _hype,
        fail=lambda w: control(w, "/hypetrain/contributions", broadcaster_id="alice", user_id="bob", kind="x",
                               amount=1),
    ),
    Case("channel.hype_train.progress", "2", _hype, setup=_hype),
    Case(
        "channel.hype_train.end", "2", lambda w: control(w, "/hypetrain/end", broadcaster_id="alice"), setup=_hype,
        fail=lambda w: control(w, "/hypetrain/end", broadcaster_id="bob"),
    ),
    Case(
        "channel.charity_campaign.start", "1",
        lambda w: control(w, "/charity/campaigns", broadcaster_id="alice", target_amount=10000),
        fail=lambda w: control(w, "/charity/campaigns", broadcaster_id="bob"),
    ),
    Case(
        "channel.charity_campaign.donate", "1",
        lambda w: control(w, "/charity/donations", broadcaster_id="alice", user_id="erin", amount=500),
        setup=lambda w: control(w, "/charity/campaigns", broadcaster_id="alice", target_amount=10000),
        fail=lambda w: control(w, "/charity/donations", broadcaster_id="alice", user_id="erin", amount=0),
    ),
    Case(
        "channel.charity_campaign.progress", "1",
        lambda w: control(w, "/charity/donations", broadcaster_id="alice", user_id="erin", amount=500),
        setup=lambda w: control(w, "/charity/campaigns", broadcaster_id="alice"),
    ),
    Case(
        "channel.charity_campaign.stop", "1", lambda w: control(w, "/charity/campaigns/end", broadcaster_id="alice"),
        setup=lambda w: control(w, "/charity/campaigns", broadcaster_id="alice"),
        fail=lambda w: control(w, "/charity/campaigns/end", broadcaster_id="erin"),
    ),
    Case(
        "channel.goal.begin", "1",
        lambda w: control(w, "/goals", broadcaster_id="alice", kind="follower", target_amount=10),
        fail=lambda w: control(w, "/goals", broadcaster_id="alice", kind="nope", target_amount=10),
    ),
    Case(
        "channel.goal.progress", "1", lambda w: control(w, "/follows", user_id="erin", broadcaster_id="alice"),
        setup=lambda w: control(w, "/goals", broadcaster_id="alice", kind="follower", target_amount=10),
        fail=lambda w: control(w, "/follows", user_id="nobody", broadcaster_id="alice"),
    ),
    Case(
        "channel.goal.end", "1",
        lambda w: control(w, "/goals/end", goal_id=control(w, "/goals", broadcaster_id="alice", kind="follower",
                                                           target_amount=1).json()["data"][0]["id"]),
        fail=lambda w: control(w, "/goals/end", goal_id="nope"),
    ),
    Case(
        "channel.ad_break.begin", "1",
        lambda w: helix(w, "POST", "channels/commercial", json={"broadcaster_id": ids(w)["alice"], "length": 30}),
        fail=lambda w: helix(w, "POST", "channels/commercial", json={"broadcaster_id": ids(w)["alice"]}),
    ),
    Case("channel.shield_mode.begin", "1", lambda w: _shield(w, True)),
    Case("channel.shield_mode.end", "1", lambda w: _shield(w, False), setup=lambda w: _shield(w, True)),
    Case("user.authorization.grant", "1", _grant, fail=lambda w: _grant(w, secret="wrong")),
    Case(
        "user.authorization.revoke", "1",
        lambda w: control(w, "/authorizations/revoke", user_id="carol", client_id=CLIENT_ID), setup=_grant,
        fail=lambda w: control(w, "/authorizations/revoke", user_id="dave", client_id=CLIENT_ID),
    ),
]  # fmt: skip


def listen(world: World) -> list[Event]:
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    return heard


def check_schema(event: Event) -> dict[str, Any]:
    """The event as dispatch serialises it, valid against its type's closed schema, times RFC3339."""
    payload = event_json(event)
    jsonschema.validate(payload, SCHEMAS[f"{event.TYPE} v{event.VERSION}"])
    for key, value in payload.items():
        if key.endswith("_at") and value is not None:
            assert RFC3339.fullmatch(value), (key, value)
    return payload


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.type)
def test_the_change_publishes_its_event_once_with_the_documented_payload(world: World, case: Case) -> None:
    partner(world)
    if case.setup is not None:
        case.setup(world)
    heard = listen(world)
    r = case.act(world)
    assert not isinstance(r, httpx.Response) or r.status_code < 300, r.text
    mine = [e for e in heard if case.type == e.TYPE]
    assert len(mine) == 1, [e.TYPE for e in heard]
    assert case.version == mine[0].VERSION
    for event in heard:  # what the change caused besides (a sub's goal progress...) is documented too
        if f"{event.TYPE} v{event.VERSION}" in SCHEMAS:
            check_schema(event)


@pytest.mark.parametrize("case", [c for c in CASES if c.fail is not None], ids=lambda c: c.type)
def test_a_failed_request_publishes_nothing(world: World, case: Case) -> None:
    partner(world)
    if case.setup is not None:
        case.setup(world)
    heard = listen(world)
    assert case.fail is not None
    r = case.fail(world)
    assert 400 <= r.status_code < 500, r.text
    assert heard == []


def test_every_listed_type_has_a_schema_and_a_case() -> None:
    listed = {c.key for c in CASES}
    assert listed <= set(SCHEMAS)
    # channel.chat.message is h-chatmod's (Send Chat Message); every other documented type is covered
    assert set(SCHEMAS) - listed == set()


def test_schemas_are_closed_and_require_every_key() -> None:
    def walk(schema: dict[str, Any]) -> None:
        kinds = schema.get("type")
        if kinds == "object" or (isinstance(kinds, list) and "object" in kinds):
            assert schema["additionalProperties"] is False
            assert schema["required"] == list(schema["properties"])
            for sub in schema["properties"].values():
                walk(sub)
        if kinds == "array" or (isinstance(kinds, list) and "array" in kinds):
            walk(schema["items"])

    for schema in SCHEMAS.values():
        walk(schema)


def _event_classes() -> list[type[Event]]:
    import importlib
    import pkgutil

    import twitch_mock.domain as domain

    for module in pkgutil.iter_modules(domain.__path__):
        importlib.import_module(f"twitch_mock.domain.{module.name}")
    found: dict[str, type[Event]] = {}
    todo = list(Event.__subclasses__())
    while todo:
        kind = todo.pop()
        todo.extend(kind.__subclasses__())
        if kind.TYPE and kind.__module__.startswith("twitch_mock."):  # not the tests' own events
            found[f"{kind.__module__}.{kind.__qualname__}"] = kind
    return list(found.values())


def test_every_event_class_with_a_schema_has_exactly_its_fields() -> None:
    """The audit: each Event dataclass's fields are the documented `event` keys, none more or fewer
    (the dynamic cases above check nesting and types for what they publish)."""
    from dataclasses import fields

    checked = 0
    for kind in _event_classes():
        schema = SCHEMAS.get(f"{kind.TYPE} v{kind.VERSION}")
        if schema is None:
            continue
        assert [f.name for f in fields(kind)] and {f.name for f in fields(kind)} == set(
            schema["properties"]
        ), kind
        checked += 1
    assert checked >= len(SCHEMAS)
