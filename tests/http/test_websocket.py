"""WebSocket scopes on the HTTP port: Starlette's `WebSocket` state machine and `App.websockets`,
the path -> handler table a transport (EventSub's /ws) registers in."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocket, WebSocketDisconnect

from conftest import World, client
from twitch_mock.app import App
from twitch_mock.control import CONTROL

Handler = Callable[[WebSocket], Awaitable[None]]


async def echo(ws: WebSocket) -> None:
    await ws.accept()
    while True:
        await ws.send_text(await ws.receive_text())


async def broken(ws: WebSocket) -> None:
    await ws.accept()
    raise RuntimeError("boom")


async def broken_before_accept(ws: WebSocket) -> None:
    raise RuntimeError("boom")


def serving(world: World, **handlers: Handler) -> TestClient:
    """An app whose `websockets` table gets `/<name>` -> handler after it is built."""
    app = App(world.services)
    for name, handler in handlers.items():
        app.websockets["/" + name] = handler
    return client(app)


def test_only_eventsubs_websocket_by_default(world: World) -> None:
    assert list(App(world.services).websockets) == ["/ws"]
    assert App(world.services, (CONTROL,)).websockets == {}


@pytest.mark.parametrize("path", ["/wss", "/helix/users", "/", "/nope/"])
def test_unknown_path_is_accepted_then_closed_with_1008_and_a_reason(world: World, path: str) -> None:
    with world.http.websocket_connect(path) as ws, pytest.raises(WebSocketDisconnect) as closed:
        ws.receive_text()
    assert closed.value.code == 1008
    assert closed.value.reason == f"No WebSocket endpoint at {path.rstrip('/') or '/'}"


def test_a_long_unknown_path_still_fits_in_a_close_frame(world: World) -> None:
    with world.http.websocket_connect("/" + "é" * 200) as ws, pytest.raises(WebSocketDisconnect) as closed:
        ws.receive_text()
    assert closed.value.code == 1008
    assert len(closed.value.reason.encode()) <= 123


def test_a_registered_handler_gets_the_connection(world: World) -> None:
    http = serving(world, echo=echo)
    for path in ("/echo", "/echo/"):
        with http.websocket_connect(path) as ws:
            ws.send_text("hello")
            assert ws.receive_text() == "hello"
            ws.send_text("again")
            assert ws.receive_text() == "again"


def test_handlers_given_to_the_constructor(world: World) -> None:
    http = client(App(world.services, websockets={"/ws": echo}))
    with http.websocket_connect("/ws") as ws:
        ws.send_text("x")
        assert ws.receive_text() == "x"


def test_http_is_unchanged_beside_websockets(world: World) -> None:
    http = serving(world, echo=echo)
    r = http.get("/helix/users?id=1000", headers=world.headers())
    assert r.status_code == 200
    assert r.json()["data"][0]["login"] == "alice"


@pytest.mark.parametrize("handler", [broken, broken_before_accept])
def test_a_failing_handler_closes_with_1011(
    world: World, handler: Handler, caplog: pytest.LogCaptureFixture
) -> None:
    http = serving(world, broken=handler)
    with http.websocket_connect("/broken") as ws, pytest.raises(WebSocketDisconnect) as closed:
        ws.receive_text()
    assert closed.value.code == 1011
    assert "unhandled error in WebSocket /broken" in caplog.text
