"""EventSub's WebSocket transport at `/ws` (reference/eventsub.md section b): `session_welcome`
first, `session_keepalive` only when nothing else was sent for `keepalive_timeout_seconds`
(10..600, clamped; default 10), `notification` and `revocation` for the session's subscriptions,
`session_reconnect` with a one-use `reconnect_url` that moves the subscriptions to the new
session, and the close codes 4000-4007.

Time is the mock's clock: a session wakes every half second of real time and whenever the clock
is advanced, so a test that advances 10 s sees the keepalive (or the 4003 of an unused session) at
once. Ping and pong are control frames the server answers itself; any data frame from the client
closes the connection with 4001.

Fault rules (http/faults.py) are asked once when a session connects and after each later message
it sends: `drop` ends the connection with no close frame (before the welcome, when it fires at
connect; the subscriptions get `websocket_network_error`), `stop_keepalives` ends the session's
keepalives, `session_reconnect` sends `session_reconnect` as the control route does (after the
welcome, at connect; the transport does not ask again after that message)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import string
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson
from starlette.websockets import WebSocket

from twitch_mock.core.errors import BadRequest, NotFound
from twitch_mock.domain import conduits
from twitch_mock.domain import eventsub as store
from twitch_mock.domain.services import Services
from twitch_mock.eventsub.transport import Message, Target
from twitch_mock.http.faults import abort_connection

if TYPE_CHECKING:
    from twitch_mock.eventsub.runtime import EventSub
    from twitch_mock.http.faults import Faults

log = logging.getLogger("twitch_mock")

PATH = "/ws"
DEFAULT_KEEPALIVE = 10
MIN_KEEPALIVE, MAX_KEEPALIVE = 10, 600
RECONNECT_GRACE = 30.0
TICK = 0.5  # seconds of real time between two looks at the clock
MAX_SUBSCRIPTIONS = 300  # enabled subscriptions per connection

# close code -> (reason text, status its subscriptions get); eventsub.md b.5
CLOSE_CODES: dict[int, tuple[str, str | None]] = {
    4000: ("internal server error", "websocket_internal_error"),
    4001: ("sent inbound traffic", "websocket_received_inbound_traffic"),
    4002: ("failed ping pong", "websocket_failed_ping_pong"),
    4003: ("connection unused", "websocket_connection_unused"),
    4004: ("client reconnect grace time expired", "websocket_failed_to_reconnect"),
    4005: ("network timeout", "websocket_network_timeout"),
    4006: ("network error", "websocket_network_error"),
    4007: ("invalid reconnect attempt", None),
}
DISCONNECTED = "websocket_disconnected"
PING_FAILED = "twitch_mock.ping_failed"  # in a connection's scope: its Pong did not come (server.py)
ABNORMAL = 1006  # queued as a close: end the connection with no close frame (a `drop` fault)
DROPPED = "websocket_network_error"  # the status a dropped session's subscriptions get
_ID_ALPHABET = string.ascii_letters + string.digits + "_-"


def no_session(session_id: str) -> str:
    return f"No connected EventSub WebSocket session {session_id}"


def session_named(text: str, ids: Sequence[str]) -> str:
    """The one of `ids` that `text` names: itself, or (as twitch-cli's `--session` takes a client's
    short name) a part that begins or ends exactly one of them. NotFound when none, BadRequest
    when several."""
    if text in ids:
        return text
    matches = [i for i in ids if text and (i.startswith(text) or i.endswith(text))]
    if len(matches) > 1:
        raise BadRequest(f"EventSub WebSocket session {text} is ambiguous: {len(matches)} sessions match")
    if not matches:
        raise NotFound(no_session(text))
    return matches[0]


def keepalive_seconds(text: str | None) -> int:
    """The negotiated keepalive: the query value clamped to 10..600, 10 when absent or not a number."""
    try:
        value = int(text) if text is not None else DEFAULT_KEEPALIVE
    except ValueError:
        return DEFAULT_KEEPALIVE
    return max(MIN_KEEPALIVE, min(MAX_KEEPALIVE, value))


@dataclass(eq=False)
class Session:
    id: str
    loop: asyncio.AbstractEventLoop
    keepalive: int
    connected_at: str
    started: float  # mock time of the welcome
    host: str
    last_sent: float = 0.0  # mock time of the last message sent
    # a message's frame (paced), the session's own frame, or a close (code, reason)
    queue: asyncio.Queue[str | _Own | tuple[int, str]] = field(default_factory=asyncio.Queue)
    client_id: str | None = None  # bound by its first subscription
    user_id: str | None = None
    subscribed: bool = False
    keepalive_enabled: bool = True
    closing: bool = False
    close_status: str | None = None
    reconnect_id: str | None = None
    reconnect_deadline: float | None = None
    moved_to: str | None = None
    thread: int = field(default_factory=threading.get_ident)  # the loop's: sessions start on it

    def put(self, item: str | _Own | tuple[int, str]) -> None:
        """Queue a frame (any thread; on the loop's own, at once: no wake-up through its pipe)."""
        if threading.get_ident() == self.thread:
            self.queue.put_nowait(item)
            return
        with contextlib.suppress(RuntimeError):  # the loop has closed
            self.loop.call_soon_threadsafe(self.queue.put_nowait, item)


@dataclass(frozen=True, slots=True)
class _Own:
    """A frame the session sends of itself (welcome, keepalive, reconnect): it never waits for a
    turn (eventsub/pacing.py: a keepalive late under load would end the client's session).
    `ask`: whether the fault rules are asked after it (not after the welcome: they were asked at
    connect; nor after a `session_reconnect` a rule sent)."""

    text: str
    ask: bool


class WebSocketTransport:
    method = "websocket"

    def __init__(self, services: Services, runtime: EventSub) -> None:
        self.services = services
        self.runtime = runtime
        self.sessions: dict[str, Session] = {}
        self._reconnects: dict[str, Session] = {}
        # told (session id, the status its subscriptions got) when a session ends without moving:
        # the conduit transport disables the shards on it
        self.session_closed: list[Callable[[str, str], None]] = []
        self.faults: Faults | None = None  # the app's fault rules (app.py), asked per session

    # --- the seam -------------------------------------------------------------------------------

    def deliver(self, target: Target, message: Message) -> None:
        session = self.sessions.get(target.session_id or "")
        if session is None or session.closing or session.moved_to is not None:
            return
        # the frame as orjson would write {"metadata": {...}, "payload": body}: every metadata
        # value is the mock's own (ids, RFC3339 stamps, type names), none needs escaping
        session.last_sent = self.services.clock.now()
        m = message
        session.put(
            f'{{"metadata":{{"message_id":"{m.message_id}","message_type":"{m.type}",'
            f'"message_timestamp":"{m.timestamp}","subscription_type":"{m.subscription_type}",'
            f'"subscription_version":"{m.subscription_version}"}},"payload":{m.json().decode()}}}'
        )

    def live(self, session_id: str) -> Session | None:
        """A connected session that may take subscriptions."""
        session = self.sessions.get(session_id)
        if session is None or session.closing or session.moved_to is not None:
            return None
        return session

    def connected(self) -> list[Session]:
        """Every connected session that may take subscriptions, oldest first."""
        return [s for s in self.sessions.values() if not s.closing and s.moved_to is None]

    def named(self, text: str) -> Session:
        """The connected session a control names (see `session_named`)."""
        return self.sessions[session_named(text, [s.id for s in self.connected()])]

    def bind(self, session: Session, client_id: str, user_id: str) -> None:
        """A subscription was created on the session: it belongs to this (client, user) now."""
        session.client_id, session.user_id, session.subscribed = client_id, user_id, True

    # --- frames ---------------------------------------------------------------------------------

    def _metadata(self, kind: str) -> dict[str, Any]:
        from twitch_mock.eventsub.transport import timestamp

        return {
            "message_id": self.services.ids.guid(),
            "message_type": kind,
            "message_timestamp": timestamp(self.services.clock.now()),
        }

    def _send(self, session: Session, frame: dict[str, Any], ask: bool = True) -> None:
        session.last_sent = self.services.clock.now()
        session.put(_Own(orjson.dumps(frame).decode(), ask))

    def _session_json(
        self, session: Session, status: str, reconnect_url: str | None = None
    ) -> dict[str, Any]:
        return {
            "id": session.id,
            "status": status,
            "connected_at": session.connected_at,
            "keepalive_timeout_seconds": session.keepalive if status == "connected" else None,
            "reconnect_url": reconnect_url,
            "recovery_url": None,
        }

    def close(self, session: Session, code: int, status: str | None = None) -> None:
        """Close the connection with `code`; its subscriptions get the code's status (or `status`)."""
        if session.closing:
            return
        reason, default = CLOSE_CODES.get(code, ("", None))
        session.closing = True
        session.close_status = status if status is not None else default
        session.put((code, reason))

    # --- the connection -------------------------------------------------------------------------

    async def handle(self, ws: WebSocket) -> None:
        await ws.accept()
        query = ws.query_params
        clock = self.services.clock
        old: Session | None = None
        reconnect_id = query.get("reconnect_id")
        if reconnect_id is not None:
            old = self._reconnects.pop(reconnect_id, None)
            if old is None or old.moved_to is not None:
                await ws.close(4007, CLOSE_CODES[4007][0])
                return
        keepalive = keepalive_seconds(query.get("keepalive_timeout_seconds"))
        if old is not None and "keepalive_timeout_seconds" not in query:
            keepalive = old.keepalive
        from twitch_mock.eventsub.transport import timestamp

        now = clock.now()
        session = Session(
            id=self._session_id(),
            loop=asyncio.get_running_loop(),
            keepalive=keepalive,
            connected_at=timestamp(now),
            started=now,
            host=ws.headers.get("host", "localhost"),
        )
        self.sessions[session.id] = session
        if old is not None:
            self._move(old, session)
        fault = self._fault(session)  # a drop is queued before the welcome: none is sent
        self._send(
            session,
            {
                "metadata": self._metadata("session_welcome"),
                "payload": {"session": self._session_json(session, "connected")},
            },
            ask=False,
        )
        if fault == "session_reconnect":
            self.reconnect(session, ask=False)
        sender = asyncio.create_task(self._sender(ws, session))
        ticker = asyncio.create_task(self._ticker(session))
        try:
            while True:
                message = await ws.receive()
                if message["type"] == "websocket.disconnect":
                    if ws.scope.get(PING_FAILED) and not session.closing:  # closed 4002 (server.py)
                        session.closing, session.close_status = True, CLOSE_CODES[4002][1]
                    break
                self.close(session, 4001)  # clients may send nothing but pongs
        finally:
            ticker.cancel()
            self._ended(session)
            if not sender.done():
                sender.cancel()

    def _fault(self, session: Session) -> str | None:
        """Ask the fault rules about the session (at connect, after a message sent) and apply a
        `drop` or `stop_keepalives` that fires; the action that fired, if any."""
        if self.faults is None or not self.faults.rules or session.closing:
            return None
        rule = self.faults.websocket(PATH, lambda: (session.client_id, session.user_id))
        if rule is None:
            return None
        if rule.action == "drop":
            session.closing, session.close_status = True, DROPPED
            session.put((ABNORMAL, ""))
        elif rule.action == "stop_keepalives":
            session.keepalive_enabled = False
        return rule.action

    def _session_id(self) -> str:
        rng = self.services.ids.rng
        return "AgoQ" + "".join(rng.choice(_ID_ALPHABET) for _ in range(24))

    async def _sender(self, ws: WebSocket, session: Session) -> None:
        pacer = self.runtime.pacer
        try:
            while True:
                item = await session.queue.get()
                if isinstance(item, tuple):
                    if item[0] == ABNORMAL:
                        if not abort_connection(ws.scope, ws._send):  # Starlette keeps the ASGI send
                            await ws.close(4006, CLOSE_CODES[4006][0])  # no socket to cut (TestClient)
                        return
                    await ws.close(item[0], item[1])
                    return
                if isinstance(item, str):  # a message: it waits for a turn while requests are in flight
                    if pacer.busy:
                        await pacer.turn()
                    await ws.send_text(item)
                else:
                    await ws.send_text(item.text)
                if (
                    (isinstance(item, str) or item.ask)
                    and self._fault(session) == "session_reconnect"
                    and session.reconnect_id is None  # one pending reconnect at a time
                ):
                    self.reconnect(session, ask=False)
        except Exception:  # the client went away; the receive loop ends the session
            return

    async def _ticker(self, session: Session) -> None:
        while True:
            await asyncio.sleep(TICK)
            self.tick(session)

    def _ended(self, session: Session) -> None:
        self.sessions.pop(session.id, None)
        if session.reconnect_id is not None:
            self._reconnects.pop(session.reconnect_id, None)
        if session.moved_to is not None:
            return
        status = session.close_status or DISCONNECTED
        try:
            with self.services.store.transaction() as conn:
                store.disable_session(conn, session.id, status, self.services.now())
        except Exception:
            log.exception("could not end EventSub session %s", session.id)
        for listener in list(self.session_closed):
            try:
                listener(session.id, status)
            except Exception:
                log.exception("an EventSub session listener failed on %s", session.id)

    def _move(self, old: Session, new: Session) -> None:
        """The reconnect URL was taken: the old session's subscriptions and conduit shards are
        the new session's now."""
        with self.services.store.transaction() as conn:
            store.move_session(conn, old.id, new.id, new.connected_at)
            conduits.session_moved(self.services, old.id, new.id, new.connected_at)
        old.moved_to = new.id
        new.client_id, new.user_id, new.subscribed = old.client_id, old.user_id, old.subscribed
        new.keepalive_enabled = old.keepalive_enabled

    # --- time -----------------------------------------------------------------------------------

    def on_advance(self, seconds: float) -> None:
        """The mock's clock jumped: every session looks at it on its own loop."""
        for session in list(self.sessions.values()):
            try:
                session.loop.call_soon_threadsafe(self.tick, session)
            except RuntimeError:
                continue

    def tick(self, session: Session) -> None:
        if session.closing or session.id not in self.sessions:
            return
        now = self.services.clock.now()
        if session.reconnect_deadline is not None and now >= session.reconnect_deadline:
            self.close(session, 4004)
            return
        if session.moved_to is not None:
            return
        if not session.subscribed and now - session.started >= session.keepalive:
            self.close(session, 4003)
        elif session.keepalive_enabled and now - session.last_sent >= session.keepalive:
            self._send(session, {"metadata": self._metadata("session_keepalive"), "payload": {}})

    def world_reset(self) -> None:
        """The world went back to its seed: sessions that held subscriptions (now gone) close;
        the others start their timers again on the reset clock."""
        now = self.services.clock.now()
        self._reconnects.clear()
        for session in list(self.sessions.values()):
            if session.subscribed:
                self.close(session, 4000)
            else:
                session.started = session.last_sent = now

    # --- controls -------------------------------------------------------------------------------

    def reconnect(self, session: Session, ask: bool = True) -> str:
        """Send `session_reconnect`; the returned URL moves the session's subscriptions once.
        Callers send it once per session (the control API answers 409 to a second)."""
        reconnect_id = self.services.ids.secret(32)
        session.reconnect_id = reconnect_id
        session.reconnect_deadline = self.services.clock.now() + RECONNECT_GRACE
        self._reconnects[reconnect_id] = session
        url = f"ws://{session.host}{PATH}?reconnect_id={reconnect_id}"
        if session.keepalive != DEFAULT_KEEPALIVE:
            url += f"&keepalive_timeout_seconds={session.keepalive}"
        payload = {"session": self._session_json(session, "reconnecting", url)}
        self._send(session, {"metadata": self._metadata("session_reconnect"), "payload": payload}, ask)
        return url

    def set_keepalive(self, session: Session, enabled: bool) -> None:
        session.keepalive_enabled = enabled
