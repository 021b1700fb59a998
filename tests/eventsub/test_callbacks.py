"""The webhook client (eventsub/callbacks.py) against a raw TCP server on 127.0.0.1 that answers
each request with scripted bytes: what it sends, the answers it reads (Content-Length, chunked,
until close, after a 100 Continue), a kept connection re-used and re-opened when the other end
closed it, and every failure as an answer with no status."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from twitch_mock.eventsub.callbacks import Link, post


@dataclass
class Script:
    """Answers request n with answers[n] (bytes, or None to close without answering); records
    every request and how many connections were made."""

    answers: list[bytes | None]
    requests: list[bytes] = field(default_factory=list)
    connections: int = 0
    close_after_answer: bool = False
    url: str = ""
    server: asyncio.Server | None = None

    async def start(self) -> Script:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/hook/a?x=1"
        return self

    async def stop(self) -> None:
        assert self.server is not None
        self.server.close()
        await self.server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    int(line.split(b":", 1)[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                )
                self.requests.append(head + await reader.readexactly(length))
                answer = self.answers[len(self.requests) - 1]
                if answer is None:
                    break
                writer.write(answer)
                await writer.drain()
                if self.close_after_answer:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()


async def served(
    answers: list[bytes | None], run: Callable[[str], object], close_after_answer: bool = False
) -> Script:
    script = await Script(answers, close_after_answer=close_after_answer).start()
    try:
        await run(script.url)  # type: ignore[misc]
    finally:
        await script.stop()
    return script


async def test_a_post_sends_its_body_and_headers_and_reads_a_content_length_answer() -> None:
    got = []

    async def run(url: str) -> None:
        got.append(await post(url, b'{"a":1}', {"Twitch-Eventsub-Message-Id": "m1"}, 5))

    answer = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"
    script = await served([answer], run)
    [attempt] = got
    assert (attempt.status, attempt.body, attempt.content_type, attempt.ok) == (
        200,
        b"hello",
        "text/plain",
        True,
    )
    [request] = script.requests
    head, _, body = request.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    assert lines[0] == "POST /hook/a?x=1 HTTP/1.1"
    assert f"Host: {script.url.split('/')[2]}" in lines
    assert "Content-Length: 7" in lines and "Twitch-Eventsub-Message-Id: m1" in lines
    assert body == b'{"a":1}'


async def test_chunked_until_close_and_after_100_continue_answers_are_read_whole() -> None:
    answers = {
        "chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4;x=y\r\ndefg\r\n0\r\n\r\n",
        "until close": b"HTTP/1.0 200 OK\r\n\r\nall of it",
        "continue": b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\nok",
    }
    got = {}
    for name, answer in answers.items():

        async def run(url: str, name: str = name) -> None:
            got[name] = await post(url, b"{}", {}, 5)

        await served([answer], run, close_after_answer=name == "until close")
    assert (got["chunked"].status, got["chunked"].body) == (200, b"abcdefg")
    assert (got["until close"].status, got["until close"].body) == (200, b"all of it")
    assert (got["continue"].status, got["continue"].body) == (202, b"ok")


async def test_a_link_reuses_its_connection_and_reopens_one_the_callback_closed() -> None:
    ok = b"HTTP/1.1 204 No Content\r\n\r\n"
    statuses = []

    async def run(url: str) -> None:
        link = Link()
        for _ in range(3):
            statuses.append((await link.post(url, b"{}", {}, 5)).status)
        link.close()

    script = await served([ok, ok, ok], run)
    assert statuses == [204, 204, 204] and script.connections == 1

    statuses.clear()
    closing = b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"
    script = await served([closing, ok, ok], run, close_after_answer=True)
    assert statuses == [204, 204, 204] and script.connections == 3  # "close" is honoured


async def test_a_kept_connection_closed_in_between_is_reopened_once() -> None:
    ok = b"HTTP/1.1 204 No Content\r\n\r\n"
    statuses = []

    async def run(url: str) -> None:
        link = Link()
        statuses.append((await link.post(url, b"{}", {}, 5)).status)
        await asyncio.sleep(0.05)  # the server closes it (None: close without answering)
        statuses.append((await link.post(url, b"{}", {}, 5)).status)
        link.close()

    # the first connection answers once, then the second request finds it closed unanswered
    script = await served([ok, None, ok], run)
    assert statuses == [204, 204] and script.connections == 2 and len(script.requests) == 3


async def test_failures_are_answers_with_no_status() -> None:
    got = {}

    async def slow(url: str) -> None:
        got["timeout"] = await post(url, b"{}", {}, 0.2)

    async def garbage(url: str) -> None:
        got["garbage"] = await post(url, b"{}", {}, 5)

    async def hang_up(url: str) -> None:
        got["hang up"] = await post(url, b"{}", {}, 5)

    await served([b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"], slow)
    await served([b"SMTP ready\r\n\r\n"], garbage)
    await served([None], hang_up)
    with __import__("socket").socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    got["refused"] = await post(f"http://127.0.0.1:{port}/", b"{}", {}, 5)
    got["bad url"] = await post("ftp://127.0.0.1/", b"{}", {}, 5)
    assert all(a.status is None and not a.ok for a in got.values())
    assert got["timeout"].error == "ReadTimeout: no answer within 0.2 s"
    assert got["garbage"].error.startswith("RemoteProtocolError: not an HTTP/1.x answer")
    assert got["hang up"].error.startswith("ConnectError")
    assert got["refused"].error.startswith("ConnectError")
    assert got["bad url"].error.startswith("InvalidURL")
