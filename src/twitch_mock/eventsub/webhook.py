"""EventSub's webhook transport (dev.twitch.tv/docs/eventsub/handling-webhook-events): every
message is an HTTP POST of its JSON body to the subscription's callback, with the
`Twitch-Eventsub-*` headers and an HMAC-SHA256 signature over message id + timestamp + the exact
body bytes sent.

- `webhook_callback_verification`: the callback must answer 2xx with the challenge as the whole
  body; the subscription then becomes `enabled`, otherwise `webhook_callback_verification_failed`.
- `notification`: a non-2xx answer, a timeout or a refused connection is retried with the same
  message id, a higher `Message-Retry` and a fresh timestamp, after each of `retry_delays`; when
  the last try fails the subscription becomes `notification_failures_exceeded` and hears nothing
  more. A retry falls due after its delay of wall time, or as soon as the mock's clock is advanced
  past it.
- `revocation`: sent like a notification; its outcome changes nothing.

A target with a `shard_id` is a conduit's webhook shard (the conduit transport hands it over):
outcomes then change the shard in the store (domain/conduits.py) instead of the subscription.
A world reset drops the messages not yet sent and forgets failed subscriptions.

Outcomes are reported through `on_status(subscription_id, status)`, on the event loop's thread.
`deliver` only queues: each callback URL has its own worker task (its messages go out in order, and
a dead or slow callback delays no other) holding one connection to it while it has messages to send
(eventsub/callbacks.py), and a semaphore bounds the POSTs in flight. While HTTP requests are in
flight each POST but a challenge waits for its turn (eventsub/pacing.py).

Unlike Twitch, a callback on a loopback host may be `http://` on any port (local test receivers
have no certificate); an `https://` loopback callback is sent over plain HTTP (`plain_loopback`),
as pyTwitchAPI's and twurple's listeners serve plain HTTP behind the https URL they register.
Anywhere else Twitch's rule holds: https on port 443."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from twitch_mock.domain import conduits
from twitch_mock.domain.outbox import Event, WorldReset
from twitch_mock.domain.services import Services
from twitch_mock.eventsub.callbacks import Attempt, Link
from twitch_mock.eventsub.pacing import Pacer
from twitch_mock.eventsub.transport import Message, Target, timestamp

log = logging.getLogger("twitch_mock")

# Twitch's message for a callback that is not https on 443 (seen in the wild, pyTwitchAPI #98)
BAD_CALLBACK = "callback must provide valid https callback with standard port in creation request"
RETRY_DELAYS = (1.0, 4.0, 15.0, 60.0)  # seconds before each retry: 5 tries within a few minutes
TIMEOUT = 5.0  # seconds a callback has to answer (Twitch: "a few seconds")
MAX_IN_FLIGHT = 64  # POSTs in flight at once, over every callback
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})

OnStatus = Callable[[str, str], None]

ENABLED = "enabled"
VERIFICATION_FAILED = "webhook_callback_verification_failed"
FAILURES_EXCEEDED = "notification_failures_exceeded"


def sign(secret: str, message_id: str, timestamp: str, body: bytes) -> str:
    """The `Twitch-Eventsub-Message-Signature` header value of a message."""
    digest = hmac.new(secret.encode(), message_id.encode() + timestamp.encode() + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def headers(message: Message, secret: str | None, body: bytes, retry: int = 0) -> dict[str, str]:
    """Every header Twitch sends with a webhook message; the signature only with a secret."""
    sent = {
        "Content-Type": "application/json",
        "Twitch-Eventsub-Message-Id": message.message_id,
        "Twitch-Eventsub-Message-Retry": str(retry),
        "Twitch-Eventsub-Message-Type": message.type,
        "Twitch-Eventsub-Message-Timestamp": message.timestamp,
        "Twitch-Eventsub-Subscription-Type": message.subscription_type,
        "Twitch-Eventsub-Subscription-Version": message.subscription_version,
    }
    if secret is not None:
        sent["Twitch-Eventsub-Message-Signature"] = sign(secret, message.message_id, message.timestamp, body)
    return sent


def is_loopback(host: str) -> bool:
    host = host.lower().rstrip(".")
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_callback(url: str) -> str | None:
    """Why Create (or Update Conduit Shards) refuses this callback, or None when it is fine:
    https on port 443, or any http(s) port on a loopback host."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return BAD_CALLBACK
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return BAD_CALLBACK
    if is_loopback(parts.hostname):
        return None
    if parts.scheme != "https" or port not in (None, 443):
        return BAD_CALLBACK
    return None


def wire_url(url: str, plain_loopback: bool = True) -> str:
    """The URL actually POSTed to: an https loopback callback over plain HTTP (same port, 443 when
    the URL names none) when `plain_loopback`."""
    parts = urlsplit(url)
    if not plain_loopback or parts.scheme != "https" or not is_loopback(parts.hostname or ""):
        return url
    netloc = parts.netloc if parts.port is not None else f"{parts.netloc}:443"
    return urlunsplit(("http", netloc, parts.path, parts.query, parts.fragment))


@dataclass(slots=True)
class _Job:
    target: Target
    message: Message


@dataclass(slots=True)
class _Worker:
    queue: asyncio.Queue[_Job]
    task: asyncio.Task[None] | None = None
    jobs: int = 0
    link: Link = field(default_factory=Link)  # open while the queue has messages


@dataclass(slots=True)
class _LoopState:
    loop: asyncio.AbstractEventLoop
    limit: asyncio.Semaphore
    workers: dict[str, _Worker] = field(default_factory=dict)
    sleepers: list[tuple[float, asyncio.Event]] = field(default_factory=list)  # retries waiting


class WebhookTransport:
    """Transport method "webhook" (see the module docstring)."""

    method = "webhook"

    def __init__(
        self,
        services: Services,
        on_status: OnStatus,
        *,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        timeout: float = TIMEOUT,
        max_in_flight: int = MAX_IN_FLIGHT,
        plain_loopback: bool = True,
        pacer: Pacer | None = None,
    ) -> None:
        self.services = services
        self.pacer = pacer if pacer is not None else Pacer()  # its POSTs yield to the API
        self.on_status = on_status
        self.retry_delays = tuple(retry_delays)
        self.timeout = timeout
        self.max_in_flight = max_in_flight
        self.plain_loopback = plain_loopback
        self.failed: set[str] = set()  # subscriptions whose notifications failed for good
        self._state: _LoopState | None = None
        self._generation = 0  # worlds reset so far: a retry of an older world's message stops
        self._unsubscribe = services.outbox.subscribe(self._heard)
        services.clock.listeners.append(self._clock_moved)
        # told of a notification that failed for good on a conduit's shard (after the shard is
        # disabled), so the conduit transport can try it once on another shard
        self.on_shard_failure: Callable[[Target, Message], None] | None = None

    # --- the Transport seam ---------------------------------------------------------------

    def deliver(self, target: Target, message: Message) -> None:
        if not target.callback:
            log.warning("webhook subscription %s has no callback", target.subscription_id)
            return
        if message.type == "notification" and self._failed(target):
            return
        try:
            state = self._loop_state()
        except RuntimeError:
            log.warning("no event loop runs: webhook message %s dropped", message.message_id)
            return
        worker = state.workers.get(target.callback)
        if worker is None:
            worker = state.workers[target.callback] = _Worker(asyncio.Queue())
        worker.queue.put_nowait(_Job(target, message))
        worker.jobs += 1
        if worker.task is None or worker.task.done():
            worker.task = state.loop.create_task(self._work(state, target.callback, worker))

    # --- running ------------------------------------------------------------------------

    async def idle(self) -> None:
        """Wait until every queued message has been sent (its retries included)."""
        state = self._state
        while state is not None and any(w.jobs for w in state.workers.values()):
            await asyncio.gather(*(w.queue.join() for w in list(state.workers.values())))

    async def aclose(self) -> None:
        """Stop every worker and close its connection (queued messages are dropped)."""
        state, self._state = self._state, None
        if state is None:
            return
        tasks = [w.task for w in state.workers.values() if w.task is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for worker in state.workers.values():
            worker.link.close()

    @property
    def retries_waiting(self) -> int:
        """Messages waiting for their next try."""
        return 0 if self._state is None else len(self._state.sleepers)

    def unsubscribe(self) -> None:
        """Stop hearing the outbox and the clock (the transport is being thrown away)."""
        self._unsubscribe()
        if self._clock_moved in self.services.clock.listeners:
            self.services.clock.listeners.remove(self._clock_moved)

    def _heard(self, event: Event) -> None:
        if not isinstance(event, WorldReset):
            return
        self.failed.clear()
        self._generation += 1
        if self._state is not None:
            for _, wake in self._state.sleepers:  # the old world's retries end now
                if not self._state.loop.is_closed():
                    self._state.loop.call_soon_threadsafe(wake.set)
            for worker in self._state.workers.values():
                while not worker.queue.empty():
                    worker.queue.get_nowait()
                    worker.jobs -= 1
                    worker.queue.task_done()

    def _loop_state(self) -> _LoopState:
        loop = asyncio.get_running_loop()
        state = self._state
        if state is None or state.loop is not loop:
            state = self._state = _LoopState(loop, asyncio.Semaphore(self.max_in_flight))
        return state

    async def _work(self, state: _LoopState, callback: str, worker: _Worker) -> None:
        try:
            while not worker.queue.empty():
                job = worker.queue.get_nowait()
                try:
                    if self.pacer.busy and job.message.type != "webhook_callback_verification":
                        await self.pacer.turn()
                    await self._send(state, worker.link, job)
                except Exception:
                    log.exception("webhook delivery to %s failed", callback)
                finally:
                    worker.jobs -= 1
                    worker.queue.task_done()
        finally:
            worker.link.close()  # no idle connection is left open on a callback
        if state.workers.get(callback) is worker:
            del state.workers[callback]  # an idle callback keeps nothing

    async def _send(self, state: _LoopState, link: Link, job: _Job) -> None:
        target, message = job.target, job.message
        if message.type == "webhook_callback_verification":
            answer = await self._post(state, link, target, message, 0)
            challenge = message.body.get("challenge")
            good = answer.ok and isinstance(challenge, str) and answer.body == challenge.encode()
            self._report(target, ENABLED if good else VERIFICATION_FAILED)
            return
        generation = self._generation
        for retry in range(len(self.retry_delays) + 1):
            if retry:
                await self._pause(state, link, self.retry_delays[retry - 1])
                if generation != self._generation or (
                    message.type == "notification" and self._failed(target)
                ):
                    return
                stamp = timestamp(self.services.clock.now())
                message = Message(
                    message.type, message.message_id, stamp, message.subscription_type,
                    message.subscription_version, message.body, message.raw,
                )  # fmt: skip
            if (await self._post(state, link, target, message, retry)).ok:
                return
        if message.type == "notification" and not self._failed(target):
            if target.shard_id is None:
                self.failed.add(target.subscription_id)
            self._report(target, FAILURES_EXCEEDED)
            if target.shard_id is not None and self.on_shard_failure is not None:
                self.on_shard_failure(target, message)

    async def _pause(self, state: _LoopState, link: Link, delay: float) -> None:
        """Wait `delay` seconds of wall time, or until the mock's clock is advanced past them
        (a test that advances the clock sees the retries at once). The connection is not kept
        open across the wait."""
        link.close()
        entry = (self.services.clock.now() + delay, asyncio.Event())
        state.sleepers.append(entry)
        try:
            await asyncio.wait_for(entry[1].wait(), delay)
        except TimeoutError:
            pass
        finally:
            state.sleepers.remove(entry)

    def _clock_moved(self, seconds: float) -> None:
        """A clock listener: runs on the thread that advanced the clock."""
        state = self._state
        if state is None or not state.sleepers:
            return
        now = self.services.clock.now()
        for deadline, wake in list(state.sleepers):
            if deadline <= now and not state.loop.is_closed():
                state.loop.call_soon_threadsafe(wake.set)

    def _failed(self, target: Target) -> bool:
        """A plain subscription whose notifications failed for good (a conduit's shard is disabled
        in the store instead, and the conduit transport stops choosing it)."""
        return target.shard_id is None and target.subscription_id in self.failed

    def _report(self, target: Target, status: str) -> None:
        """An outcome: on the subscription, or on the conduit shard the message went through."""
        if target.shard_id is None or target.conduit_id is None:
            self.on_status(target.subscription_id, status)
            return
        with self.services.store.transaction():
            conduits.set_shard_status(
                self.services, target.conduit_id, int(target.shard_id), status, callback=target.callback or ""
            )

    async def _post(
        self, state: _LoopState, link: Link, target: Target, message: Message, retry: int
    ) -> Attempt:
        body = message.json()
        assert target.callback is not None
        url = wire_url(target.callback, self.plain_loopback)
        async with state.limit:
            return await link.post(url, body, headers(message, target.secret, body, retry), self.timeout)


def challenge_message(
    challenge: str, subscription: dict[str, Any], message_id: str, timestamp: str
) -> Message:
    """The `webhook_callback_verification` message of a subscription (its JSON as Get shows it)."""
    return Message(
        "webhook_callback_verification", message_id, timestamp, str(subscription["type"]),
        str(subscription["version"]), {"challenge": challenge, "subscription": subscription},
    )  # fmt: skip
