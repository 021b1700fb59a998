"""The webhook transport against a real HTTP receiver on 127.0.0.1: headers, the signature, the
challenge (both outcomes), retries then `notification_failures_exceeded`, and one dead callback
not delaying a healthy one."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from aiohttp import web
from webhook_receiver import Received, Receiver, echo_challenge

from twitch_mock.core.clock import Clock
from twitch_mock.domain.services import Services
from twitch_mock.eventsub.transport import Message, Target, timestamp
from twitch_mock.eventsub.webhook import (
    BAD_CALLBACK,
    WebhookTransport,
    check_callback,
    sign,
    wire_url,
)
from twitch_mock.settings import Settings
from twitch_mock.store import Store

SECRET = "s3cr3t-s3cr3t"
HEADER_NAMES = {
    "Content-Type",
    "Twitch-Eventsub-Message-Id",
    "Twitch-Eventsub-Message-Retry",
    "Twitch-Eventsub-Message-Type",
    "Twitch-Eventsub-Message-Signature",
    "Twitch-Eventsub-Message-Timestamp",
    "Twitch-Eventsub-Subscription-Type",
    "Twitch-Eventsub-Subscription-Version",
}


@pytest.fixture
def services() -> Iterator[Services]:
    store = Store.open(":memory:")
    yield Services(Settings(db=":memory:"), store, Clock(frozen=True))
    store.close()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    r = await Receiver().start()
    yield r
    await r.stop()


class Statuses:
    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def __call__(self, subscription_id: str, status: str) -> None:
        self.seen.append((subscription_id, status))


@pytest.fixture
async def transport(services: Services) -> AsyncIterator[tuple[WebhookTransport, Statuses]]:
    statuses = Statuses()
    t = WebhookTransport(services, statuses, retry_delays=(0.01, 0.01), timeout=1.0)
    yield t, statuses
    await t.aclose()


def target(url: str, sub: str = "sub-1", secret: str | None = SECRET) -> Target:
    return Target(sub, "webhook", callback=url, secret=secret)


def notification(n: int = 1, sub: str = "sub-1") -> Message:
    body: dict[str, Any] = {
        "subscription": {"id": sub, "type": "channel.follow", "version": "2"},
        "event": {"user_id": str(n), "user_name": "Zoë ✓"},  # non-ASCII: signed as the bytes sent
    }
    return Message("notification", f"msg-{n}", "2026-12-01T10:00:00.123456789Z", "channel.follow", "2", body)


def challenge(sub: str = "sub-1", text: str = "pogchamp-kappa-360noscope") -> Message:
    body = {"challenge": text, "subscription": {"id": sub, "status": "webhook_callback_verification_pending"}}
    return Message(
        "webhook_callback_verification", "msg-c", "2026-12-01T10:00:00Z", "channel.follow", "2", body
    )


async def test_a_notification_has_every_header_and_a_signature_that_verifies(
    receiver: Receiver, transport: tuple[WebhookTransport, Statuses]
) -> None:
    t, statuses = transport
    message = notification()
    t.deliver(target(receiver.url + "/hook"), message)
    await t.idle()
    [got] = receiver.at("/hook")
    assert {k for k in got.headers if k.startswith("Twitch") or k == "Content-Type"} == HEADER_NAMES
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["Twitch-Eventsub-Message-Id"] == "msg-1"
    assert got.headers["Twitch-Eventsub-Message-Retry"] == "0"
    assert got.headers["Twitch-Eventsub-Message-Type"] == "notification"
    assert got.headers["Twitch-Eventsub-Message-Timestamp"] == "2026-12-01T10:00:00.123456789Z"
    assert got.headers["Twitch-Eventsub-Subscription-Type"] == "channel.follow"
    assert got.headers["Twitch-Eventsub-Subscription-Version"] == "2"
    expected = hmac.new(
        SECRET.encode(), b"msg-1" + b"2026-12-01T10:00:00.123456789Z" + got.body, hashlib.sha256
    ).hexdigest()
    assert got.headers["Twitch-Eventsub-Message-Signature"] == "sha256=" + expected
    assert json.loads(got.body) == message.body
    assert statuses.seen == []


def test_sign_is_hmac_sha256_of_id_timestamp_and_body() -> None:
    # computed independently: printf '%s' 'id1''2020-01-01T00:00:00Z''{}' | openssl sha256 -hmac secretsecret
    digest = hmac.new(b"secretsecret", b"id12020-01-01T00:00:00Z{}", hashlib.sha256).hexdigest()
    assert sign("secretsecret", "id1", "2020-01-01T00:00:00Z", b"{}") == "sha256=" + digest
    assert sign("secretsecret", "id1", "2020-01-01T00:00:00Z", b"{ }") != "sha256=" + digest


async def test_the_challenge_answered_right_enables_the_subscription(
    receiver: Receiver, transport: tuple[WebhookTransport, Statuses]
) -> None:
    t, statuses = transport
    receiver.answers["/hook"] = echo_challenge
    t.deliver(target(receiver.url + "/hook"), challenge())
    await t.idle()
    [got] = receiver.at("/hook")
    assert got.headers["Twitch-Eventsub-Message-Type"] == "webhook_callback_verification"
    assert "Twitch-Eventsub-Message-Signature" in got.headers
    assert statuses.seen == [("sub-1", "enabled")]


async def _json_challenge(r: Received) -> web.Response:
    return web.json_response(json.loads(r.body)["challenge"])


async def _wrong_status(r: Received) -> web.Response:
    return web.Response(status=403, text=json.loads(r.body)["challenge"])


async def _wrong_body(r: Received) -> web.Response:
    return web.Response(text="not it")


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(_json_challenge, id="challenge-as-a-JSON-string"),
        pytest.param(_wrong_status, id="non-2xx-status"),
        pytest.param(_wrong_body, id="other-body"),
    ],
)
async def test_a_wrong_answer_to_the_challenge_fails_verification(
    receiver: Receiver, transport: tuple[WebhookTransport, Statuses], answer: Any
) -> None:
    t, statuses = transport
    receiver.answers["/hook"] = answer
    t.deliver(target(receiver.url + "/hook"), challenge())
    await t.idle()
    assert len(receiver.at("/hook")) == 1  # a challenge is not retried
    assert statuses.seen == [("sub-1", "webhook_callback_verification_failed")]


async def test_a_challenge_to_a_dead_callback_fails_verification(
    transport: tuple[WebhookTransport, Statuses], unused_tcp_port: int
) -> None:
    t, statuses = transport
    t.deliver(target(f"http://127.0.0.1:{unused_tcp_port}/hook"), challenge())
    await t.idle()
    assert statuses.seen == [("sub-1", "webhook_callback_verification_failed")]


async def test_a_failing_notification_is_retried_with_the_same_id_then_fails_the_subscription(
    receiver: Receiver, services: Services, transport: tuple[WebhookTransport, Statuses]
) -> None:
    t, statuses = transport

    async def fail(r: Received) -> web.Response:
        services.clock.advance(1.5)  # each retry is stamped with the time it is sent
        return web.Response(status=500)

    receiver.answers["/hook"] = fail
    t.deliver(target(receiver.url + "/hook"), notification())
    await t.idle()
    tries = receiver.at("/hook")
    assert [r.headers["Twitch-Eventsub-Message-Retry"] for r in tries] == ["0", "1", "2"]
    assert {r.headers["Twitch-Eventsub-Message-Id"] for r in tries} == {"msg-1"}
    stamps = [r.headers["Twitch-Eventsub-Message-Timestamp"] for r in tries]
    assert len(set(stamps)) == 3
    for r in tries:  # every retry signed over its own timestamp
        stamp = r.headers["Twitch-Eventsub-Message-Timestamp"]
        assert r.headers["Twitch-Eventsub-Message-Signature"] == sign(SECRET, "msg-1", stamp, r.body)
    assert statuses.seen == [("sub-1", "notification_failures_exceeded")]
    # a failed subscription hears nothing more
    t.deliver(target(receiver.url + "/hook"), notification(2))
    await t.idle()
    assert len(receiver.at("/hook")) == 3


async def test_a_retry_that_succeeds_keeps_the_subscription(
    receiver: Receiver, transport: tuple[WebhookTransport, Statuses]
) -> None:
    t, statuses = transport
    answers = iter([503, 200])

    async def flaky(r: Received) -> web.Response:
        return web.Response(status=next(answers))

    receiver.answers["/hook"] = flaky
    t.deliver(target(receiver.url + "/hook"), notification())
    await t.idle()
    assert [r.headers["Twitch-Eventsub-Message-Retry"] for r in receiver.at("/hook")] == ["0", "1"]
    assert statuses.seen == []


async def test_a_timeout_counts_as_a_failure(receiver: Receiver, services: Services) -> None:
    statuses = Statuses()
    t = WebhookTransport(services, statuses, retry_delays=(), timeout=0.2)

    async def slow(r: Received) -> web.Response:
        await asyncio.sleep(2)
        return web.Response(status=200)

    receiver.answers["/slow"] = slow
    t.deliver(target(receiver.url + "/slow"), notification())
    await t.idle()
    await t.aclose()
    assert statuses.seen == [("sub-1", "notification_failures_exceeded")]


async def test_a_dead_callback_does_not_delay_a_healthy_one(
    receiver: Receiver, services: Services, unused_tcp_port: int
) -> None:
    statuses = Statuses()
    t = WebhookTransport(services, statuses, retry_delays=(0.3, 0.3), timeout=1.0)
    release = asyncio.Event()

    async def hang(r: Received) -> web.Response:
        await release.wait()
        return web.Response(status=500)

    receiver.answers["/slow"] = hang
    t.deliver(target(receiver.url + "/slow", "slow"), notification(1, "slow"))
    t.deliver(target(f"http://127.0.0.1:{unused_tcp_port}/dead", "dead"), notification(2, "dead"))
    for n in range(3, 6):
        t.deliver(target(receiver.url + "/fast", "fast"), notification(n, "fast"))
    while len(receiver.at("/fast")) < 3:
        await asyncio.wait_for(receiver.arrived.wait(), 5)
        receiver.arrived.clear()
    # every healthy message arrived, in order, while the slow one still hangs and the dead one retries
    assert [r.headers["Twitch-Eventsub-Message-Id"] for r in receiver.at("/fast")] == [
        "msg-3",
        "msg-4",
        "msg-5",
    ]
    assert ("dead", "notification_failures_exceeded") not in statuses.seen
    release.set()
    await t.idle()
    await t.aclose()
    assert sorted(statuses.seen) == [
        ("dead", "notification_failures_exceeded"),
        ("slow", "notification_failures_exceeded"),
    ]


async def test_a_revocation_failing_changes_no_status(
    receiver: Receiver, transport: tuple[WebhookTransport, Statuses]
) -> None:
    t, statuses = transport

    async def gone(r: Received) -> web.Response:
        return web.Response(status=410)

    receiver.answers["/hook"] = gone
    body = {"subscription": {"id": "sub-1", "status": "authorization_revoked"}}
    t.deliver(
        target(receiver.url + "/hook"),
        Message("revocation", "m-r", "2026-12-01T10:00:00Z", "channel.follow", "2", body),
    )
    await t.idle()
    assert receiver.at("/hook")[0].headers["Twitch-Eventsub-Message-Type"] == "revocation"
    assert statuses.seen == []


async def test_an_https_loopback_callback_is_sent_over_plain_http(
    receiver: Receiver, transport: tuple[WebhookTransport, Statuses]
) -> None:
    t, _ = transport
    t.deliver(target(receiver.url.replace("http://", "https://") + "/hook"), notification())
    await t.idle()
    assert len(receiver.at("/hook")) == 1


def test_without_a_running_loop_deliver_drops_the_message_and_returns(services: Services) -> None:
    t = WebhookTransport(services, Statuses())
    t.deliver(target("http://127.0.0.1:9/hook"), notification())  # no loop: logged, nothing raised


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        pytest.param("https://example.com/hook", None, id="https-default-port"),
        pytest.param("https://example.com:443/hook", None, id="https-443"),
        pytest.param("http://localhost:8080/hook", None, id="http-localhost"),
        pytest.param("http://127.0.0.1:9000/callback", None, id="http-127"),
        pytest.param("http://[::1]:9000/callback", None, id="http-ipv6-loopback"),
        pytest.param("https://127.0.0.1:8443/x", None, id="https-loopback-any-port"),
        pytest.param("http://example.com/hook", BAD_CALLBACK, id="http-elsewhere"),
        pytest.param("https://example.com:8443/hook", BAD_CALLBACK, id="https-other-port"),
        pytest.param("ftp://localhost/hook", BAD_CALLBACK, id="other-scheme"),
        pytest.param("not a url", BAD_CALLBACK, id="not-a-url"),
        pytest.param("https://example.com:99999/", BAD_CALLBACK, id="port-out-of-range"),
        pytest.param("https:///path", BAD_CALLBACK, id="no-host"),
    ],
)
def test_check_callback(url: str, problem: str | None) -> None:
    assert check_callback(url) == problem


def test_wire_url() -> None:
    assert wire_url("https://localhost:8443/a?b=1") == "http://localhost:8443/a?b=1"
    assert wire_url("https://127.0.0.1/a") == "http://127.0.0.1:443/a"
    assert wire_url("https://example.com/a") == "https://example.com/a"
    assert wire_url("https://localhost:8443/a", plain_loopback=False) == "https://localhost:8443/a"


def test_timestamp_ns() -> None:
    assert timestamp(1574000000.5) == "2019-11-17T14:13:20.500000000Z"
    assert timestamp(1574000000.0) == "2019-11-17T14:13:20.000000000Z"


async def test_a_world_reset_drops_what_is_not_sent_yet_and_forgets_failures(
    receiver: Receiver, services: Services, transport: tuple[WebhookTransport, Statuses]
) -> None:
    t, statuses = transport
    release = asyncio.Event()

    async def hold(r: Received) -> web.Response:
        await release.wait()
        return web.Response(status=200)

    receiver.answers["/hook"] = hold
    t.failed.add("old-sub")
    t.deliver(target(receiver.url + "/hook"), notification(1))
    t.deliver(target(receiver.url + "/hook"), notification(2))
    await asyncio.wait_for(receiver.arrived.wait(), 5)
    services.outbox.reset()
    release.set()
    await t.idle()
    assert [r.headers["Twitch-Eventsub-Message-Id"] for r in receiver.received] == ["msg-1"]
    assert t.failed == set() and statuses.seen == []


async def test_the_client_libraries_accept_the_signature(services: Services) -> None:
    """TwitchIO's and pyTwitchAPI's own signature checks, run on what the transport sends."""
    from types import SimpleNamespace

    from twitchAPI.eventsub.webhook import EventSubWebhook
    from twitchio.web.utils import verify_message

    verdicts: list[tuple[bool, bool]] = []

    async def handle(request: web.Request) -> web.Response:
        try:
            await verify_message(request=request, secret=SECRET)
            twitchio_ok = True
        except ValueError:
            twitchio_ok = False
        pytwitchapi_ok = await EventSubWebhook._verify_signature(SimpleNamespace(secret=SECRET), request)  # type: ignore[arg-type]
        verdicts.append((twitchio_ok, pytwitchapi_ok))
        return web.Response(status=200 if twitchio_ok and pytwitchapi_ok else 403)

    app = web.Application()
    app.router.add_post("/cb", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/cb"
    statuses = Statuses()
    t = WebhookTransport(services, statuses, retry_delays=())
    try:
        t.deliver(target(url), notification())  # a non-ASCII body
        t.deliver(target(url, "wrong", secret="not-the-secret"), notification(2, "wrong"))
        await t.idle()
    finally:
        await t.aclose()
        await runner.cleanup()
    assert verdicts == [(True, True), (False, False)]
    assert statuses.seen == [("wrong", "notification_failures_exceeded")]


async def _retry_waits(t: WebhookTransport) -> None:
    while not t.retries_waiting:
        await asyncio.sleep(0.01)


async def test_advancing_the_mock_clock_brings_the_retries_forward(
    receiver: Receiver, services: Services
) -> None:
    statuses = Statuses()
    t = WebhookTransport(services, statuses, retry_delays=(60.0, 600.0))

    async def fail(r: Received) -> web.Response:
        return web.Response(status=503)

    receiver.answers["/hook"] = fail
    t.deliver(target(receiver.url + "/hook"), notification())
    await asyncio.wait_for(_retry_waits(t), 5)
    receiver.arrived.clear()
    services.clock.advance(30)  # not due yet
    await asyncio.sleep(0.05)
    assert len(receiver.received) == 1
    services.clock.advance(30)
    await asyncio.wait_for(receiver.arrived.wait(), 5)
    assert [r.headers["Twitch-Eventsub-Message-Retry"] for r in receiver.received] == ["0", "1"]
    await asyncio.wait_for(_retry_waits(t), 5)
    services.clock.advance(600)
    await asyncio.wait_for(t.idle(), 5)
    assert len(receiver.received) == 3
    assert statuses.seen == [("sub-1", "notification_failures_exceeded")]
    await t.aclose()
    t.unsubscribe()
    assert t._clock_moved not in services.clock.listeners


async def test_a_reset_stops_the_retries_of_the_old_world(receiver: Receiver, services: Services) -> None:
    statuses = Statuses()
    t = WebhookTransport(services, statuses, retry_delays=(60.0,))

    async def fail(r: Received) -> web.Response:
        return web.Response(status=500)

    receiver.answers["/hook"] = fail
    t.deliver(target(receiver.url + "/hook"), notification())
    await asyncio.wait_for(_retry_waits(t), 5)
    services.outbox.reset()  # the waiting retry ends without the clock moving
    await asyncio.wait_for(t.idle(), 5)
    assert len(receiver.received) == 1 and statuses.seen == []
    await t.aclose()
