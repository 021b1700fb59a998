"""Serving the app: binding (loopback by default, both 127.0.0.1 and ::1 for `localhost`),
running Granian (embedded) or uvicorn in the current event loop, and stopping cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import socket
from collections.abc import Callable
from typing import Any

ServerError = OSError
Address = tuple[str, int]


class BindError(Exception):
    """The address cannot be served (port taken, address unavailable)."""


def resolve(host: str) -> list[str]:
    """`localhost` means both loopback addresses; anything else is used as given."""
    if host == "localhost":
        return ["127.0.0.1", "::1"] if _has_ipv6_loopback() else ["127.0.0.1"]
    return [host.strip("[]")]


WILDCARD_LOOPBACK = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}


def local_url(host: str, port: int) -> str:
    """The URL a client on this machine uses: IPv6 literals in brackets, a wildcard bind (0.0.0.0,
    ::) as its loopback address."""
    bare = host.strip("[]")
    bare = WILDCARD_LOOPBACK.get(bare, bare)
    return f"http://[{bare}]:{port}" if ":" in bare else f"http://{bare}:{port}"


def exposure_warning(host: str, remote_control: bool) -> str | None:
    """What a non-loopback bind exposes (None for loopback ones)."""
    from twitch_mock.http.guard import host_name, is_loopback

    if is_loopback(host_name(host)) or host_name(host) == "":
        return None
    control = (
        "and, with --allow-remote-control, the control API (/_mock: reset, tokens for any user) and "
        "/units (client secrets)"
        if remote_control
        else "(the control API /_mock and /units still answer loopback clients only)"
    )
    return (
        f"WARNING: --host {host} is not a loopback address: every machine that can reach it can use "
        "Helix and id.twitch.tv (tokens; the consent and activation pages approve as any user) "
        f"{control}. twitch-mock has no authentication of its own; bind to localhost unless you mean it."
    )


def _has_ipv6_loopback() -> bool:
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


def bind(host: str, port: int) -> list[socket.socket]:
    """Listening sockets for every address of `host`, all on one port (a free one if `port` is 0)."""
    sockets: list[socket.socket] = []
    try:
        for address in resolve(host):
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on sockets whose proto says TCP, and
            # without it every response stalls 40 ms on delayed ACKs.
            sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind((address, port))
            sock.listen(1024)
            sock.setblocking(False)
            port = sock.getsockname()[1]
    except OSError as exc:
        for sock in sockets:
            sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise BindError(f"port {port} is already in use on {host}") from exc
        raise BindError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    return sockets


def new_event_loop() -> asyncio.AbstractEventLoop:
    """uvloop where it is installed (it is, with uvicorn[standard]), else asyncio's own loop."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


async def serve(
    app: Any,
    sockets: list[socket.socket],
    backend: str,
    stop: asyncio.Event,
    ready: Callable[[], None] | None = None,
) -> None:
    """Serve `app` on the bound sockets until `stop` is set."""
    if backend == "uvicorn":
        await _serve_uvicorn(app, sockets, stop, ready)
    else:
        await _serve_granian(app, sockets, stop, ready)


async def _serve_uvicorn(
    app: Any, sockets: list[socket.socket], stop: asyncio.Event, ready: Callable[[], None] | None
) -> None:
    import uvicorn

    config = uvicorn.Config(
        app,
        lifespan="off",
        log_level="warning",
        access_log=False,
        loop="none",
        http="httptools",
        ws="auto",
        # Clients pool connections; closing idle ones after uvicorn's default 5 s races with a
        # client that reuses one at that moment ("Connection closed" in aiohttp).
        timeout_keep_alive=75,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=sockets))
    while not server.started and not task.done():
        await asyncio.sleep(0.005)
    if ready and server.started:
        ready()
    stopper = asyncio.create_task(stop.wait())
    await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    server.should_exit = True
    await task
    stopper.cancel()


async def _serve_granian(
    app: Any, sockets: list[socket.socket], stop: asyncio.Event, ready: Callable[[], None] | None
) -> None:
    from granian.constants import Interfaces
    from granian.server.embed import Server

    logging.getLogger("_granian").setLevel(logging.ERROR)
    servers = []
    for sock in sockets:
        address, port = sock.getsockname()[:2]
        sock.close()  # Granian binds by itself; the moment between is the only race
        servers.append(
            Server(
                app,
                address=address,
                port=port,
                interface=Interfaces.ASGI,
                log_enabled=False,
                websockets=True,
                backlog=1024,
            )
        )
    tasks = [asyncio.create_task(s.serve()) for s in servers]
    await asyncio.sleep(0.05)
    if ready and not any(t.done() for t in tasks):
        ready()
    stopper = asyncio.create_task(stop.wait())
    await asyncio.wait({*tasks, stopper}, return_when=asyncio.FIRST_COMPLETED)
    for s in servers:
        with contextlib.suppress(Exception):
            s.stop()  # type: ignore[no-untyped-call]
    await asyncio.gather(*tasks, return_exceptions=True)
    stopper.cancel()
