"""The ASGI dispatcher: one dict lookup from path to endpoint, then the fixed pipeline that every
endpoint shares (status rules, auth, rate limit, pagination, one transaction per write, render).

Handlers are plain functions called inline on the event loop: SQLite answers in microseconds, and
a thread-pool hop would cost two thirds of the throughput (DESIGN.md)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from twitch_mock.core.errors import Gone, MethodNotAllowed, NotFound, PayloadTooLarge, TwitchError
from twitch_mock.domain.services import Services
from twitch_mock.http.auth import authenticate, authorize
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Api, Auth, Endpoint, ErrorStyle
from twitch_mock.http.guard import Guard, is_local
from twitch_mock.http.pagination import pagination, window_for
from twitch_mock.http.ratelimit import RateLimiter
from twitch_mock.http.render import CORS, JSON, Headers, render, render_error
from twitch_mock.http.request import MAX_BODY, Request, combine_headers
from twitch_mock.http.results import Page
from twitch_mock.store.auth import Token

log = logging.getLogger("twitch_mock")

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

GONE_MESSAGE = "This API is not available."
INTERNAL_MESSAGE = "An internal error occurred in twitch-mock; see its log"
READS = frozenset({"GET", "HEAD"})


@dataclass
class Route:
    api: Api
    local: bool = False  # under the mock's own namespaces (guard.is_local), known once
    methods: dict[str, Endpoint] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)

    @property
    def allow(self) -> str:
        head = {"HEAD"} if "GET" in self.methods else set()
        return ", ".join(sorted({*self.methods, *self.gone, *head, "OPTIONS"}))


class ClientDisconnected(Exception):
    pass


class RequestTimeout(TwitchError):
    status = 408


# A request body must arrive within this; after a stop, within what is left of the grace period.
BODY_TIMEOUT = 10.0
BODY_LATE = "The request body did not arrive in time"


class Dispatcher:
    def __init__(self, apis: Sequence[Api], services: Services) -> None:
        self.services = services
        self.limiter = RateLimiter(services.settings.rate_limit)
        self.guard = Guard(services.settings)
        self.closing_at: float | None = None  # loop time when a stopping server's grace period ends
        self._reads: set[asyncio.Timeout] = set()  # the deadlines of the body reads in progress
        self.routes: dict[str, Route] = {}
        self.prefixes: list[tuple[str, Api]] = []
        for api in apis:
            for prefix in api.prefixes:
                self.prefixes.append((prefix, api))
                for endpoint in api.endpoints:
                    full = prefix + endpoint.path
                    route = self.routes.setdefault(full, Route(api, is_local(full)))
                    if endpoint.method in route.methods:
                        raise ValueError(f"two endpoints for {endpoint.method} {prefix}{endpoint.path}")
                    route.methods[endpoint.method] = endpoint
                for method, path in api.gone:
                    full = prefix + path
                    self.routes.setdefault(full, Route(api, is_local(full))).gone.add(method)
        self.prefixes.sort(key=lambda item: -len(item[0]))

    def api_for(self, path: str) -> Api | None:
        for prefix, api in self.prefixes:
            if prefix and (path == prefix or path.startswith(prefix + "/")):
                return api
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> int | None:
        """Answer the request; the status answered (None: the client left first), for the journal."""
        path: str = scope["path"]
        if len(path) > 1 and path.endswith("/"):
            path = path.rstrip("/") or "/"
        route = self.routes.get(path)
        if route is None and path.count("/") > 1:  # one trailing path parameter: /faults/{id}
            route = self.routes.get(path[: path.rindex("/")] + "/{id}")
        api = route.api if route else self.api_for(path)
        style = api.errors if api else ErrorStyle.HELIX
        extra: Headers = []
        local = route.local if route else is_local(path)
        origin: str | None = None
        try:
            raw = scope["headers"]
            server = scope.get("server")
            self.guard.check_host(_header(raw, b"host"), server[0] if server else None)
            if local:
                sent = _header(raw, b"origin")
                client = scope.get("client")
                self.guard.check_local(scope["method"], sent, client[0] if client else None, None, b"")
                origin = sent  # allowed: echoed in the CORS headers
            status, headers, body = await self._respond(scope, receive, route, api, extra, local)
        except ClientDisconnected:
            return None
        except TwitchError as error:
            status, headers, body = render_error(error, style)
        except Exception:
            log.exception("unhandled error in %s %s", scope["method"], path)
            status, headers, body = render_error(TwitchError(INTERNAL_MESSAGE), style)
        headers = [*headers, *self._cors(local, origin, headers), *extra]
        if status != 204:
            headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
        return status

    def _cors(self, local: bool, origin: str | None, headers: Headers) -> Headers:
        """Twitch's `*` for Helix and OAuth; for the mock's own APIs only a loopback page's origin
        (foreign ones were refused); none on HTML pages, so no other site can read their CSRF token."""
        if local:
            if origin is None:
                return []
            return [(b"access-control-allow-origin", origin.encode()), (b"vary", b"Origin"), *CORS[1:]]
        if headers and headers[0] is not JSON:  # render's JSON answers start with that very header
            for name, value in headers:
                if name == b"content-type" and value.startswith(b"text/html"):
                    return []
        return CORS

    async def _respond(
        self,
        scope: Scope,
        receive: Receive,
        route: Route | None,
        api: Api | None,
        extra: Headers,
        local: bool,
    ) -> tuple[int, Headers, bytes]:
        method: str = scope["method"]
        if route is None:
            if api is not None and api.rate_limited:
                extra += self._rate(scope, None)
            raise NotFound("Not Found")
        if method == "OPTIONS":
            return 200, [(b"allow", route.allow.encode())], b""
        endpoint = route.methods.get(method)
        if endpoint is None and method == "HEAD":  # answered like the GET; __call__ drops the body
            endpoint = route.methods.get("GET")
        if api is not None and api.rate_limited and (method in route.gone or endpoint is None):
            extra += self._rate(scope, None)
        if method in route.gone:
            raise Gone(GONE_MESSAGE)
        if endpoint is None:
            raise MethodNotAllowed("Method Not Allowed", {"Allow": route.allow})
        # reads carry no body: skipping receive() saves an await per request on the hot path
        body = b"" if method in READS else await self._read_body(receive, endpoint.max_body or MAX_BODY)
        ctx = Ctx(Request(scope, body), self.services, endpoint)
        if local:
            self.guard.check_local(
                method, None, None, ctx.request.headers.get("content-type"), body, endpoint.body_type
            )
        if method in READS:
            with self.services.store.db.reading():
                return self._run(ctx, route.api, endpoint, extra)
        return self._run(ctx, route.api, endpoint, extra)

    def _run(self, ctx: Ctx, api: Api, endpoint: Endpoint, extra: Headers) -> tuple[int, Headers, bytes]:
        if api.helix_auth and endpoint.auth is not Auth.NONE:
            try:
                ctx.token = authenticate(ctx)
            finally:
                if api.rate_limited:
                    extra += self._rate(ctx.request, ctx.token)
            authorize(ctx, endpoint, ctx.token)
        elif api.rate_limited:
            extra += self._rate(ctx.request, None)
        if endpoint.first is not None:
            ctx.window = window_for(ctx.query, *endpoint.first, allow_before=endpoint.before)
        if ctx.request.method in READS:
            result = endpoint.handler(ctx)
        else:
            with ctx.store.transaction():
                result = endpoint.handler(ctx)
        if isinstance(result, Page):
            return render(result, pagination(result.slice))
        if endpoint.first is not None:
            raise TypeError(
                f"{endpoint.method} {endpoint.path} is paginated but its handler returned {result!r}"
            )
        return render(result)

    async def _read_body(self, receive: Receive, limit: int) -> bytes:
        """The body, within BODY_TIMEOUT (a half-sent request holds no connection for ever)."""
        deadline = asyncio.get_running_loop().time() + BODY_TIMEOUT
        if self.closing_at is not None:
            deadline = min(deadline, self.closing_at)
        try:
            async with asyncio.timeout_at(deadline) as read:
                self._reads.add(read)
                try:
                    return await _read_body(receive, limit)
                finally:
                    self._reads.discard(read)
        except TimeoutError:
            raise RequestTimeout(BODY_LATE, {"Connection": "close"}) from None

    def begin_shutdown(self, grace: float) -> None:
        """The server stops: bodies still arriving get until the end of the grace period."""
        self.closing_at = asyncio.get_running_loop().time() + grace
        for read in self._reads:
            when = read.when()
            if when is None or when > self.closing_at:
                read.reschedule(self.closing_at)

    def _rate(self, source: Scope | Request, token: Token | None) -> Headers:
        """Spend a point from the bucket of the token (or, before auth, of the Client-Id header)."""
        if token is not None:
            key = (token.client_id, token.user_id or "")
        elif isinstance(source, Request):
            key = (source.headers.get("client-id", ""), "")
        else:
            key = (combine_headers(source["headers"]).get("client-id", ""), "")
        return self.limiter.take(key, self.services.clock.now())


def _header(raw: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in raw:
        if key == name:
            return value.decode("latin-1")
    return None


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge("The request body is too large")
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)
