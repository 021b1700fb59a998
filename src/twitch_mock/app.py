"""The ASGI application: every namespace on one port. Helix under /helix and /mock, id.twitch.tv
under /oauth2 and /auth, plus the mock's own /units and /_mock. WebSocket scopes go to Starlette's
`WebSocket` (its handshake and close state machine) and a handler looked up by path."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from twitch_mock.control import CONTROL
from twitch_mock.domain.services import Services
from twitch_mock.eventsub.conduits import CONDUITS
from twitch_mock.eventsub.endpoints import EVENTSUB, EVENTSUB_CONTROL
from twitch_mock.eventsub.runtime import EventSub
from twitch_mock.eventsub.websocket import PATH as EVENTSUB_WS
from twitch_mock.helix import HELIX
from twitch_mock.http.dispatch import Dispatcher, Receive, Scope, Send
from twitch_mock.http.endpoint import Api
from twitch_mock.http.openapi import docs_api
from twitch_mock.http.powers import Powers
from twitch_mock.oauth.endpoints import OAUTH, OIDC_ROOT
from twitch_mock.units import UNITS

log = logging.getLogger("twitch_mock")

APIS: tuple[Api, ...] = (HELIX, CONDUITS, OAUTH, UNITS, OIDC_ROOT, CONTROL, EVENTSUB, EVENTSUB_CONTROL)
# what is served under /helix (and /mock): the Helix families, EventSub's subscriptions and conduits
HELIX_APIS: tuple[Api, ...] = tuple(api for api in APIS if "/helix" in api.prefixes)
HELIX_ENDPOINTS = tuple(e for api in HELIX_APIS for e in api.endpoints)
HELIX_GONE = tuple(g for api in HELIX_APIS for g in api.gone)

WebSocketHandler = Callable[[WebSocket], Awaitable[None]]

# RFC 6455 7.4.1: 1008 = policy violation (the generic refusal), 1011 = unexpected server error
UNKNOWN_PATH = 1008
GOING_AWAY = 1001  # the server is shutting down
INTERNAL_ERROR = 1011
MAX_REASON = 123  # bytes a close frame's reason may hold


class App:
    """Routes HTTP to the dispatcher, WebSockets to `websockets[path]`, and answers lifespan."""

    def __init__(
        self,
        services: Services,
        apis: Sequence[Api] = APIS,
        websockets: Mapping[str, WebSocketHandler] | None = None,
    ) -> None:
        self.services = services
        self.dispatcher = Dispatcher([*apis, docs_api(apis)], services)  # + /openapi.json, /docs
        self.powers = Powers(self.dispatcher, services)  # the request journal and fault rules
        # path -> handler; a transport (EventSub's /ws) registers here
        self.websockets: dict[str, WebSocketHandler] = dict(websockets or {})
        if EVENTSUB in apis:  # EventSub's runtime: dispatch from the outbox, and its WebSocket
            self.eventsub = EventSub.of(services)
            self.websockets.setdefault(EVENTSUB_WS, self.eventsub.websocket.handle)
            self.eventsub.websocket.faults = self.powers.faults  # its sessions ask them (issue 17)
        self.sessions: set[WebSocket] = set()  # open WebSocket sessions, closed with 1001 on shutdown
        # told of each HTTP request's start and end: EventSub's deliveries yield to them
        self.pacer = self.eventsub.pacer if EVENTSUB in apis else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            pacer = self.pacer
            if pacer is None:
                await self.powers(scope, receive, send)
                return
            pacer.started()
            try:
                await self.powers(scope, receive, send)
            finally:
                pacer.ended()
        elif kind == "websocket":
            await self.websocket(WebSocket(scope, receive, send))  # type: ignore[arg-type]
        elif kind == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return

    async def websocket(self, ws: WebSocket) -> None:
        server = ws.scope.get("server")
        if not self.dispatcher.guard.host_ok(ws.headers.get("host"), server[0] if server else None):
            await ws.close(UNKNOWN_PATH)  # before the handshake: the server answers 403 (DNS rebinding)
            return
        path: str = ws.scope["path"]
        if len(path) > 1 and path.endswith("/"):
            path = path.rstrip("/") or "/"
        handler = self.websockets.get(path)
        if handler is None:
            # Accept, then close with a reason: refusing the handshake instead makes servers answer
            # a bare HTTP 403, and the client never learns why.
            await ws.accept()
            await ws.close(UNKNOWN_PATH, _reason(f"No WebSocket endpoint at {path}"))
            return
        self.powers.websocket_connected(ws.scope)
        self.sessions.add(ws)
        try:
            await handler(ws)
        except WebSocketDisconnect:
            return
        except Exception:
            log.exception("unhandled error in WebSocket %s", path)
            if ws.application_state is WebSocketState.CONNECTING:
                await ws.accept()
            connected = WebSocketState.CONNECTED
            if ws.application_state is connected and ws.client_state is connected:
                await ws.close(INTERNAL_ERROR, "An internal error occurred in twitch-mock; see its log")
        finally:
            self.sessions.discard(ws)

    async def shutdown(self, grace: float) -> None:
        """The server is stopping: bodies still arriving get `grace` seconds, sessions close (1001)."""
        self.dispatcher.begin_shutdown(grace)
        connected = WebSocketState.CONNECTED
        for ws in list(self.sessions):
            if ws.application_state is connected and ws.client_state is connected:
                with contextlib.suppress(Exception):
                    await ws.close(GOING_AWAY, "twitch-mock is shutting down")


def _reason(text: str) -> str:
    return text.encode()[:MAX_REASON].decode("utf-8", "ignore")


def create_app(services: Services) -> App:
    return App(services)
