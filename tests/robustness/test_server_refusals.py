"""The server's own refusals (issue 16, item 6): on the uvicorn path (MockTwitch, the pytest plugin)
a malformed request, a too-long target and too many header fields are answered 400 / 414 / 431 in
Twitch's error shape as JSON. (Granian answers these inside hyper, with empty bodies; Python never
sees them.)"""

from __future__ import annotations

import socket

import orjson
import pytest

from twitch_mock.mock import MockTwitch
from twitch_mock.server import MAX_HEADERS, MAX_URL, SERVER_REFUSALS


def _exchange(port: int, raw: bytes) -> tuple[bytes, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(raw)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return status.encode(), headers, body


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        pytest.param(b"GARBAGE\r\n\r\n", 400, id="bad-request-line"),
        pytest.param(b"GET / HTTP/1.1\r\nHost: localhost\r\nNo Colon\r\n\r\n", 400, id="bad-header"),
        pytest.param(
            b"GET /helix/users?" + b"a" * (MAX_URL + 1) + b" HTTP/1.1\r\nHost: localhost\r\n\r\n",
            414,
            id="uri",
        ),
        pytest.param(
            b"GET /helix/users HTTP/1.1\r\nHost: localhost\r\n"
            + b"".join(b"X-%d: 1\r\n" % i for i in range(MAX_HEADERS + 1))
            + b"\r\n",
            431,
            id="header-count",
        ),
        pytest.param(
            b"GET /helix/users HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"a" * 500_000 + b"\r\n\r\n",
            431,
            id="header-bytes",
        ),
    ],
)
def test_the_servers_own_refusals_are_twitch_shaped(twitch_mock: MockTwitch, raw: bytes, status: int) -> None:
    assert twitch_mock.port is not None
    line, headers, body = _exchange(twitch_mock.port, raw)
    phrase, message = SERVER_REFUSALS[status]
    assert line == f"HTTP/1.1 {status} {phrase}".encode()
    assert headers["content-type"] == "application/json" and headers["connection"] == "close"
    assert orjson.loads(body) == {"error": phrase, "status": status, "message": message}


def test_a_request_within_the_limits_is_served(twitch_mock: MockTwitch) -> None:
    assert twitch_mock.port is not None
    raw = b"GET /_mock/clock HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + b"".join(
        b"X-%d: 1\r\n" % i for i in range(MAX_HEADERS - 5)
    )
    line, _, _ = _exchange(twitch_mock.port, raw + b"\r\n")
    assert line.startswith(b"HTTP/1.1 200")
