"""Shutdown always ends (issue 16, item 3): SIGTERM with a stuck client, a second signal, the WAL
checkpoint, WebSocket sessions closed with 1001, and no in-flight request dropped by
`MockTwitch.stop()` (the uvicorn path the pytest plugin uses)."""

from __future__ import annotations

import asyncio
import signal
import socket
import threading
import time
from pathlib import Path

import pytest
import websockets
from robust_support import started
from starlette.websockets import WebSocket

from twitch_mock.mock import MockTwitch

HALF_BODY = (
    b"POST /_mock/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
    b"Content-Length: 100\r\n\r\n{"
)
HALF_HEADERS = b"GET /_mock/clock HTTP/1.1\r\nHost: loc"


@pytest.mark.parametrize(
    ("backend", "stuck"),
    [
        pytest.param("granian", HALF_BODY, id="granian-half-body"),
        pytest.param("granian", HALF_HEADERS, id="granian-half-headers"),
        pytest.param("uvicorn", HALF_HEADERS, id="uvicorn-half-headers"),
    ],
)
def test_sigterm_ends_within_5_s_whatever_a_client_does(tmp_path: Path, backend: str, stuck: bytes) -> None:
    with started(tmp_path, "--server", backend) as server:
        client = server.connect()
        client.sendall(stuck)
        time.sleep(0.2)
        began = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        assert server.proc.wait(timeout=6) == 0
        assert time.monotonic() - began < 5
        if stuck is HALF_BODY:  # the half-sent request is answered, not dropped
            client.settimeout(1)
            assert client.recv(200).startswith(b"HTTP/1.1 408 ")
        client.close()
    wal = tmp_path / "mock.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed


def test_a_second_signal_exits_at_once(tmp_path: Path) -> None:
    with started(tmp_path) as server:
        client = server.connect()
        client.sendall(HALF_BODY)
        time.sleep(0.2)
        server.proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        began = time.monotonic()
        server.proc.send_signal(signal.SIGINT)
        assert server.proc.wait(timeout=3) == 128 + signal.SIGINT
        assert time.monotonic() - began < 1
        client.close()


def _request(port: int, n: int) -> bytes:
    body = b'{"login": "inflight%d"}' % n
    head = (
        f"POST /_mock/users HTTP/1.1\r\nHost: localhost:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def _read_response(sock: socket.socket) -> bytes:
    sock.settimeout(10)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


@pytest.mark.parametrize("reused", [False, True])
def test_stop_answers_every_request_in_flight(reused: bool) -> None:
    """160 connections each send a write, and stop() is called at once: every one is answered
    (before the fix, uvicorn reset about half). `reused`: the connections served a request first
    and sat idle in the pool, the case uvicorn closed under the client."""
    mock = MockTwitch(users=3, seed=1).start()
    port = mock.port
    assert port is not None
    socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(160)]
    try:
        if reused:
            for n, s in enumerate(socks):
                s.sendall(_request(port, 1000 + n))
            assert all(_read_response(s).startswith(b"HTTP/1.1 200 ") for s in socks)
        for n, s in enumerate(socks):
            s.sendall(_request(port, n))
        stopper = threading.Thread(target=mock.stop)
        stopper.start()
        answers = [_read_response(s) for s in socks]
        stopper.join(10)
        assert not stopper.is_alive()
        statuses = [a.split(b" ", 2)[1] if a else b"reset" for a in answers]
        assert statuses.count(b"200") == 160, statuses
        logins = {row[0] for row in mock.store.db.conn.execute("SELECT login FROM users")}
        assert {f"inflight{n}" for n in range(160)} <= logins
    finally:
        for s in socks:
            s.close()
        mock.close()


def test_websocket_sessions_close_with_1001() -> None:
    mock = MockTwitch(users=3, seed=1)

    async def hold(ws: WebSocket) -> None:
        await ws.accept()
        while True:
            await ws.receive_text()

    mock.app.websockets["/hold"] = hold
    mock.start()
    url = mock.url.replace("http://", "ws://") + "/hold"
    codes: list[int | None] = []

    async def client() -> None:
        async with websockets.connect(url) as ws:
            threading.Thread(target=mock.stop).start()
            try:
                await asyncio.wait_for(ws.recv(), 5)
            except websockets.ConnectionClosed as closed:
                codes.append(closed.rcvd.code if closed.rcvd else None)

    try:
        began = time.monotonic()
        asyncio.run(client())
        assert codes == [1001]
        assert time.monotonic() - began < 2
    finally:
        mock.close()
