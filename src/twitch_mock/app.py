"""The ASGI application: every namespace on one port. Helix under /helix and /mock, id.twitch.tv
under /oauth2 and /auth, plus the mock's own /units and /_mock. WebSocket scopes go to Starlette's
`WebSocket` (its handshake and close state machine) and a handler looked up by path."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from twitch_mock.control import CONTROL
from twitch_mock.domain.services import Services
from twitch_mock.helix import HELIX
from twitch_mock.http.dispatch import Dispatcher, Receive, Scope, Send
from twitch_mock.http.endpoint import Api
from twitch_mock.http.openapi import docs_api
from twitch_mock.oauth.endpoints import OAUTH, OIDC_ROOT
from twitch_mock.units import UNITS

log = logging.getLogger("twitch_mock")

APIS: tuple[Api, ...] = (HELIX, OAUTH, UNITS, OIDC_ROOT, CONTROL)

WebSocketHandler = Callable[[WebSocket], Awaitable[None]]

# RFC 6455 7.4.1: 1008 = policy violation (the generic refusal), 1011 = unexpected server error
UNKNOWN_PATH = 1008
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
        # path -> handler; a transport (EventSub's /ws) registers here
        self.websockets: dict[str, WebSocketHandler] = dict(websockets or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self.dispatcher(scope, receive, send)
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


def _reason(text: str) -> str:
    return text.encode()[:MAX_REASON].decode("utf-8", "ignore")


def create_app(services: Services) -> App:
    return App(services)
