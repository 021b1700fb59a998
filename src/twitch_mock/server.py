"""Serving the app: binding (loopback by default, both 127.0.0.1 and ::1 for `localhost`),
running Granian (embedded) or uvicorn in the current event loop, and stopping cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import select
import socket
from collections.abc import Callable, Iterator
from typing import Any

import orjson

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


# Shutdown: in-flight requests get GRACE seconds, then whatever is left is cut; a stop always ends
# within GRACE + FORCE seconds. Connections (uvicorn): request headers within HEADER_TIMEOUT, idle
# keep-alive connections closed after KEEP_ALIVE; Granian: GRANIAN_HEADER_TIMEOUT for both.
GRACE = 2.5
FORCE = 1.0
HEADER_TIMEOUT = 10.0
KEEP_ALIVE = 75
GRANIAN_HEADER_TIMEOUT = 30
QUIET = 0.1  # a connection that received nothing for this long during a drain is idle
SWEEP = 1.0
MAX_URL = 65_534
MAX_HEADERS = 100
MAX_HEADER_BYTES = 8192 + 4096 * 100
SERVER_REFUSALS = {  # status: (reason phrase, message)
    400: ("Bad Request", "The request is not valid HTTP"),
    414: ("URI Too Long", f"The request target is longer than {MAX_URL} bytes"),
    431: (
        "Request Header Fields Too Large",
        f"The request has more than {MAX_HEADERS} header fields or {MAX_HEADER_BYTES} bytes of them",
    ),
}


def raise_open_file_limit() -> int:
    """The soft open-file limit raised to the hard one (each connection is a descriptor: a default
    soft limit of 1024 locked every new client out at about 1,030 open connections)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
    return int(soft)


async def serve(
    app: Any,
    sockets: list[socket.socket],
    backend: str,
    stop: asyncio.Event,
    ready: Callable[[], None] | None = None,
    ws_ping: float = 0.0,
) -> bool:
    """Serve `app` on the bound sockets until `stop` is set. Returns False when connections were
    still open when the stop's time ran out (the server's tasks were abandoned: exit the process).
    `ws_ping`: seconds between WebSocket Pings and for their Pongs, 0 for none (uvicorn only)."""
    if backend == "uvicorn":
        return await _serve_uvicorn(app, sockets, stop, ready, ws_ping)
    return await _serve_granian(app, sockets, stop, ready)


async def _app_shutdown(app: Any) -> None:
    shutdown = getattr(app, "shutdown", None)
    if shutdown is not None:
        with contextlib.suppress(Exception):
            await shutdown(GRACE)


def _pinging_protocol() -> type[Any]:
    """uvicorn's WebSocket protocol (the one `ws="auto"` picks), pinging as Twitch does: a Ping
    every `ws_ping_interval` seconds; no Pong within `ws_ping_timeout` closes the connection with
    Twitch's 4002 `failed ping pong` instead of uvicorn's 1011, and marks the connection's scope
    (`PING_FAILED`) so EventSub gives its subscriptions `websocket_failed_ping_pong`."""
    from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

    from twitch_mock.eventsub.websocket import CLOSE_CODES, PING_FAILED

    class Pinging(WebSocketsSansIOProtocol):
        def keepalive_timeout(self) -> None:
            self.pong_timer = None
            self.pending_ping_payload = None
            if self.close_sent or self.transport.is_closing():
                return
            self.scope[PING_FAILED] = True  # type: ignore[literal-required]
            self.conn.fail(4002, CLOSE_CODES[4002][0])
            self.transport.write(b"".join(self.conn.data_to_send()))
            self.close_sent = True
            self.transport.close()

    return Pinging


def _tracked_protocol() -> type[Any]:
    """uvicorn's httptools protocol, remembering when each connection last received bytes and since
    when it has waited for a request's headers (uvicorn times neither)."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class Tracked(HttpToolsProtocol):
        active_at = 0.0
        waiting_since: float | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self.active_at = self.waiting_since = self.loop.time()

        def data_received(self, data: bytes) -> None:
            self.active_at = self.loop.time()
            if self.waiting_since is None and (self.cycle is None or self.cycle.response_complete):
                self.waiting_since = self.active_at
            super().data_received(data)

        def on_headers_complete(self) -> None:
            self.waiting_since = None
            super().on_headers_complete()

        # Granian's (hyper's) limits, which uvicorn lacks: 414 past MAX_URL, 431 past MAX_HEADERS
        # fields or MAX_HEADER_BYTES. Raising in a parser callback makes httptools fail the
        # request, which lands in send_400_response with `refusal` set.
        refusal = 400

        def on_url(self, url: bytes) -> None:
            super().on_url(url)
            if len(self.url) > MAX_URL:
                self.refusal = 414
                raise ValueError("URI too long")

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self.header_bytes = 0

        def on_header(self, name: bytes, value: bytes) -> None:
            super().on_header(name, value)
            self.header_bytes += len(name) + len(value)
            if len(self.headers) > MAX_HEADERS or self.header_bytes > MAX_HEADER_BYTES:
                self.refusal = 431
                raise ValueError("headers too large")

        def send_400_response(self, msg: str) -> None:
            """The server's own refusals in Twitch's error shape, as JSON (uvicorn sends text)."""
            status = self.refusal
            phrase, message = SERVER_REFUSALS[status]
            body = orjson.dumps({"error": phrase, "status": status, "message": message})
            head = f"HTTP/1.1 {status} {phrase}\r\n".encode()
            self.transport.write(
                head
                + b"content-type: application/json\r\ncontent-length: "
                + str(len(body)).encode()
                + b"\r\nconnection: close\r\n\r\n"
                + body
            )
            self.transport.close()

    return Tracked


async def _sweep(connections: set[Any]) -> None:
    """Close connections whose request headers have not arrived within HEADER_TIMEOUT (a client
    that connects and sends nothing, or drips a header, holds no descriptor for ever)."""
    loop = asyncio.get_running_loop()
    while True:
        await asyncio.sleep(SWEEP)
        now = loop.time()
        for conn in list(connections):
            since = getattr(conn, "waiting_since", None)
            if since is not None and now - since > HEADER_TIMEOUT and not conn.transport.is_closing():
                conn.transport.close()


async def _drain(server: Any, deadline: float) -> None:
    """Stop accepting, then let every connection finish what it was sent: a request in progress
    is answered with `Connection: close`; a connection that has received nothing for QUIET seconds
    is closed (closing one with unread bytes would reset the client's request)."""
    loop = asyncio.get_running_loop()
    # Connections the kernel already completed are accepted, not reset: wait until no listening
    # socket has one queued (bounded by the deadline), then close them.
    listening = [sock.fileno() for listener in server.servers for sock in listener.sockets]
    while listening and loop.time() < deadline and select.select(listening, [], [], 0)[0]:
        await asyncio.sleep(0.005)
    for listener in server.servers:
        listener.close()
    connections: set[Any] = server.server_state.connections
    while loop.time() < deadline:
        # HTTP connections only: WebSockets were closed by the app (1001), uvicorn ends the rest
        pending = [conn for conn in connections if hasattr(conn, "cycle")]
        if not pending:
            break
        now = loop.time()
        for conn in pending:
            cycle = conn.cycle
            if cycle is not None and not cycle.response_complete:
                cycle.keep_alive = False
            elif now - getattr(conn, "active_at", 0.0) >= QUIET and not conn.transport.is_closing():
                conn.transport.close()
        await asyncio.sleep(0.02)


async def _serve_uvicorn(
    app: Any,
    sockets: list[socket.socket],
    stop: asyncio.Event,
    ready: Callable[[], None] | None,
    ws_ping: float,
) -> bool:
    import uvicorn

    ping = ws_ping if ws_ping > 0 else None

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            yield  # the caller owns the signals (cli.py: the first stops, a second exits at once)

    config = uvicorn.Config(
        app,
        lifespan="off",
        log_level="warning",
        access_log=False,
        loop="none",
        http=_tracked_protocol(),
        ws=_pinging_protocol(),
        ws_ping_interval=ping,
        ws_ping_timeout=ping,
        # Clients pool connections; closing idle ones after uvicorn's default 5 s races with a
        # client that reuses one at that moment ("Connection closed" in aiohttp).
        timeout_keep_alive=KEEP_ALIVE,
        timeout_graceful_shutdown=int(FORCE),
    )
    server = Server(config)
    task = asyncio.create_task(server.serve(sockets=sockets))
    while not server.started and not task.done():
        await asyncio.sleep(0.005)
    if ready and server.started:
        ready()
    sweeper = asyncio.create_task(_sweep(server.server_state.connections))
    stopper = asyncio.create_task(stop.wait())
    await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + GRACE
    if not task.done():
        await _app_shutdown(app)
        await _drain(server, deadline)
    server.should_exit = True
    done, _ = await asyncio.wait({task}, timeout=max(0.0, deadline - loop.time()) + FORCE)
    sweeper.cancel()
    stopper.cancel()
    if not done:
        server.force_exit = True
        task.cancel()
        done, _ = await asyncio.wait({task}, timeout=0.5)
    return bool(done)


async def _serve_granian(
    app: Any, sockets: list[socket.socket], stop: asyncio.Event, ready: Callable[[], None] | None
) -> bool:
    from granian.constants import Interfaces
    from granian.http import HTTP1Settings
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
                # Granian's default (the backlog) caps concurrent connections at 1024: one more
                # idle connection and a new client waited in the accept queue for ever.
                backpressure=max(1024, raise_open_file_limit() - 64),
                # Hyper times the headers from the first byte, and an idle keep-alive connection
                # with it: 30 s outlives the clients' own pool timeouts (aiohttp 15 s, httpx 5 s).
                http1_settings=HTTP1Settings(header_read_timeout=GRANIAN_HEADER_TIMEOUT * 1000),
            )
        )
    tasks = [asyncio.create_task(s.serve()) for s in servers]
    await asyncio.sleep(0.05)
    if ready and not any(t.done() for t in tasks):
        ready()
    stopper = asyncio.create_task(stop.wait())
    await asyncio.wait({*tasks, stopper}, return_when=asyncio.FIRST_COMPLETED)
    await _app_shutdown(app)
    for s in servers:
        with contextlib.suppress(Exception):
            s.stop()  # type: ignore[no-untyped-call]
    _, pending = await asyncio.wait(tasks, timeout=GRACE + FORCE)
    stopper.cancel()
    return not pending
