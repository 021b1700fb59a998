"""Helpers of the `twitch-mock event` CLI tests: a database with named users (`seeded_db`), and a
blocking webhook receiver (the CLI's POSTs are blocking, so it serves from its own thread): a
stdlib HTTP server on 127.0.0.1 that records every POST and answers as its path's script says
(default 204; `echo_challenge` answers the challenge as text/plain)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from twitch_mock.core.clock import Clock
from twitch_mock.domain.services import Services
from twitch_mock.domain.users import create_user
from twitch_mock.generator import generate
from twitch_mock.settings import Settings
from twitch_mock.store import Store


def seeded_db(path: str) -> str:
    """A generated database with the users `caster` (a partner), `fan` and `gifter`."""
    store = Store.open(path)
    generate(store, count=6, seed=5, clock=Clock())
    services = Services(Settings(db=path), store, Clock())
    with store.transaction():
        create_user(services, "caster", broadcaster_type="partner")
        for fan in ("fan", "gifter"):
            create_user(services, fan)
    store.close()
    return path


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


# (status, body, content type)
Answer = Callable[[Received], tuple[int, bytes, str]]


def echo_challenge(received: Received) -> tuple[int, bytes, str]:
    return 200, received.json()["challenge"].encode(), "text/plain"


def no_content(received: Received) -> tuple[int, bytes, str]:
    return 204, b"", ""


@dataclass
class Receiver:
    url: str = ""
    answers: dict[str, Answer] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)

    def at(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]


@contextmanager
def receiver() -> Iterator[Receiver]:
    made = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            got = Received(
                self.path, dict(self.headers.items()), self.rfile.read(int(self.headers["Content-Length"]))
            )
            made.received.append(got)
            status, body, content_type = made.answers.get(self.path, no_content)(got)
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    made.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield made
    finally:
        server.shutdown()
        server.server_close()
