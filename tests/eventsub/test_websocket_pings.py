"""Twitch's Pings (server.py, uvicorn): a client that never answers one is closed with 4002
`failed ping pong` and its subscriptions get `websocket_failed_ping_pong`; one that answers stays
connected."""

from __future__ import annotations

import base64
import json
import os
import socket
import struct
import time
from collections.abc import Iterator

import httpx
import pytest
from websockets.sync.client import connect

from twitch_mock import MockTwitch

PING = 1.0  # seconds between Pings, and that a Pong may take


@pytest.fixture(scope="module")
def pinging() -> Iterator[MockTwitch]:
    with MockTwitch(seed=11, users=5, ws_ping=PING) as mock:
        yield mock


class Deaf:
    """A WebSocket client on a bare socket that reads frames and answers nothing, Pings included."""

    def __init__(self, port: int | None) -> None:
        assert port is not None, "the mock is not serving"
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(4096)
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        assert head.startswith(b"HTTP/1.1 101"), head

    def _take(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("closed before a whole frame")
            self.buffer += chunk
        taken, self.buffer = self.buffer[:n], self.buffer[n:]
        return taken

    def frame(self) -> tuple[int, bytes]:
        """The next frame's opcode and payload (the server's frames are unmasked)."""
        first, second = self._take(2)
        size = second & 0x7F
        if size == 126:
            size = struct.unpack("!H", self._take(2))[0]
        elif size == 127:
            size = struct.unpack("!Q", self._take(8))[0]
        return first & 0x0F, self._take(size)

    def close(self) -> None:
        self.sock.close()


def test_a_client_that_never_answers_a_ping_is_closed_4002(pinging: MockTwitch) -> None:
    uid = pinging.all_units_user_id
    token = pinging.user_token(uid)
    headers = {"Authorization": f"Bearer {token}", "Client-Id": pinging.client_id}
    deaf = Deaf(pinging.port)
    try:
        opcode, welcome = deaf.frame()
        assert opcode == 1
        session = json.loads(welcome)["payload"]["session"]["id"]
        body = {
            "type": "channel.update",
            "version": "2",
            "condition": {"broadcaster_user_id": uid},
            "transport": {"method": "websocket", "session_id": session},
        }
        with httpx.Client(base_url=pinging.helix_url, timeout=10) as helix:
            r = helix.post("eventsub/subscriptions", json=body, headers=headers)
            assert r.status_code == 202, r.text
            sub_id = r.json()["data"][0]["id"]
            pings = 0
            while True:
                opcode, payload = deaf.frame()
                if opcode == 9:  # a Ping, left unanswered
                    pings += 1
                    continue
                break
            assert pings >= 1
            assert opcode == 8  # close
            code = struct.unpack("!H", payload[:2])[0]
            assert (code, payload[2:].decode()) == (4002, "failed ping pong")
            deadline = time.monotonic() + 5
            while True:
                found = helix.get(
                    "eventsub/subscriptions", params={"subscription_id": sub_id}, headers=headers
                )
                status = found.json()["data"][0]["status"]
                if status != "enabled" or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            assert status == "websocket_failed_ping_pong"
    finally:
        deaf.close()


def test_a_client_that_answers_pings_stays_connected(pinging: MockTwitch) -> None:
    with connect(f"ws://127.0.0.1:{pinging.port}/ws") as ws:  # the library answers each Ping
        assert json.loads(ws.recv(timeout=5))["metadata"]["message_type"] == "session_welcome"
        with pytest.raises(TimeoutError):
            ws.recv(timeout=3 * PING)  # three Pings came and went: nothing else, no close
        ws.ping().wait(5)  # still open
