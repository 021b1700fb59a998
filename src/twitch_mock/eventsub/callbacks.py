"""The HTTP/1.1 client that POSTs EventSub messages to webhook callbacks: the transport's
deliveries, `event trigger -F`, `retrigger` and `verify-subscription` all go through `post`.

It is small on purpose. A delivery is one POST whose answer matters only for its status (and, for
a challenge, its body and Content-Type), and a write with 50 webhook subscriptions makes 50 of them:
httpx cost about 2 ms of CPU each here (its connection set-up goes through anyio and a thread
pool), this client about a fortieth of that. It speaks plain HTTP/1.1 over asyncio (TLS for an
https callback that is not on loopback), follows no redirect, reads no proxy from the environment,
and understands Content-Length, chunked and read-until-close answers.

A `Link` is one connection to one origin (scheme, host, port), kept open between POSTs that follow
each other: the webhook transport holds one per callback while that callback's queue has messages
and closes it when the queue is empty, so no idle connection is ever left open on a listener (one
that shuts its server down from another event loop, as pyTwitchAPI's `EventSubWebhook.stop` does,
would fail on it). A kept connection that the other end closed in the meantime is re-opened once."""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_HEAD = 64 * 1024  # bytes of status line and headers an answer may have
MAX_BODY = 1024 * 1024  # bytes of body read (a challenge is a few dozen)


@dataclass(frozen=True, slots=True)
class Attempt:
    """What one POST got: the status (None when the callback did not answer) and the body."""

    status: int | None
    body: bytes = b""
    content_type: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class AnswerError(Exception):
    """The callback's answer was not HTTP/1.x this client can read."""


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a URL's requests go, and the request target and Host header for it."""

    tls: bool
    host: str
    port: int
    netloc: str
    target: str

    @classmethod
    def of(cls, url: str) -> Origin:
        """Raises ValueError for a URL that is not http(s) with a host."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        tls = parts.scheme == "https"
        port = parts.port or (443 if tls else 80)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return cls(tls, parts.hostname, port, parts.netloc.rpartition("@")[2], target)


async def connect(host: str, port: int, tls: ssl.SSLContext | None) -> tuple[asyncio.Transport, _Answers]:
    """Open a connection (the one place this module reaches the network: the tests' guard
    against traffic off the machine wraps it)."""
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.create_connection(
        _Answers, host, port, ssl=tls, server_hostname=host if tls else None
    )
    return transport, protocol


class _Answers(asyncio.Protocol):
    """Reads the answers on one connection, one request at a time."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.waiter: asyncio.Future[tuple[int, dict[str, str], bytes, bool]] | None = None
        self.lost = False
        self.received = False  # any byte of the current answer

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        self._parse(eof=True)

    def eof_received(self) -> bool:
        self.lost = True
        self._parse(eof=True)
        return False

    def data_received(self, data: bytes) -> None:
        self.received = True
        self.buffer += data
        self._parse(eof=False)

    def expect(self) -> asyncio.Future[tuple[int, dict[str, str], bytes, bool]]:
        self.buffer.clear()
        self.received = False
        self.waiter = asyncio.get_running_loop().create_future()
        return self.waiter

    def _done(self, result: tuple[int, dict[str, str], bytes, bool] | Exception) -> None:
        waiter, self.waiter = self.waiter, None
        if waiter is None or waiter.done():
            return
        if isinstance(result, Exception):
            waiter.set_exception(result)
        else:
            waiter.set_result(result)

    def _parse(self, eof: bool) -> None:
        if self.waiter is None:
            return
        try:
            answer = _answer(self.buffer, eof)
        except AnswerError as e:
            self._done(e)
            return
        if answer is not None:
            self._done(answer)
        elif eof:
            self._done(ConnectionResetError("the callback closed the connection before answering"))


def _answer(buffer: bytearray, eof: bool) -> tuple[int, dict[str, str], bytes, bool] | None:
    """(status, headers, body, keep the connection) once a whole final answer is in `buffer`;
    None while more is to come. 1xx answers before it are skipped."""
    start = 0
    while True:
        end = buffer.find(b"\r\n\r\n", start)
        if end < 0:
            if len(buffer) - start > MAX_HEAD:
                raise AnswerError("the answer's headers are too long")
            return None
        lines = bytes(buffer[start:end]).decode("latin-1").split("\r\n")
        version, _, rest = lines[0].partition(" ")
        code = rest[:3]
        if not version.startswith("HTTP/1.") or not code.isdigit():
            raise AnswerError(f"not an HTTP/1.x answer: {lines[0][:80]!r}")
        status = int(code)
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        body_at = end + 4
        if 100 <= status < 200:
            start = body_at
            continue
        break
    keep = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
    if status in (204, 304):
        return status, headers, b"", keep
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _chunks(buffer, body_at)
        return None if body is None else (status, headers, body, keep)
    length = headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise AnswerError(f"a bad Content-Length: {length[:40]!r}")
        size = int(length)
        if size > MAX_BODY:
            raise AnswerError("the answer's body is too long")
        if len(buffer) - body_at < size:
            return None
        return status, headers, bytes(buffer[body_at : body_at + size]), keep
    if len(buffer) - body_at > MAX_BODY:
        raise AnswerError("the answer's body is too long")
    return (status, headers, bytes(buffer[body_at:]), False) if eof else None


def _chunks(buffer: bytearray, at: int) -> bytes | None:
    body = bytearray()
    while True:
        line_end = buffer.find(b"\r\n", at)
        if line_end < 0:
            return None
        size_text = bytes(buffer[at:line_end]).split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise AnswerError(f"a bad chunk size: {size_text[:20]!r}") from None
        if size == 0:
            # the trailer section (most often empty) ends with an empty line
            return bytes(body) if buffer.find(b"\r\n\r\n", line_end) >= 0 else None
        if len(body) + size > MAX_BODY:
            raise AnswerError("the answer's body is too long")
        if len(buffer) < line_end + 2 + size + 2:
            return None
        body += buffer[line_end + 2 : line_end + 2 + size]
        at = line_end + 2 + size + 2


_TLS: ssl.SSLContext | None = None


def _tls() -> ssl.SSLContext:
    global _TLS
    if _TLS is None:
        _TLS = ssl.create_default_context()
    return _TLS


class Link:
    """One connection to one origin, re-used by the POSTs made through it until `close`."""

    def __init__(self) -> None:
        self._transport: asyncio.Transport | None = None
        self._answers: _Answers | None = None
        self._origin: tuple[bool, str, int] | None = None

    def close(self) -> None:
        transport, self._transport, self._answers = self._transport, None, None
        if transport is not None:
            transport.close()

    async def post(self, url: str, body: bytes, headers: dict[str, str], timeout: float) -> Attempt:
        """POST `body` with `headers`; a refused connection, a timeout or an unreadable answer is
        an answer with no status (and the connection is closed)."""
        try:
            origin = Origin.of(url)
        except ValueError as e:
            return Attempt(None, error=f"InvalidURL: {e}")
        head = [f"POST {origin.target} HTTP/1.1", f"Host: {origin.netloc}", f"Content-Length: {len(body)}"]
        head += [f"{name}: {value}" for name, value in headers.items()]
        request = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body
        try:
            async with asyncio.timeout(timeout):
                return await self._exchange(origin, request)
        except TimeoutError:
            self.close()
            return Attempt(None, error=f"ReadTimeout: no answer within {timeout:g} s")
        except AnswerError as e:
            self.close()
            return Attempt(None, error=f"RemoteProtocolError: {e}")
        except OSError as e:
            self.close()
            return Attempt(None, error=f"ConnectError: {e}")

    async def _exchange(self, origin: Origin, request: bytes) -> Attempt:
        key = (origin.tls, origin.host, origin.port)
        if self._origin != key:
            self.close()
        for tries in (1, 2):
            reused = self._transport is not None and self._answers is not None and not self._answers.lost
            if not reused:
                self.close()
                self._transport, self._answers = await connect(
                    origin.host, origin.port, _tls() if origin.tls else None
                )
                self._origin = key
            answers, transport = self._answers, self._transport
            assert answers is not None and transport is not None
            waiter = answers.expect()
            transport.write(request)
            try:
                status, headers, body, keep = await waiter
            except ConnectionResetError:
                self.close()
                if reused and not answers.received and tries == 1:
                    continue  # a kept connection the callback had closed: once more on a new one
                raise
            if not keep:
                self.close()
            return Attempt(status, body, headers.get("content-type", ""))
        raise AssertionError("unreachable")


async def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Attempt:
    """One POST on a connection of its own."""
    link = Link()
    try:
        return await link.post(url, body, headers, timeout)
    finally:
        link.close()
