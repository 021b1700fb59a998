"""The EventSub runtime of one mock instance: the transports (`transports[method]`), the outbox
subscriber that dispatches committed events, the messages built for each subscription, status
changes with their revocations, and the controls the control API exposes (reconnect, close,
subscription status, keepalive).

One runtime per `Services` (`EventSub.of(services)`): the app creates it, the subscriptions API
and the transports reach it through their services."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from twitch_mock.domain import conduits
from twitch_mock.domain import eventsub as store
from twitch_mock.domain.eventsub import GrantsChanged, Subscription, SubscriptionCreated
from twitch_mock.domain.outbox import Event, WorldReset
from twitch_mock.domain.services import Services
from twitch_mock.eventsub.dispatch import Fanout, dispatch
from twitch_mock.eventsub.pacing import Pacer
from twitch_mock.eventsub.transport import Message, MessageType, Target, Transport, timestamp
from twitch_mock.eventsub.types import spec
from twitch_mock.eventsub.webhook import WebhookTransport

log = logging.getLogger("twitch_mock")

# statuses Twitch reports with a `revocation` message (eventsub.md b.2, c.6)
REVOKING = frozenset(
    {
        "authorization_revoked",
        "user_removed",
        "version_removed",
        "notification_failures_exceeded",
        "moderator_removed",
        "chat_user_banned",
        "beta_maintenance",
    }
)

# id(services) -> its runtime, held weakly: the runtime lives as long as its services do (their
# outbox and clock hold it), and a reused id is told apart by `runtime.services is services`
_RUNTIMES: weakref.WeakValueDictionary[int, EventSub] = weakref.WeakValueDictionary()

Delivery = Callable[[Target, Message], None]
MATCHING_MAX = 1000  # event keys whose subscribers are remembered at once (see `matching`)


@dataclass(frozen=True, slots=True)
class Recipient:
    """An enabled subscription as dispatch uses it: where its messages go, its subscription object
    as messages carry it, and the start of a notification's JSON body (both made once)."""

    sub: Subscription
    target: Target
    json: dict[str, Any]  # shared by the bodies of its messages: read-only
    head: bytes  # b'{"subscription":{...},"event":'

    @classmethod
    def of(cls, sub: Subscription) -> Recipient:
        shown = sub.to_json(full=False)
        return cls(sub, target_of(sub), shown, b'{"subscription":' + orjson.dumps(shown) + b',"event":')


def target_of(sub: Subscription) -> Target:
    """Where a subscription's messages go, as stored."""
    return Target(sub.id, sub.method, sub.session_id, sub.callback, sub.secret, sub.conduit_id)  # type: ignore[arg-type]


class EventSub:
    def __init__(self, services: Services) -> None:
        from twitch_mock.eventsub.conduits import ConduitTransport
        from twitch_mock.eventsub.websocket import WebSocketTransport

        self.services = services
        self.transports: dict[str, Transport] = {}
        # es-hooks' conduits answer whether a client owns a conduit; None: any id is accepted
        self.conduit_exists: Callable[[str, str], bool] | None = None
        self.listeners: list[Delivery] = []  # hear every message handed to a transport
        # the latest messages handed to transports, for `wait_for` (MockTwitch.wait_for_delivery)
        self.delivered: deque[tuple[Target, Message]] = deque(maxlen=1000)
        self._delivered_changed = threading.Condition()
        # (type, version) of the enabled subscriptions, the recipients of each event key, and
        # when those were read (see `matching`)
        self._kinds: frozenset[tuple[str, str]] = frozenset()
        self._matching: dict[tuple[str, str, tuple[str, ...]], list[Recipient]] = {}
        self._kinds_read: object = None
        # the app counts its requests here; while others are in flight, events wait in `backlog`
        # for the pump to make their messages, and every delivery step waits for a turn
        self.pacer = Pacer()
        self.backlog: deque[Fanout | Sequence[tuple[Target, Message]]] = deque()
        self._pump: asyncio.Task[None] | None = None
        self.websocket = WebSocketTransport(services, self)
        self.register(self.websocket)
        self.webhook = WebhookTransport(services, self._webhook_status, pacer=self.pacer)
        self.register(self.webhook)
        self.register(ConduitTransport(services, self.transports))
        self.conduit_exists = lambda client_id, conduit_id: (
            conduits.conduit_owner(services.conn, conduit_id) == client_id
        )
        self.websocket.session_closed.append(self._session_closed)
        services.outbox.subscribe(self.on_event)
        services.store.auth.revoked.append(self._tokens_deleted)
        services.clock.listeners.append(self.websocket.on_advance)

    @classmethod
    def of(cls, services: Services) -> EventSub:
        """The runtime of these services, made the first time it is asked for."""
        found = _RUNTIMES.get(id(services))
        if found is None or found.services is not services:
            found = cls(services)
            _RUNTIMES[id(services)] = found
        return found

    def register(self, transport: Transport) -> None:
        self.transports[transport.method] = transport

    # --- messages ------------------------------------------------------------------------------

    def message(
        self, kind: MessageType, sub: Subscription, body: dict[str, Any], stamp: str | None = None
    ) -> Message:
        """`stamp`: the message's timestamp when the caller made it (one per event, for all of its
        subscriptions), else now on the mock's clock."""
        return Message(
            type=kind,
            message_id=self.services.ids.ordered_guid(),
            timestamp=stamp if stamp is not None else timestamp(self.services.clock.now()),
            subscription_type=sub.type,
            subscription_version=sub.version,
            body=body,
        )

    def send(self, sub: Subscription, message: Message) -> None:
        """Hand a message to the subscription's transport (dropped when none is registered)."""
        self.hand(target_of(sub), message)

    def hand(self, target: Target, message: Message) -> None:
        """Hand a message to the target's transport, seen by `wait_for`, the dashboard and the
        listeners (a subscription's delivery, or a frame `event trigger -T websocket` forwards)."""
        self.hand_all(((target, message),))

    def hand_all(self, messages: Sequence[tuple[Target, Message]]) -> None:
        """`hand` for the messages of one event, in order (`wait_for` is woken once); behind the
        events still queued for the pump, if any (a revocation never overtakes a notification)."""
        if self.backlog and self._queue(messages):
            return
        self._handed(messages)

    def _handed(self, messages: Sequence[tuple[Target, Message]]) -> None:
        with self._delivered_changed:
            self.delivered.extend(messages)
            self._delivered_changed.notify_all()
        self.services.deliveries.extend(
            (
                message.timestamp,
                message.type,
                message.subscription_type,
                message.subscription_version,
                target.subscription_id,
                target.method,
                target.session_id or target.callback or target.conduit_id or "",
            )
            for target, message in messages
        )
        listeners = list(self.listeners)
        transports = self.transports
        for target, message in messages:
            for listener in listeners:
                listener(target, message)
            transport = transports.get(target.method)
            if transport is None:
                continue
            try:
                transport.deliver(target, message)
            except Exception:
                log.exception("EventSub transport %s failed on %s", target.method, message.type)

    def fan_out(self, fanout: Fanout) -> int:
        """Hand an event's messages to the transports now, or, while other requests are in flight
        (the one that made the event counts one) or earlier events still wait, queue it for the
        pump: messages go out in the order their events happened. How many subscriptions it
        reaches."""
        if (self.backlog or self.pacer.inflight > 1) and self._queue(fanout):
            return len(fanout.recipients)
        messages = fanout.messages(self)
        self._handed(messages)
        return len(messages)

    def _queue(self, item: Fanout | Sequence[tuple[Target, Message]]) -> bool:
        """Queue an event (or messages already made) for the pump; False off the loop the app's
        requests run on (a test's own thread or loop), where the caller hands them over now."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        if loop is not self.pacer.server_loop:
            return False
        self.backlog.append(item)
        if self._pump is None or self._pump.done():
            self._pump = loop.create_task(self._pumping())
        return True

    async def _pumping(self) -> None:
        """Make the queued events' messages, one event a turn (eventsub/pacing.py); when no request
        is in flight one an iteration of the loop, so a long backlog never holds it."""
        while self.backlog:
            if self.pacer.busy:
                await self.pacer.turn()
            else:
                await asyncio.sleep(0)
            if not self.backlog:  # a world reset emptied it
                break
            item = self.backlog.popleft()
            try:
                self._handed(item.messages(self) if isinstance(item, Fanout) else item)
            except Exception:
                log.exception("EventSub delivery from the backlog failed")

    def wait_for(
        self, subscription_type: str, timeout: float = 5.0, message_type: str = "notification"
    ) -> tuple[Target, Message] | None:
        """The oldest message of that subscription type (and message type) handed to a transport
        and not yet taken, waiting up to `timeout` seconds of real time for one (any thread but
        the server's); None when none came."""
        deadline = time.monotonic() + timeout
        with self._delivered_changed:
            while True:
                for n, (target, message) in enumerate(self.delivered):
                    if message.subscription_type == subscription_type and message.type == message_type:
                        del self.delivered[n]
                        return target, message
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._delivered_changed.wait(remaining)

    def session_connected_at(self, session_id: str) -> str | None:
        """When a live WebSocket session connected (None: not connected), for the Conduits API:
        a session that is given a conduit shard counts as used from then on (no 4003)."""
        session = self.websocket.live(session_id)
        if session is None:
            return None
        session.subscribed = True
        return session.connected_at

    def _webhook_status(self, subscription_id: str, status: str) -> None:
        """The webhook transport's outcome for a subscription (a conduit shard's challenge has no
        subscription: the shard's status is the transport's own business)."""
        if subscription_id:
            self.set_status(subscription_id, status)

    def _session_closed(self, session_id: str, status: str) -> None:
        """A WebSocket session ended: conduit shards on it are disabled with the same status."""
        shard_status = status if status in conduits.DISABLED else conduits.DISCONNECTED
        with self.services.store.transaction():
            conduits.shard_disconnected(self.services, session_id, shard_status)

    # --- status --------------------------------------------------------------------------------

    def set_status(self, subscription_id: str, status: str) -> bool:
        """A subscription's status changes (the webhook transport: "enabled" after the challenge,
        "webhook_callback_verification_failed", "notification_failures_exceeded"); a revoking
        status sends the `revocation` message. False when the subscription is unknown."""
        if status not in store.STATUSES:
            raise ValueError(f"not a subscription status: {status}")
        with self.services.store.transaction() as conn:
            sub = store.get(conn, subscription_id)
            if sub is None:
                return False
            store.set_status(conn, subscription_id, status)
        if status in REVOKING and sub.status in store.LIVE:
            body = {"subscription": sub.to_json(full=False, status=status)}
            self.send(sub, self.message("revocation", sub, body))
        return True

    def revoke(self, sub: Subscription, status: str) -> None:
        self.set_status(sub.id, status)

    def user_removed(self, user_id: str) -> int:
        """A user is gone: every live subscription naming them is revoked (`user_removed`)."""
        subs = store.naming_user(self.services.conn, user_id)
        for sub in subs:
            self.revoke(sub, "user_removed")
        return len(subs)

    # --- the outbox ----------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        if isinstance(event, WorldReset):
            self.backlog.clear()  # the old world's events are not sent
            with self._delivered_changed:
                self.delivered.clear()
            self.websocket.world_reset()
        elif isinstance(event, SubscriptionCreated):
            self._created(event.subscription_id)
        elif isinstance(event, GrantsChanged):
            self._check_grants(event.client_id, event.user_id)
        elif not event.TYPE.startswith("mock."):
            dispatch(self, event)
            if event.TYPE == "channel.moderator.remove":
                self._moderator_removed(
                    getattr(event, "broadcaster_user_id", ""), getattr(event, "user_id", "")
                )

    def matching(self, type_: str, version: str, keys: Callable[[], Iterable[str]]) -> list[Recipient]:
        """The enabled subscriptions of a type and version whose condition key is one of `keys()`,
        remembered until the table changes: an event nobody subscribed to costs no query and
        no keys, one of a key heard before no query. Read again after any write to the table in
        this process (domain.eventsub.writes) and whenever Database.epoch() moves (another
        connection, a restore, a wipe, a rollback): one look at both an event."""
        self._read()
        if (type_, version) not in self._kinds:
            return []
        key = (type_, version, tuple(keys()))
        found = self._matching.get(key)
        if found is None:
            if len(self._matching) >= MATCHING_MAX:
                self._matching.clear()
            subs = store.matching(self.services.conn, type_, version, key[2])
            found = self._matching[key] = [Recipient.of(sub) for sub in subs]
        return found

    def _read(self) -> None:
        read = (self.services.store.db.epoch(), store.writes())
        if read != self._kinds_read:
            self._kinds = store.enabled_kinds(self.services.conn)
            self._matching.clear()
            self._kinds_read = read

    def _created(self, subscription_id: str) -> None:
        sub = store.get(self.services.conn, subscription_id)
        if sub is None or sub.status != store.PENDING:
            return
        body = {"subscription": sub.to_json(full=False), "challenge": self.services.ids.secret(40)}
        self.send(sub, self.message("webhook_callback_verification", sub, body))

    def _moderator_removed(self, broadcaster_id: str, user_id: str) -> None:
        """A moderator lost the role: subscriptions they authorized on that channel are revoked."""
        for sub in store.naming_user(self.services.conn, user_id):
            found = spec(sub.type)
            if found is None or not found.mod:
                continue
            condition = sub.condition
            if (
                condition.get("moderator_user_id") == user_id
                and condition.get("broadcaster_user_id") == broadcaster_id
            ):
                self.revoke(sub, "moderator_removed")

    def _tokens_deleted(self, client_id: str, user_id: str) -> None:
        self.services.publish(GrantsChanged(client_id, user_id))

    def _check_grants(self, client_id: str, user_id: str) -> None:
        """Tokens of (client, user) went away: subscriptions whose scopes are no longer granted
        are revoked (`authorization_revoked`)."""
        from twitch_mock.eventsub.authorization import still_authorized

        for sub in store.of_user(self.services.conn, client_id, user_id):
            found = spec(sub.type)
            if found is not None and not still_authorized(self.services, found, sub):
                self.revoke(sub, "authorization_revoked")
