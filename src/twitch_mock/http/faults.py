"""Fault injection: rules that make the mock misbehave on purpose (`POST /_mock/faults`).

A rule matches requests by method, path glob, client and user (all optional), fires for the next
`times` of them or for a `probability` share (or for every one until removed), and answers instead
with an error `status` (Twitch's body; a 429 carries Ratelimit-* headers), adds `delay_ms` of
latency before the normal answer, drops the connection without an answer (`action: "drop"`), or
answers 200 with a body that is not JSON (`action: "malformed"`).

WebSocket rules (actions `drop`, `stop_keepalives`, `session_reconnect`) match the WebSocket's
path (and, once a session holds a subscription, its client and user); the EventSub WebSocket
transport asks `Faults.websocket(path)` when a session connects and after each message it sends,
and applies the rule it gets (eventsub/websocket.py). `abort_connection` ends a connection with no
goodbye (no close frame, no response bytes) under the servers twitch-mock runs."""

from __future__ import annotations

import fnmatch
import os
import random
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from twitch_mock.core.errors import BadRequest, malformed

HTTP_ACTIONS = ("drop", "malformed")
WEBSOCKET_ACTIONS = ("drop", "stop_keepalives", "session_reconnect")
ACTIONS = tuple(dict.fromkeys((*HTTP_ACTIONS, *WEBSOCKET_ACTIONS)))
FIELDS = (
    "method",
    "path",
    "client_id",
    "user_id",
    "times",
    "probability",
    "status",
    "message",
    "delay_ms",
    "action",
)
MAX_DELAY_MS = 600_000


@dataclass(slots=True)
class FaultRule:
    id: str
    method: str | None = None
    path: str | None = None
    client_id: str | None = None
    user_id: str | None = None
    times: int | None = None
    probability: float | None = None
    status: int | None = None
    message: str | None = None
    delay_ms: int | None = None
    action: str | None = None
    fired: int = 0

    @property
    def remaining(self) -> int | None:
        return None if self.times is None else max(0, self.times - self.fired)

    @property
    def needs_token(self) -> bool:
        return self.client_id is not None or self.user_id is not None

    @property
    def websocket_only(self) -> bool:
        return self.action in ("stop_keepalives", "session_reconnect")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "method": self.method,
            "path": self.path,
            "client_id": self.client_id,
            "user_id": self.user_id,
            "times": self.times,
            "probability": self.probability,
            "status": self.status,
            "message": self.message,
            "delay_ms": self.delay_ms,
            "action": self.action,
            "fired": self.fired,
            "remaining": self.remaining,
        }

    def matches(self, method: str, path: str, who: Callable[[], tuple[str | None, str | None]]) -> bool:
        if self.times is not None and self.fired >= self.times:
            return False
        if self.method is not None and self.method != method:
            return False
        if self.path is not None and not fnmatch.fnmatchcase(path, self.path):
            return False
        if self.needs_token:
            client_id, user_id = who()
            if self.client_id is not None and self.client_id != client_id:
                return False
            if self.user_id is not None and self.user_id != user_id:
                return False
        return True


def _string(spec: dict[str, Any], name: str) -> str | None:
    value = spec.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise malformed(name, "the value must be a non-empty string")
    return value


def _integer(spec: dict[str, Any], name: str, low: int, high: int, why: str) -> int | None:
    value = spec.get(name)
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise malformed(name, why)
    return value


def parse_rule(rule_id: str, spec: dict[str, Any]) -> FaultRule:
    """A rule from `POST /_mock/faults`' JSON fields; Twitch-style 400s for bad ones."""
    unknown = sorted(set(spec) - set(FIELDS))
    if unknown:
        raise BadRequest(f'Unknown field "{unknown[0]}"; expected some of: {", ".join(FIELDS)}')
    method = _string(spec, "method")
    times = _integer(spec, "times", 1, 1_000_000, "the value must be an integer from 1 to 1000000")
    probability = spec.get("probability")
    if probability is not None:
        if (
            isinstance(probability, bool)
            or not isinstance(probability, int | float)
            or not 0 < probability <= 1
        ):
            raise malformed("probability", "the value must be a number greater than 0 and at most 1")
        probability = float(probability)
    if times is not None and probability is not None:
        raise BadRequest('The parameters "times" and "probability" cannot be used together')
    status = _integer(spec, "status", 400, 599, "the value must be an HTTP error status from 400 to 599")
    delay = _integer(
        spec, "delay_ms", 0, MAX_DELAY_MS, f"the value must be an integer from 0 to {MAX_DELAY_MS}"
    )
    action = _string(spec, "action")
    if action is not None and action not in ACTIONS:
        raise malformed("action", f"the value must be one of: {', '.join(ACTIONS)}")
    message = spec.get("message")
    if message is not None and not isinstance(message, str):
        raise malformed("message", "the value must be a string")
    if status is None and delay is None and action is None:
        raise BadRequest('Missing required parameter "status", "delay_ms" or "action": what the fault does')
    if status is not None and action is not None:
        raise BadRequest('The parameters "status" and "action" cannot be used together')
    if message is not None and status is None:
        raise BadRequest('The parameter "message" needs a "status"')
    return FaultRule(
        id=rule_id,
        method=method.upper() if method else None,
        path=_string(spec, "path"),
        client_id=_string(spec, "client_id"),
        user_id=_string(spec, "user_id"),
        times=times,
        probability=probability,
        status=status,
        message=message,
        delay_ms=delay,
        action=action,
    )


@dataclass
class Faults:
    """The active rules, in the order they were added; the first that matches fires."""

    rules: list[FaultRule] = field(default_factory=list)
    random: random.Random = field(default_factory=random.Random)
    added: int = 0

    def add(self, spec: dict[str, Any]) -> FaultRule:
        rule = parse_rule(str(self.added + 1), spec)
        self.added += 1
        self.rules.append(rule)
        return rule

    def remove(self, rule_id: str) -> bool:
        before = len(self.rules)
        self.rules = [r for r in self.rules if r.id != rule_id]
        return len(self.rules) != before

    def clear(self) -> None:
        self.rules = []

    def get(self, rule_id: str) -> FaultRule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def take(
        self,
        method: str,
        path: str,
        who: Callable[[], tuple[str | None, str | None]],
        *,
        websocket: bool = False,
    ) -> FaultRule | None:
        """The rule that fires for this request (its count taken), if any."""
        for rule in self.rules:
            if rule.websocket_only if not websocket else rule.action not in WEBSOCKET_ACTIONS:
                continue
            if not rule.matches(method, path, who):
                continue
            if rule.probability is not None and self.random.random() >= rule.probability:
                continue
            rule.fired += 1
            return rule
        return None

    def websocket(
        self, path: str, who: Callable[[], tuple[str | None, str | None]] | None = None
    ) -> FaultRule | None:
        """The hook for WebSocket transports: the WebSocket rule (drop, stop_keepalives,
        session_reconnect) that fires now for a session at `path`, if any."""
        if not self.rules:
            return None
        return self.take("GET", path, who or _nobody, websocket=True)


def _nobody() -> tuple[str | None, str | None]:
    return None, None


def abort_connection(scope: Mapping[str, Any], send: Callable[..., Any]) -> bool:
    """End the connection of this ASGI scope at once, with nothing more sent (a WebSocket client
    sees an abnormal closure, 1006); False when the server gives no way to. uvicorn's `send` is a
    method of the connection's protocol, which holds the asyncio transport: it is aborted. Granian
    (embedded in this process) hides its sockets: the one whose ends are the scope's client and
    server addresses is found among this process's descriptors and shut down."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is not None and hasattr(transport, "abort"):
        transport.abort()
        return True
    return _shut_down(scope.get("client"), scope.get("server"))


def _shut_down(client: Any, server: Any) -> bool:
    if not client or not server:
        return False
    try:
        peer, local = (client[0], int(client[1])), (server[0], int(server[1]))
        descriptors = os.listdir("/proc/self/fd")
    except (OSError, ValueError, TypeError, IndexError):
        return False
    for name in descriptors:
        try:
            fd = os.dup(int(name))
        except (OSError, ValueError):
            continue  # closed since the listing
        try:
            sock = socket.socket(fileno=fd)
        except OSError:
            os.close(fd)  # not a socket
            continue
        try:
            if (
                sock.type == socket.SOCK_STREAM
                and sock.getpeername()[:2] == peer
                and sock.getsockname()[:2] == local
            ):
                sock.shutdown(socket.SHUT_RDWR)  # the socket itself, not just this duplicate
                return True
        except OSError:
            continue
        finally:
            sock.close()
    return False
