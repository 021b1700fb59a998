"""The Conduits API (dev.twitch.tv/docs/api/reference/#create-conduits ... #update-conduit-shards),
served under /helix and /mock like Helix, app token only; and the `conduit` transport, which hands
each message of a conduit subscription to one enabled shard of the conduit (round robin), through
that shard's own transport (webhook or websocket, looked up in the transports registry when the
message goes out).

A shard given a webhook callback is sent a `webhook_callback_verification` challenge after the
request commits; its answer makes the shard `enabled` or `webhook_callback_verification_failed`.
A webhook shard whose notifications fail for good becomes `notification_failures_exceeded`; a
websocket shard whose session closes becomes `websocket_disconnected` (`shard_disconnected`, which
the websocket transport calls). Both publish `conduit.shard.disabled`; a notification that failed
on a webhook shard is then tried once on another enabled shard, as Twitch does."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import conduits
from twitch_mock.domain.conduits import MAX_SHARD_UPDATES, STATUSES, ShardUpdate, ShardWebhookAssigned
from twitch_mock.domain.outbox import Event, WorldReset
from twitch_mock.domain.services import Services
from twitch_mock.eventsub.runtime import EventSub
from twitch_mock.eventsub.transport import Message, Target, Transport, timestamp
from twitch_mock.eventsub.webhook import WebhookTransport, check_callback
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Api, Auth, Endpoint, ErrorStyle
from twitch_mock.http.results import Data, NoContent, Page

log = logging.getLogger("twitch_mock")

ID_REQUIRED = "The id query parameter is required."  # Twitch's text, for the body's `id` too
SessionLookup = Callable[[str], str | None]
MAX_RETRIED = 10_000  # message ids remembered as already tried on a second shard


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateConduitsBody:
    shard_count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateConduitsBody:
    id: str | None = None
    shard_count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class IdQuery:
    id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ShardsQuery:
    conduit_id: str
    status: str | None = rule(None, choices=STATUSES)


@dataclass(frozen=True, slots=True, kw_only=True)
class ShardTransportBody:
    method: str | None = None
    callback: str | None = None
    secret: str | None = None
    session_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ShardBody:
    id: str
    transport: ShardTransportBody


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateShardsBody:
    conduit_id: str = rule(not_empty=True)
    shards: list[ShardBody] = rule(max_items=MAX_SHARD_UPDATES)


def _client(ctx: Ctx) -> str:
    assert ctx.token is not None  # app token endpoints
    return ctx.token.client_id


def _sessions(ctx: Ctx) -> SessionLookup:
    """When a WebSocket session connected (None: it is not connected): the EventSub runtime's."""
    return EventSub.of(ctx.services).session_connected_at


def create_conduits(ctx: Ctx) -> Data:
    body = ctx.parse(CreateConduitsBody)
    return Data([conduits.create(ctx.services, _client(ctx), body.shard_count)])


def get_conduits(ctx: Ctx) -> Data:
    return Data(conduits.conduits(ctx.conn, _client(ctx)))


def update_conduits(ctx: Ctx) -> Data:
    body = ctx.parse(UpdateConduitsBody)
    if not body.id:
        raise BadRequest(ID_REQUIRED)
    return Data([conduits.update(ctx.services, _client(ctx), body.id, body.shard_count)])


def delete_conduit(ctx: Ctx) -> NoContent:
    query = ctx.parse_query(IdQuery)
    if not query.id:
        raise BadRequest(ID_REQUIRED)
    conduits.delete(ctx.services, _client(ctx), query.id)
    return NoContent()


def get_conduit_shards(ctx: Ctx) -> Page:
    query = ctx.parse_query(ShardsQuery)
    return Page(conduits.shards(ctx.conn, _client(ctx), query.conduit_id, ctx.window, query.status))


def update_conduit_shards(ctx: Ctx) -> Data:
    body = ctx.parse(UpdateShardsBody)
    updates = [
        ShardUpdate(
            s.id, s.transport.method, s.transport.callback, s.transport.secret, s.transport.session_id
        )
        for s in body.shards
    ]
    done, errors = conduits.update_shards(
        ctx.services, _client(ctx), body.conduit_id, updates, check_callback, _sessions(ctx)
    )
    return Data(done, {"errors": errors}, status=202)


ENDPOINTS = (
    Endpoint("POST", "/eventsub/conduits", create_conduits, auth=Auth.APP),
    Endpoint("GET", "/eventsub/conduits", get_conduits, auth=Auth.APP),
    Endpoint("PATCH", "/eventsub/conduits", update_conduits, auth=Auth.APP),
    Endpoint("DELETE", "/eventsub/conduits", delete_conduit, auth=Auth.APP),
    Endpoint("GET", "/eventsub/conduits/shards", get_conduit_shards, auth=Auth.APP, first=(20, 100)),
    Endpoint("PATCH", "/eventsub/conduits/shards", update_conduit_shards, auth=Auth.APP),
)

CONDUITS = Api(
    name="conduits",
    prefixes=("/helix", "/mock"),
    endpoints=ENDPOINTS,
    errors=ErrorStyle.HELIX,
    helix_auth=True,
    rate_limited=True,
)


class ConduitTransport:
    """Transport method "conduit" (see the module docstring). Listens to the outbox for shards
    that were given a webhook callback, and sends each its challenge."""

    method = "conduit"

    def __init__(self, services: Services, transports: Mapping[str, Transport]) -> None:
        self.services = services
        self.transports = transports
        self._turn: dict[str, int] = {}  # conduit id -> deliveries so far (round robin)
        self._retried: OrderedDict[str, None] = OrderedDict()  # message ids tried on a second shard
        self.unsubscribe = services.outbox.subscribe(self._heard)  # call it to stop hearing the outbox

    def deliver(self, target: Target, message: Message) -> None:
        if target.conduit_id is None:
            log.warning("conduit subscription %s has no conduit", target.subscription_id)
            return
        shards = conduits.enabled_shards(self.services.conn, target.conduit_id)
        if not shards:
            log.info(
                "conduit %s has no enabled shard: message %s dropped", target.conduit_id, message.message_id
            )
            return
        turn = self._turn.get(target.conduit_id, 0)
        self._turn[target.conduit_id] = turn + 1
        shard = shards[turn % len(shards)]
        method = shard.method or "websocket"
        transport = self.transports.get(method)
        if transport is None:
            log.warning("no %s transport for conduit %s shard %s", method, target.conduit_id, shard.shard_id)
            return
        via = Target(
            target.subscription_id, "webhook" if method == "webhook" else "websocket",
            session_id=shard.session_id, callback=shard.callback, secret=shard.secret,
            conduit_id=target.conduit_id, shard_id=str(shard.shard_id),
        )  # fmt: skip
        if isinstance(transport, WebhookTransport) and transport.on_shard_failure is None:
            transport.on_shard_failure = self._elsewhere
        transport.deliver(via, message)

    def _elsewhere(self, failed: Target, message: Message) -> None:
        """A notification failed for good on a webhook shard (now disabled): Twitch tries it once
        on another shard."""
        if failed.conduit_id is None or message.type != "notification" or message.message_id in self._retried:
            return
        self._retried[message.message_id] = None
        while len(self._retried) > MAX_RETRIED:
            self._retried.popitem(last=False)
        self.deliver(Target(failed.subscription_id, "conduit", conduit_id=failed.conduit_id), message)

    def shard_disconnected(self, session_id: str, status: str = conduits.DISCONNECTED) -> int:
        """The websocket transport's report that a session closed (see domain/conduits.py)."""
        return shard_disconnected(self.services, session_id, status)

    def _heard(self, event: Event) -> None:
        if isinstance(event, WorldReset):
            self._turn.clear()
        elif isinstance(event, ShardWebhookAssigned):
            webhook = self.transports.get("webhook")
            if webhook is not None:
                webhook.deliver(_challenge_target(event), shard_challenge(self.services, event))


def shard_disconnected(services: Services, session_id: str, status: str = conduits.DISCONNECTED) -> int:
    """Every enabled shard on the WebSocket session becomes `status` (publishing
    `conduit.shard.disabled`), in its own transaction. How many shards."""
    with services.store.transaction():
        return conduits.shard_disconnected(services, session_id, status)


def _challenge_target(event: ShardWebhookAssigned) -> Target:
    return Target(
        "", "webhook", callback=event.callback, secret=event.secret, conduit_id=event.conduit_id,
        shard_id=event.shard_id,
    )  # fmt: skip


def shard_challenge(services: Services, event: ShardWebhookAssigned) -> Message:
    """The challenge a webhook shard gets. Twitch does not document its `subscription` object; this
    one describes the shard (its conduit and id) in the shape of a pending subscription."""
    now = timestamp(services.clock.now())
    subscription = {
        "id": "",
        "status": conduits.PENDING,
        "type": "conduit.shard",
        "version": "1",
        "cost": 0,
        "condition": {"conduit_id": event.conduit_id, "shard_id": event.shard_id},
        "transport": {"method": "webhook", "callback": event.callback},
        "created_at": now,
    }
    body = {"challenge": services.ids.guid(), "subscription": subscription}
    return Message("webhook_callback_verification", services.ids.guid(), now, "conduit.shard", "1", body)
