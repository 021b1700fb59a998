"""`verify_subscription` (twitch-cli's `event verify-subscription`) against a real receiver."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import pytest
from aiohttp import web
from webhook_receiver import Received, Receiver, echo_challenge

from twitch_mock.eventsub.transport import Message
from twitch_mock.eventsub.verify import (
    forward,
    verification_message,
    verify_subscription,
    verify_subscription_async,
)
from twitch_mock.eventsub.webhook import sign

SECRET = "0123456789abc"


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    r = await Receiver().start()
    yield r
    await r.stop()


async def test_a_right_answer_passes(receiver: Receiver) -> None:
    receiver.answers["/cb"] = echo_challenge
    url = receiver.url + "/cb"
    message = verification_message(
        url, "channel.follow", version="2", broadcaster_id="1234", challenge="abc-123"
    )
    result = await verify_subscription_async(url, message, SECRET)
    assert result.ok and result.problems == [] and result.warnings == []
    assert result.status == 200 and result.body == "abc-123"
    [got] = receiver.received
    body = json.loads(got.body)
    assert body["challenge"] == "abc-123"
    assert body["subscription"]["status"] == "webhook_callback_verification_pending"
    assert body["subscription"]["condition"] == {"broadcaster_user_id": "1234"}
    assert body["subscription"]["transport"] == {"method": "webhook", "callback": url}
    assert body["subscription"]["type"] == "channel.follow" and body["subscription"]["version"] == "2"
    assert got.headers["Twitch-Eventsub-Message-Type"] == "webhook_callback_verification"
    stamp = got.headers["Twitch-Eventsub-Message-Timestamp"]
    assert got.headers["Twitch-Eventsub-Message-Signature"] == sign(
        SECRET, message.message_id, stamp, got.body
    )


async def _json(r: Received) -> web.Response:
    return web.json_response(json.loads(r.body)["challenge"])


async def _500(r: Received) -> web.Response:
    return web.Response(status=500, text=json.loads(r.body)["challenge"])


async def _html(r: Received) -> web.Response:
    return web.Response(text=json.loads(r.body)["challenge"], content_type="text/html")


async def test_a_json_answer_fails(receiver: Receiver) -> None:
    receiver.answers["/cb"] = _json
    message = verification_message(receiver.url + "/cb", "channel.follow", challenge="abc")
    result = await verify_subscription_async(receiver.url + "/cb", message)
    assert not result.ok
    assert result.problems == ["The response body was '\"abc\"'; it must be the challenge 'abc'"]
    assert result.warnings == [
        "The response's Content-Type was application/json; charset=utf-8; Twitch expects text/plain"
    ]


async def test_a_non_2xx_status_fails(receiver: Receiver) -> None:
    receiver.answers["/cb"] = _500
    message = verification_message(receiver.url + "/cb", "stream.online")
    result = await verify_subscription_async(receiver.url + "/cb", message)
    assert result.problems == ["The callback answered with status 500; a 2xx status is required"]


async def test_another_content_type_only_warns(receiver: Receiver) -> None:
    receiver.answers["/cb"] = _html
    message = verification_message(receiver.url + "/cb", "stream.online")
    result = await verify_subscription_async(receiver.url + "/cb", message)
    assert result.ok
    assert result.warnings == [
        "The response's Content-Type was text/html; charset=utf-8; Twitch expects text/plain"
    ]


def test_a_dead_callback_fails(unused_tcp_port: int) -> None:
    url = f"http://127.0.0.1:{unused_tcp_port}/cb"
    result = verify_subscription(url, verification_message(url, "stream.online"), timeout=1.0)
    assert result.status is None and not result.ok
    assert result.problems[0].startswith("The callback did not answer: ConnectError")


@contextmanager
def receiver_thread() -> Iterator[Receiver]:
    """A receiver served from its own thread and loop, for the blocking functions."""
    ready = threading.Event()
    made: list[tuple[Receiver, asyncio.AbstractEventLoop, asyncio.Event]] = []

    def serve() -> None:
        loop = asyncio.new_event_loop()

        async def main() -> None:
            r = await Receiver(answers={"/cb": echo_challenge}).start()
            stop = asyncio.Event()
            made.append((r, loop, stop))
            ready.set()
            await stop.wait()
            await r.stop()

        loop.run_until_complete(main())
        loop.close()

    thread = threading.Thread(target=serve)
    thread.start()
    assert ready.wait(5)
    r, loop, stop = made[0]
    try:
        yield r
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(5)


def test_the_blocking_form() -> None:
    with receiver_thread() as r:
        url = r.url + "/cb"
        result = verify_subscription(url, verification_message(url, "channel.raid", challenge="xyz"), SECRET)
    assert result.ok and result.body == "xyz"


def test_forward_sends_a_signed_notification() -> None:
    body = {"subscription": {"id": "u-1", "type": "channel.follow"}, "event": {"user_id": "1"}}
    message = Message("notification", "id-1", "2026-12-01T10:00:00.5Z", "channel.follow", "2", body)
    with receiver_thread() as r:
        answer = forward(r.url + "/hook", message, SECRET)
        unsigned = forward(r.url + "/hook", message)
        [signed, plain] = r.received
    assert answer.status == 204 and answer.ok and unsigned.ok
    assert json.loads(signed.body) == body
    assert signed.headers["Twitch-Eventsub-Message-Signature"] == sign(
        SECRET, "id-1", "2026-12-01T10:00:00.5Z", signed.body
    )
    assert signed.headers["Twitch-Eventsub-Message-Retry"] == "0"
    assert "Twitch-Eventsub-Message-Signature" not in plain.headers
    assert plain.headers["Twitch-Eventsub-Message-Timestamp"] == "2026-12-01T10:00:00.5Z"


def test_forward_to_nothing(unused_tcp_port: int) -> None:
    message = Message("notification", "id-1", "2026-12-01T10:00:00Z", "channel.follow", "2", {})
    answer = forward(f"http://127.0.0.1:{unused_tcp_port}/hook", message, timeout=1.0)
    assert answer.status is None and not answer.ok and answer.error.startswith("ConnectError")
