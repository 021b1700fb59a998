"""The ASGI application: every namespace on one port. Helix under /helix and /mock, id.twitch.tv
under /oauth2 and /auth, plus the mock's own /units and /_mock."""

from __future__ import annotations

from collections.abc import Sequence

from twitch_mock.control import CONTROL
from twitch_mock.domain.services import Services
from twitch_mock.helix import HELIX
from twitch_mock.http.dispatch import Dispatcher, Receive, Scope, Send
from twitch_mock.http.endpoint import Api
from twitch_mock.oauth.endpoints import OAUTH, OIDC_ROOT
from twitch_mock.units import UNITS

APIS: tuple[Api, ...] = (HELIX, OAUTH, UNITS, OIDC_ROOT, CONTROL)


class App:
    """Routes HTTP to the dispatcher, answers lifespan, and refuses WebSockets for now."""

    def __init__(self, services: Services, apis: Sequence[Api] = APIS) -> None:
        self.services = services
        self.dispatcher = Dispatcher(apis, services)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self.dispatcher(scope, receive, send)
        elif kind == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        elif kind == "websocket":
            await send({"type": "websocket.close", "code": 1008})


def create_app(services: Services) -> App:
    return App(services)
