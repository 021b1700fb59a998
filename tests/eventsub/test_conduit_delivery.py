"""A conduit's webhook shard end to end, against a real receiver on 127.0.0.1: Update Conduit
Shards sends the shard its challenge, the answer enables it, notifications go through it signed
with the shard's secret, and when they fail for good the shard is disabled with
`conduit.shard.disabled`."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from webhook_receiver import Received, Receiver

from conftest import CLIENT_ID, World
from twitch_mock.domain import conduits
from twitch_mock.domain.conduits import ShardDisabled, ShardUpdate
from twitch_mock.domain.outbox import Event
from twitch_mock.eventsub.conduits import ConduitTransport
from twitch_mock.eventsub.transport import Message, Target, Transport
from twitch_mock.eventsub.webhook import WebhookTransport, check_callback, sign

SECRET = "shard-secret-0123"


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    r = await Receiver().start()
    yield r
    await r.stop()


def _notification(n: int) -> Message:
    body = {"subscription": {"id": "sub-1", "transport": {"method": "conduit"}}, "event": {"n": n}}
    return Message("notification", f"m{n}", "2026-12-01T10:00:00.000000000Z", "channel.update", "2", body)


async def test_a_webhook_shard_is_verified_then_carries_notifications_then_fails(
    world: World, receiver: Receiver
) -> None:
    statuses: list[tuple[str, str]] = []
    webhook = WebhookTransport(world.services, lambda s, st: statuses.append((s, st)), retry_delays=(0.01,))
    transports: dict[str, Transport] = {"webhook": webhook}
    conduit = ConduitTransport(world.services, transports)
    transports["conduit"] = conduit
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
    await webhook.aclose()
    conduit.unsubscribe()


async def test_a_shard_that_fails_its_challenge_is_disabled(world: World, receiver: Receiver) -> None:
    webhook = WebhookTransport(world.services, lambda s, st: None)
    conduit = ConduitTransport(world.services, {"webhook": webhook})

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
    await webhook.aclose()
    conduit.unsubscribe()
