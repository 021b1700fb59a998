"""The test-double powers in front of the dispatcher: the request journal (journal.py) and
injected faults (faults.py). The mock's own control API (`/_mock`) is neither journaled nor
faulted. With the journal off and no rule set, a request costs one attribute test more."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Mapping
from typing import Any

from twitch_mock.core.errors import TwitchError
from twitch_mock.domain.services import Services
from twitch_mock.http.dispatch import Dispatcher, Receive, Scope, Send
from twitch_mock.http.endpoint import ErrorStyle
from twitch_mock.http.faults import FaultRule, Faults, abort_connection
from twitch_mock.http.journal import Journal
from twitch_mock.http.render import CORS, render_error
from twitch_mock.http.request import MAX_BODY, combine_headers
from twitch_mock.store.auth import Token

log = logging.getLogger("twitch_mock")

CONTROL_PREFIX = "/_mock"
# A body that starts like Helix's answer and stops: what a truncated or garbled response looks like.
MALFORMED_BODY = b'{"data":[{"id":"'
READS = frozenset({"GET", "HEAD", "OPTIONS"})
DEFAULT_MESSAGES = {
    401: "Invalid OAuth token",
    429: "Request limit exceeded",
}


class DroppedConnection(Exception):
    """Raised for a `drop` fault when the server gives no way to close the connection silently."""


class FaultError(TwitchError):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message, headers)
        self.status = status


class Powers:
    def __init__(self, dispatcher: Dispatcher, services: Services) -> None:
        self.dispatcher = dispatcher
        self.services = services
        self.journal = Journal(services.settings.journal_size, self._credential)
        self.faults = Faults()

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[Any]:
        """The dispatcher's own coroutine when there is nothing to journal or fault (no frame of
        ours in the way of every suspension), else the powers around it."""
        if not self.journal.size and not self.faults.rules:
            return self.dispatcher(scope, receive, send)
        path: str = scope["path"]
        if path.startswith(CONTROL_PREFIX) and (len(path) == 6 or path[6] == "/"):
            return self.dispatcher(scope, receive, send)
        return self._around(scope, receive, send)

    async def _around(self, scope: Scope, receive: Receive, send: Send) -> None:
        journal = self.journal
        path: str = scope["path"]
        method: str = scope["method"]
        if method in READS and not self.faults.rules:
            # the hot path: one tuple into the ring (journal.Raw); the token is looked up on reading
            started = time.perf_counter()
            at = self.services.clock.now()
            answered = await self.dispatcher(scope, receive, send)
            journal.count += 1
            journal.entries.append(
                (
                    journal.count,
                    at,
                    method,
                    path,
                    scope.get("query_string", b""),
                    scope["headers"],
                    b"",
                    None,
                    answered,
                    time.perf_counter() - started,
                    None,
                )
            )
            return
        started = time.perf_counter()
        at = self.services.clock.now()
        rule = None
        if self.faults.rules:
            rule = self.faults.take(method, path, lambda: self._who(scope))
        status: list[int | None] = [None]
        chunks: list[bytes] = []
        read: list[dict[str, Any]] = []
        if journal.size and method not in READS:
            # read the body now, so it is journaled even when the answer never reads it (a 404)
            size = 0
            while size <= MAX_BODY:
                message = await receive()
                read.append(message)
                chunk = message.get("body", b"")
                size += len(chunk)
                chunks.append(chunk)
                if message["type"] != "http.request" or not message.get("more_body"):
                    break

        async def receiving() -> dict[str, Any]:
            return read.pop(0) if read else await receive()

        async def sending(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            if rule is None:
                await self.dispatcher(scope, receiving if journal.size else receive, sending)
            else:
                await self._fault(rule, scope, receiving, sending, send)
        finally:
            if journal.size:
                journal.append(
                    at,
                    method,
                    path,
                    scope.get("query_string", b""),
                    scope["headers"],
                    b"".join(chunks),
                    self._token(scope),
                    status[0],
                    time.perf_counter() - started,
                    rule.id if rule is not None else None,
                )

    def websocket_connected(self, scope: Mapping[str, Any]) -> None:
        """Journal a WebSocket connect (status 101: the handshake was accepted by the app)."""
        if self.journal.size:
            self.journal.append(
                self.services.clock.now(),
                "GET",
                scope["path"],
                scope.get("query_string", b""),
                scope["headers"],
                b"",
                self._token(scope),
                101,
                0.0,
            )

    # --- who sent it --------------------------------------------------------------------------

    def _token(self, scope: Mapping[str, Any]) -> Token | None:
        for name, value in scope["headers"]:
            if name == b"authorization":
                return self._credential(value.decode("latin-1"))
        return None

    def _credential(self, authorization: str) -> Token | None:
        """The token an Authorization header value (`Bearer x`, `OAuth x`) names, if it exists."""
        credential = authorization.partition(" ")[2].strip()
        return self.services.store.auth.token(credential) if credential else None

    def _who(self, scope: Scope) -> tuple[str | None, str | None]:
        token = self._token(scope)
        if token is not None:
            return token.client_id, token.user_id
        return combine_headers(scope["headers"]).get("client-id"), None

    # --- faults ---------------------------------------------------------------------------------

    async def _fault(
        self, rule: FaultRule, scope: Scope, receive: Receive, send: Send, raw_send: Send
    ) -> None:
        if rule.delay_ms:
            await asyncio.sleep(rule.delay_ms / 1000)
        if rule.action == "drop":
            await _drop(scope, raw_send)
            return
        if rule.action == "malformed":
            headers = [(b"content-type", b"application/json"), *CORS]
            headers.append((b"content-length", str(len(MALFORMED_BODY)).encode()))
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": MALFORMED_BODY})
            return
        if rule.status is None:  # latency only: then the normal answer
            await self.dispatcher(scope, receive, send)
            return
        await self._error(rule, scope, send)

    async def _error(self, rule: FaultRule, scope: Scope, send: Send) -> None:
        assert rule.status is not None
        path: str = scope["path"]
        route = self.dispatcher.routes.get(path.rstrip("/") or "/")
        api = route.api if route else self.dispatcher.api_for(path)
        style = api.errors if api else ErrorStyle.HELIX
        message = rule.message if rule.message is not None else DEFAULT_MESSAGES.get(rule.status, "")
        extra: dict[str, str] = {}
        if rule.status == 429:
            extra = self._rate_headers()
        _, headers, body = render_error(FaultError(rule.status, message, extra), style)
        headers = [*headers, *CORS, (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": rule.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _rate_headers(self) -> dict[str, str]:
        """A 429's Ratelimit-* headers: the limit, nothing remaining, and the reset when the next
        point is back in the bucket (the moment a retry succeeds)."""
        limit = self.dispatcher.limiter.limit
        now = self.services.clock.now()
        reset = int(now + 60.0 / limit) + 1
        return {"Ratelimit-Limit": str(limit), "Ratelimit-Remaining": "0", "Ratelimit-Reset": str(reset)}


async def _drop(scope: Scope, send: Send) -> None:
    """End the connection without an answer (faults.abort_connection: uvicorn's transport is
    aborted, Granian's socket shut down). Where neither works, Granian's response is cut short after
    its headers and one byte (the client sees the connection close mid-body); other servers get an
    exception (the in-process TestClient raises it to the test)."""
    cycle = getattr(send, "__self__", None)
    if abort_connection(scope, send):
        if cycle is not None and hasattr(cycle, "disconnected"):
            cycle.disconnected = True  # so uvicorn doesn't try to answer 500 on the dead connection
        return
    if type(cycle).__module__.startswith("granian"):
        # promise a body, send none, and the connection ends short of it
        headers = [(b"content-type", b"application/json"), (b"content-length", b"1024")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"{", "more_body": True})
    raise DroppedConnection("the fault rule dropped the connection")
