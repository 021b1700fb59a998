"""No lock-out (issue 16, item 4): idle connections beyond the usual 1024 open files do not keep
a new client out; the open-file limit is raised at start; half-sent requests are timed out.
(`bench/connections.py` measures larger counts.)"""

from __future__ import annotations

import resource
import socket
import time
import urllib.request
from pathlib import Path

import pytest
from robust_support import started

from twitch_mock.server import raise_open_file_limit

IDLE = 1200  # beyond a soft limit of 1024 descriptors and Granian's default backpressure (1024)


def test_the_soft_open_file_limit_is_raised_to_the_hard_one() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(256, hard), hard))
        assert raise_open_file_limit() == hard
        assert resource.getrlimit(resource.RLIMIT_NOFILE) == (hard, hard)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.mark.parametrize("backend", ["granian", "uvicorn"])
def test_idle_connections_do_not_lock_a_new_client_out(tmp_path: Path, backend: str) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < 4 * IDLE:
        pytest.skip(f"the hard open-file limit ({hard}) is too low for {IDLE} connections")
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # this process holds the client ends
    with started(tmp_path, "--server", backend, soft_open_files=1024) as server:
        idle = [server.connect() for _ in range(IDLE)]
        try:
            began = time.monotonic()
            with urllib.request.urlopen(server.url + "/_mock/clock", timeout=5) as answer:
                assert answer.status == 200
            assert time.monotonic() - began < 2
        finally:
            for s in idle:
                s.close()
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_a_half_sent_body_is_answered_408_and_closed(
    twitch_mock: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from twitch_mock.http import dispatch
    from twitch_mock.mock import MockTwitch

    assert isinstance(twitch_mock, MockTwitch) and twitch_mock.port is not None
    monkeypatch.setattr(dispatch, "BODY_TIMEOUT", 0.3)
    with socket.create_connection(("127.0.0.1", twitch_mock.port), timeout=5) as s:
        s.sendall(
            b"POST /_mock/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n\r\n{"
        )
        data = b""
        while chunk := s.recv(4096):
            data += chunk
    assert data.startswith(b"HTTP/1.1 408 ")
    assert b'"message":"The request body did not arrive in time"' in data


def test_a_connection_that_sends_no_request_is_closed(
    twitch_mock: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """uvicorn times neither a silent new connection nor a dripped header: the sweep does."""
    from twitch_mock import server
    from twitch_mock.mock import MockTwitch

    assert isinstance(twitch_mock, MockTwitch) and twitch_mock.port is not None
    monkeypatch.setattr(server, "HEADER_TIMEOUT", 0.2)
    with (
        socket.create_connection(("127.0.0.1", twitch_mock.port), timeout=5) as silent,
        socket.create_connection(("127.0.0.1", twitch_mock.port), timeout=5) as dripping,
    ):
        dripping.sendall(b"GET /_mock/clock HTTP/1.1\r\nHo")
        began = time.monotonic()
        assert silent.recv(100) == b"" and dripping.recv(100) == b""  # closed by the server
        assert time.monotonic() - began < 3
