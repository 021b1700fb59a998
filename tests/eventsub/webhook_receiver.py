"""A webhook receiver for the transport tests: a real aiohttp server on 127.0.0.1 (port chosen by
the OS) that records every request and answers as each path's script says."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


Answer = Callable[[Received], Awaitable[web.Response]]


async def ok(received: Received) -> web.Response:
    return web.Response(status=204)


async def echo_challenge(received: Received) -> web.Response:
    import json

    return web.Response(text=json.loads(received.body)["challenge"])


@dataclass
class Receiver:
    answers: dict[str, Answer] = field(default_factory=dict)  # path -> how to answer (default: 204)
    received: list[Received] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    url: str = ""
    runner: web.AppRunner | None = None

    async def start(self) -> Receiver:
        app = web.Application()
        app.router.add_route("POST", "/{tail:.*}", self._handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = self.runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        got = Received(request.path, dict(request.headers), await request.read())
        self.received.append(got)
        self.arrived.set()
        return await self.answers.get(request.path, ok)(got)

    def at(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]
