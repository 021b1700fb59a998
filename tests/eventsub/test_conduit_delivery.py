"""A conduit's webhook shard end to end, against a real receiver on 127.0.0.1: Update Conduit
Shards sends the shard its challenge, the answer enables it, notifications go through it signed
with the shard's secret, and when they fail for good the shard is disabled with
`conduit.shard.disabled`."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest
from aiohttp import web
from webhook_receiver import Received, Receiver

from conftest import CLIENT_ID, World
from twitch_mock.domain import conduits
from twitch_mock.domain.conduits import ShardDisabled, ShardUpdate
from twitch_mock.domain.outbox import Event
from twitch_mock.eventsub.runtime import EventSub
from twitch_mock.eventsub.transport import Message, Target, Transport
from twitch_mock.eventsub.webhook import WebhookTransport, check_callback, sign

SECRET = "shard-secret-0123"


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    r = await Receiver().start()
    yield r
    await r.stop()


@dataclass
class Wired:
    """The runtime's own webhook and conduit transports (one retry, 10 ms later), and the
    outcomes the webhook transport reported on subscriptions."""

    webhook: WebhookTransport
    conduit: Transport
    statuses: list[tuple[str, str]]


@pytest.fixture
async def wired(world: World, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Wired]:
    rt = EventSub.of(world.services)
    statuses: list[tuple[str, str]] = []
    reported = rt.webhook.on_status

    def on_status(subscription_id: str, status: str) -> None:
        statuses.append((subscription_id, status))
        reported(subscription_id, status)

    monkeypatch.setattr(rt.webhook, "on_status", on_status)
    monkeypatch.setattr(rt.webhook, "retry_delays", (0.01,))
    yield Wired(rt.webhook, rt.transports["conduit"], statuses)
    await rt.webhook.aclose()


def _notification(n: int) -> Message:
    body = {"subscription": {"id": "sub-1", "transport": {"method": "conduit"}}, "event": {"n": n}}
    return Message("notification", f"m{n}", "2026-12-01T10:00:00.000000000Z", "channel.update", "2", body)


async def test_a_webhook_shard_is_verified_then_carries_notifications_then_fails(
    world: World, receiver: Receiver, wired: Wired
) -> None:
    webhook, conduit, statuses = wired.webhook, wired.conduit, wired.statuses
    events: list[Event] = []
    world.services.outbox.subscribe(events.append)

    async def answer(r: Received) -> web.Response:
        body = json.loads(r.body)
        if "challenge" in body:
            return web.Response(text=body["challenge"])
        return web.Response(status=200 if body["event"]["n"] < 2 else 500)

    receiver.answers["/shard"] = answer
    with world.store.transaction():
        made = conduits.create(world.services, CLIENT_ID, 1)
        update = ShardUpdate("0", "webhook", receiver.url + "/shard", SECRET)
        conduits.update_shards(world.services, CLIENT_ID, made.id, [update], check_callback, lambda s: None)
    await webhook.idle()
    [challenge] = receiver.received
    assert challenge.headers["Twitch-Eventsub-Message-Type"] == "webhook_callback_verification"
    stamp = challenge.headers["Twitch-Eventsub-Message-Timestamp"]
    msg_id = challenge.headers["Twitch-Eventsub-Message-Id"]
    assert challenge.headers["Twitch-Eventsub-Message-Signature"] == sign(
        SECRET, msg_id, stamp, challenge.body
    )
    shard = conduits.shard(world.store.db.conn, made.id, 0)
    assert shard is not None and shard.status == "enabled"

    target = Target("sub-1", "conduit", conduit_id=made.id)
    conduit.deliver(target, _notification(1))
    await webhook.idle()
    assert [json.loads(r.body)["event"] for r in receiver.received[1:]] == [{"n": 1}]
    assert receiver.received[1].headers["Twitch-Eventsub-Message-Signature"].startswith("sha256=")

    conduit.deliver(target, _notification(2))  # answered 500, retried once, then the shard fails
    await webhook.idle()
    assert [r.headers["Twitch-Eventsub-Message-Retry"] for r in receiver.received[2:]] == ["0", "1"]
    shard = conduits.shard(world.store.db.conn, made.id, 0)
    assert shard is not None and shard.status == "notification_failures_exceeded"
    hook = {"method": "webhook", "callback": receiver.url + "/shard"}
    assert [e for e in events if isinstance(e, ShardDisabled)] == [
        ShardDisabled(made.id, "0", "notification_failures_exceeded", hook, CLIENT_ID)
    ]
    assert statuses == []  # the subscription itself is untouched: its shard failed
    conduit.deliver(target, _notification(3))  # no enabled shard left
    await webhook.idle()
    assert len(receiver.received) == 4


async def test_a_shard_that_fails_its_challenge_is_disabled(
    world: World, receiver: Receiver, wired: Wired
) -> None:
    webhook = wired.webhook

    async def wrong(r: Received) -> web.Response:
        return web.Response(text="nope")

    receiver.answers["/shard"] = wrong
    with world.store.transaction():
        made = conduits.create(world.services, CLIENT_ID, 1)
        update = ShardUpdate("0", "webhook", receiver.url + "/shard", SECRET)
        conduits.update_shards(world.services, CLIENT_ID, made.id, [update], check_callback, lambda s: None)
    await webhook.idle()
    shard = conduits.shard(world.store.db.conn, made.id, 0)
    assert shard is not None and shard.status == "webhook_callback_verification_failed"
    assert len(receiver.received) == 1  # one challenge


async def _two_shards(
    world: World, receiver: Receiver, wired: Wired, second: str
) -> tuple[WebhookTransport, Transport, str]:
    """A conduit whose shard 0 (/one) answers notifications 500 and shard 1 answers `second`."""
    webhook, conduit = wired.webhook, wired.conduit

    def answering(status: int) -> Callable[[Received], Awaitable[web.Response]]:
        async def answer(r: Received) -> web.Response:
            body = json.loads(r.body)
            return (
                web.Response(text=body["challenge"]) if "challenge" in body else web.Response(status=status)
            )

        return answer

    receiver.answers["/one"], receiver.answers["/two"] = answering(500), answering(int(second))
    with world.store.transaction():
        made = conduits.create(world.services, CLIENT_ID, 2)
        updates = [
            ShardUpdate(str(n), "webhook", f"{receiver.url}/{p}", SECRET)
            for n, p in enumerate(("one", "two"))
        ]
        conduits.update_shards(world.services, CLIENT_ID, made.id, updates, check_callback, lambda s: None)
    await webhook.idle()
    assert len(receiver.received) == 2  # one challenge each
    receiver.received.clear()
    return webhook, conduit, made.id


def _sent(receiver: Receiver) -> list[tuple[str, str]]:
    return [(r.path, r.headers["Twitch-Eventsub-Message-Id"]) for r in receiver.received]


async def test_a_notification_that_fails_on_one_shard_is_tried_on_another(
    world: World, receiver: Receiver, wired: Wired
) -> None:
    webhook, conduit, conduit_id = await _two_shards(world, receiver, wired, "204")
    target = Target("sub-1", "conduit", conduit_id=conduit_id)
    conduit.deliver(target, _notification(1))  # round robin starts at shard 0, which fails
    await webhook.idle()
    conduit.deliver(target, _notification(2))  # only shard 1 is left
    await webhook.idle()
    assert _sent(receiver) == [("/one", "m1"), ("/one", "m1"), ("/two", "m1"), ("/two", "m2")]
    assert [s.shard_id for s in conduits.enabled_shards(world.store.db.conn, conduit_id)] == [1]


async def test_it_is_tried_on_one_other_shard_only(world: World, receiver: Receiver, wired: Wired) -> None:
    webhook, conduit, conduit_id = await _two_shards(world, receiver, wired, "500")
    conduit.deliver(Target("sub-1", "conduit", conduit_id=conduit_id), _notification(1))
    await webhook.idle()
    assert _sent(receiver) == [("/one", "m1"), ("/one", "m1"), ("/two", "m1"), ("/two", "m1")]
    assert conduits.enabled_shards(world.store.db.conn, conduit_id) == []
