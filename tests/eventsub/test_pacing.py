"""Deliveries yield to the API (eventsub/pacing.py): the pacer's turns, and over a real socket, that
events made while other requests are in flight (so queued for the pump, their deliveries paced)
still reach every subscriber once, in the order they happened, WebSocket and webhook alike."""

from __future__ import annotations

import asyncio
import json
import queue
import threading
import time
from collections.abc import Awaitable, Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from test_eventsub_websocket import change_title, recv, subscribe, ws_url
from websockets.sync.client import connect

from twitch_mock import MockTwitch
from twitch_mock.eventsub.pacing import Pacer
from twitch_mock.eventsub.runtime import EventSub

LONG = 60.0  # a pace no test waits for: a second turn never comes by the clock


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def recorded(pacer: Pacer) -> tuple[list[Any], Callable[[Any], Awaitable[None]]]:
    """A step that waits for its turn, then notes its name; and the names in the order they went."""
    order: list[Any] = []

    async def step(name: Any) -> None:
        await pacer.turn()
        order.append(name)

    return order, step


def test_no_request_in_flight_no_wait() -> None:
    async def go() -> bool:
        pacer = Pacer(pace=LONG, quiet=0.0)
        step = asyncio.ensure_future(pacer.turn())
        await asyncio.sleep(0)
        return step.done() and not pacer.busy

    assert run(go())


def test_turns_come_one_at_a_time_in_order_while_a_request_is_in_flight() -> None:
    async def go() -> tuple[list[Any], list[Any]]:
        pacer = Pacer(pace=LONG, quiet=0.0, burst=1)
        pacer.started()
        order, step = recorded(pacer)
        steps = [asyncio.ensure_future(step(n)) for n in range(4)]
        await asyncio.sleep(0.05)
        first = list(order)  # one turn at once, the next not before LONG seconds
        pacer.ended()  # the API falls quiet: everyone waiting goes, in order
        await asyncio.gather(*steps)
        return first, order

    first, order = run(go())
    assert first == [0]
    assert order == [0, 1, 2, 3]


def test_turns_due_since_the_last_tick_come_at_once_up_to_the_burst() -> None:
    async def go() -> tuple[int, int]:
        pacer = Pacer(pace=LONG, quiet=0.0, burst=3)
        pacer.started()  # no turn for ever: the first tick gives the `burst` turns owed
        steps = [asyncio.ensure_future(pacer.turn()) for _ in range(10)]
        for _ in range(5):
            await asyncio.sleep(0)
        first = sum(s.done() for s in steps)
        await asyncio.sleep(0.05)
        later = sum(s.done() for s in steps)
        pacer.ended()
        await asyncio.gather(*steps)
        return first, later

    assert run(go()) == (3, 3)


def test_a_cancelled_step_gives_its_turn_to_the_next() -> None:
    async def go() -> list[Any]:
        pacer = Pacer(pace=LONG, quiet=0.0, burst=1)
        pacer.started()
        order, step = recorded(pacer)
        first = asyncio.ensure_future(step("first"))
        await asyncio.sleep(0.01)  # took the turn due now
        gone = asyncio.ensure_future(step("gone"))
        last = asyncio.ensure_future(step("last"))
        await asyncio.sleep(0)
        gone.cancel()
        pacer.ended()
        await asyncio.gather(first, last, gone, return_exceptions=True)
        return order

    assert run(go()) == ["first", "last"]


def test_the_api_counts_as_busy_for_a_moment_after_its_last_request() -> None:
    async def go() -> tuple[bool, bool]:
        pacer = Pacer(pace=LONG, quiet=0.2)
        pacer.started()
        pacer.ended()
        just_after = pacer.busy
        await asyncio.sleep(0.25)
        return just_after, pacer.busy

    assert run(go()) == (True, False)


# --- over a real socket ---------------------------------------------------------------------

TITLES = [f"paced {n}" for n in range(12)]


def held_request(twitch_mock: MockTwitch, http: httpx.Client) -> threading.Thread:
    """A request the server holds for a second (a delay fault), in flight while the test writes."""
    twitch_mock.add_fault(path="/helix/games/top", delay_ms=1000, times=1)
    headers = {"Authorization": f"Bearer {twitch_mock.app_token()}", "Client-Id": twitch_mock.client_id}

    def hold() -> None:
        with httpx.Client(base_url=twitch_mock.url, timeout=10) as own:
            assert own.get("/helix/games/top", headers=headers).status_code == 200

    thread = threading.Thread(target=hold)
    thread.start()
    return thread


class Hooks(ThreadingHTTPServer):
    """A webhook listener on a thread: answers the challenge, records every notification."""

    def __init__(self) -> None:
        self.heard: queue.Queue[tuple[dict[str, str], dict[str, Any]]] = queue.Queue()
        heard = self.heard

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                answer = b""
                if "challenge" in body:
                    answer = body["challenge"].encode()
                else:
                    heard.put(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(200)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.daemon_threads = True
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


def webhook(twitch_mock: MockTwitch, http: httpx.Client, uid: str, url: str) -> str:
    """An enabled channel.update webhook subscription to `url`."""
    app = {"Authorization": f"Bearer {twitch_mock.app_token()}", "Client-Id": twitch_mock.client_id}
    body = {
        "type": "channel.update",
        "version": "2",
        "condition": {"broadcaster_user_id": uid},
        "transport": {"method": "webhook", "callback": url, "secret": "paced-secret"},
    }
    r = http.post("/helix/eventsub/subscriptions", json=body, headers=app)
    assert r.status_code == 202, r.text
    sub_id: str = r.json()["data"][0]["id"]
    deadline = time.monotonic() + 10
    while http.get("/helix/eventsub/subscriptions", headers=app).json()["data"][0]["status"] != "enabled":
        assert time.monotonic() < deadline, "the challenge was not accepted"
        time.sleep(0.05)
    return sub_id


def test_events_made_while_a_request_is_in_flight_arrive_once_and_in_order(
    twitch_mock: MockTwitch, http: httpx.Client, user: Any
) -> None:
    uid, headers = user
    runtime = EventSub.of(twitch_mock.services)
    hooks = Hooks()
    try:
        with connect(ws_url(twitch_mock)) as ws:
            session = recv(ws)["payload"]["session"]["id"]
            subscribe(http, headers, session, uid)
            hook = webhook(twitch_mock, http, uid, hooks.url)
            holding = held_request(twitch_mock, http)
            try:
                time.sleep(0.2)  # the held request is in flight
                queued = []
                for title in TITLES:
                    change_title(http, headers, uid, title)
                    queued.append(len(runtime.backlog))
            finally:
                holding.join()
            seen = [recv(ws)["payload"]["event"]["title"] for _ in TITLES]
            hooked = [hooks.heard.get(timeout=5) for _ in TITLES]
            assert max(queued) > 0  # made while the other request was in flight: queued for the pump
            assert seen == TITLES
            assert [body["event"]["title"] for _, body in hooked] == TITLES
            assert {body["subscription"]["id"] for _, body in hooked} == {hook}
            assert len({h["twitch-eventsub-message-id"] for h, _ in hooked}) == len(TITLES)
            with pytest.raises(TimeoutError):
                ws.recv(timeout=0.3)
            assert hooks.heard.empty()
    finally:
        hooks.shutdown()
        hooks.server_close()


def test_a_revocation_never_overtakes_the_notifications_queued_before_it(
    twitch_mock: MockTwitch, http: httpx.Client, user: Any
) -> None:
    uid, headers = user
    with connect(ws_url(twitch_mock)) as ws:
        session = recv(ws)["payload"]["session"]["id"]
        sub_id = subscribe(http, headers, session, uid)
        holding = held_request(twitch_mock, http)
        try:
            time.sleep(0.2)  # the held request is in flight
            for title in TITLES[:3]:
                change_title(http, headers, uid, title)
            r = http.post(f"/_mock/eventsub/subscription?id={sub_id}&status=version_removed")
            assert r.status_code == 200, r.text
        finally:
            holding.join()
        got = [recv(ws) for _ in range(4)]
        assert [f["metadata"]["message_type"] for f in got] == ["notification"] * 3 + ["revocation"]
        assert [f["payload"]["event"]["title"] for f in got[:3]] == TITLES[:3]
        assert got[3]["payload"]["subscription"]["status"] == "version_removed"
