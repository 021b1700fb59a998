#!/usr/bin/env python3
"""EventSub's speed targets (issue 14), on one Granian server over a 10,000-user world:

  - fan-out: --sessions WebSocket sessions (default 1,000) connected to /ws, each subscribed to
    `channel.update` of one channel with its own user's token (Twitch allows 3 sessions per client
    and user), then a PATCH /helix/channels title fires one event; per session, the time from just
    before the write to the notification's arrival (same machine clock, one asyncio client
    process). p50 / p99 / max and how many arrived, for --events events; the median event (by
    p99) is reported. Target: p99 < 100 ms, every session served.
  - write throughput: PATCH /mock/channels (a new title each time, so each fires
    `channel.update`) with wrk -t2 -c64, with no subscription on the channel, then with
    --websockets + --webhooks (50 + 50) active ones: WebSocket sessions held open and counted by a
    client thread, webhook subscriptions (50 clients, verified) to a local receiver that answers
    204. The receivers are lean (raw sockets that count notifications without decoding frames,
    on uvloop when installed): they share the two cores with the server. Interleaved, --runs
    rounds of (0 subscriptions, 100), each on a fresh copy of the world; the median of each and
    their ratio. Target: within 20 % of the figure with none (both also as
    shares of the ceiling with --ceilings: a bare Starlette endpoint on Granian,
    ../shared/tools/ceilings.py, measured in each round). The deliveries the client counted during
    each run are reported too: a write rate bought by a growing delivery backlog is no win. After
    each run, the server CPU a write costs once all its deliveries are made (200 PATCHes one at
    a time, from /proc).

Needs wrk. Usage: python bench/eventsub.py [--secs 10] [--sessions 1000] [--events 5] [--runs 3]
[--websockets 50] [--webhooks 50] [--skip-fanout] [--skip-writes] [--ceilings PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import httpx
from bench import TMP, ceiling, generate, start, stop, wrk
from families import _newest_users, user_token

SUBS = "/helix/eventsub/subscriptions"
P99_TARGET_MS = 100.0
RATIO_TARGET = 0.8
CONNECTING = 100  # WebSocket handshakes (and their Create Subscription calls) in flight at once

TITLE_SCRIPT = """
local threads = 0
setup = function(thread)
  thread:set("id", threads)
  threads = threads + 1
end
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("PATCH", "/mock/channels?broadcaster_id=" .. STAR,
    {["Authorization"] = "Bearer " .. TOKEN, ["Client-Id"] = CLIENT, ["Content-Type"] = "application/json"},
    '{"title":"bench title ' .. id .. '-' .. counter .. '"}')
end
"""


def new_loop() -> asyncio.AbstractEventLoop:
    """The receivers' event loop: uvloop's when installed (uvicorn's standard extra brings it),
    whose per-socket cost is a fraction of asyncio's; the receivers share the cores with the server."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def add_clients(db: Path, count: int) -> list[str]:
    """Before the server starts: `count` more registered clients (a webhook subscription is one
    per client, type and condition), written straight into the file."""
    ids = [f"benchclient{n:04d}".ljust(30, "x") for n in range(count)]
    conn = sqlite3.connect(db)
    with conn:
        conn.executemany(
            "INSERT OR IGNORE INTO clients (id, secret, name, created_at) "
            "VALUES (?, ?, ?, '2024-01-01T00:00:00Z')",
            [(c, "s" * 30, f"Bench client {n}") for n, c in enumerate(ids)],
        )
    conn.close()
    return ids


NOTIFICATION = b'"message_type":"notification"'


class RawSession(asyncio.Protocol):
    """A WebSocket client that costs the bench next to nothing per frame (the server shares this
    machine's two cores with it): it reads the welcome frame to learn its session id, then only
    counts notifications in the byte stream and stamps the first to arrive after `expect`. Server
    frames are unmasked text and this client sends nothing, so no frame needs decoding."""

    def __init__(self, sessions: Sessions, n: int) -> None:
        self.sessions, self.n = sessions, n
        self.buffer = b""
        self.upgraded = False
        self.welcome: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass

    def data_received(self, data: bytes) -> None:
        if self.welcome.done():
            self.count(self.buffer[-len(NOTIFICATION) + 1 :] + data)
            self.buffer = data[-len(NOTIFICATION) + 1 :]
            return
        self.buffer += data
        if not self.upgraded:
            head, sep, rest = self.buffer.partition(b"\r\n\r\n")
            if not sep:
                return
            if not head.startswith(b"HTTP/1.1 101"):
                self.welcome.set_exception(SystemExit(f"no WebSocket upgrade: {head[:80]!r}"))
                return
            self.upgraded, self.buffer = True, rest
        frame = self.first_frame()
        if frame is not None:
            payload, rest = frame
            self.welcome.set_result(json.loads(payload))
            self.count(rest)
            self.buffer = rest[-len(NOTIFICATION) + 1 :]

    def first_frame(self) -> tuple[bytes, bytes] | None:
        data = self.buffer
        if len(data) < 2:
            return None
        size, at = data[1] & 0x7F, 2
        if size == 126:
            size, at = int.from_bytes(data[2:4], "big"), 4
        elif size == 127:
            size, at = int.from_bytes(data[2:10], "big"), 10
        if len(data) < at + size:
            return None
        return data[at : at + size], data[at + size :]

    def count(self, data: bytes) -> None:
        found = data.count(NOTIFICATION)
        if not found:
            return
        sessions = self.sessions
        sessions.notifications += found
        if sessions.arrived and sessions.arrived[self.n] is None:
            sessions.arrived[self.n] = time.perf_counter()
            sessions.count += 1
            if sessions.count == len(sessions.sockets):
                sessions.all_arrived.set()


@dataclass
class Sessions:
    """WebSocket sessions, each subscribed to the star's `channel.update` with its own token; each
    counts its notifications and stamps their arrival (RawSession)."""

    sockets: list[RawSession] = field(default_factory=list)
    arrived: list[float | None] = field(default_factory=list)
    notifications: int = 0
    count: int = 0
    all_arrived: asyncio.Event = field(default_factory=asyncio.Event)

    def expect(self) -> None:
        self.arrived = [None] * len(self.sockets)
        self.count = 0
        self.all_arrived.clear()

    async def open(self, port: int, client_id: str, star: str, tokens: list[str]) -> None:
        gate = asyncio.Semaphore(CONNECTING)
        limits = httpx.Limits(max_connections=CONNECTING)
        loop = asyncio.get_running_loop()
        upgrade = (
            f"GET /ws?keepalive_timeout_seconds=600 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        ).encode()
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=60) as http:

            async def one(n: int, token: str) -> RawSession:
                async with gate:
                    transport, session = await loop.create_connection(
                        lambda: RawSession(self, n), "127.0.0.1", port
                    )
                    transport.write(upgrade)
                    welcome = await asyncio.wait_for(session.welcome, 60)
                    body = {
                        "type": "channel.update",
                        "version": "2",
                        "condition": {"broadcaster_user_id": star},
                        "transport": {
                            "method": "websocket",
                            "session_id": welcome["payload"]["session"]["id"],
                        },
                    }
                    headers = {"Authorization": f"Bearer {token}", "Client-Id": client_id}
                    r = await http.post(SUBS, json=body, headers=headers)
                    if r.status_code != 202:
                        raise SystemExit(f"Create EventSub Subscription answered {r.status_code}: {r.text}")
                    return session

            self.sockets = list(await asyncio.gather(*(one(n, t) for n, t in enumerate(tokens))))

    async def close(self) -> None:
        for session in self.sockets:
            if session.transport is not None:
                session.transport.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def fanout(port: int, creds: dict[str, str], tokens: list[str], events: int) -> dict[str, Any]:
    star, client_id = creds["user_id"], creds["client_id"]
    sessions = Sessions()
    began = time.perf_counter()
    await sessions.open(port, client_id, star, tokens)
    connected_s = time.perf_counter() - began
    star_headers = {
        "Authorization": f"Bearer {user_token(port, star, ['channel:manage:broadcast'])}",
        "Client-Id": client_id,
    }
    runs: list[dict[str, Any]] = []
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
        for n in range(events):
            await asyncio.sleep(1.0)  # the sessions are idle again
            sessions.expect()
            fired = time.perf_counter()
            r = await http.patch(
                f"/helix/channels?broadcaster_id={star}", json={"title": f"fan-out {n}"}, headers=star_headers
            )
            answered = time.perf_counter()
            if r.status_code != 204:
                raise SystemExit(f"Modify Channel Information answered {r.status_code}: {r.text}")
            with contextlib.suppress(TimeoutError):  # a lost frame shows in `arrived`
                await asyncio.wait_for(sessions.all_arrived.wait(), 10)
            waited = [(a - fired) * 1000 for a in sessions.arrived if a is not None]
            runs.append(
                {
                    "arrived": len(waited),
                    "sessions": len(sessions.sockets),
                    "write_ms": round((answered - fired) * 1000, 2),
                    "p50_ms": round(percentile(waited, 0.50), 2) if waited else None,
                    "p99_ms": round(percentile(waited, 0.99), 2) if waited else None,
                    "max_ms": round(max(waited), 2) if waited else None,
                }
            )
            print(f"event {n + 1}/{events}: {runs[-1]}", file=sys.stderr)
    await sessions.close()
    # a run that lost a frame sorts last: it is worse than any p99
    ordered = sorted(runs, key=lambda r: r["p99_ms"] if r["arrived"] == r["sessions"] else float("inf"))
    median = ordered[len(ordered) // 2]
    return {
        **median,
        "connect_and_subscribe_s": round(connected_s, 2),
        "runs_p99_ms": [r["p99_ms"] for r in runs],
        "runs_arrived": [r["arrived"] for r in runs],
        "target_p99_ms": P99_TARGET_MS,
    }


# --- the write-throughput runs ------------------------------------------------------------------


class Receiver(asyncio.Protocol):
    """A webhook callback that answers a challenge with it and anything else with 204, keeping the
    connection open as HTTP/1.1 does (aiohttp's and Node's servers, which real listeners run on)."""

    posts = 0

    def __init__(self) -> None:
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            head, sep, rest = self.buffer.partition(b"\r\n\r\n")
            if not sep:
                return
            lines = head.decode("latin-1").lower().split("\r\n")
            fields = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
            size = int(fields.get("content-length", "0"))
            if len(rest) < size:
                return
            body, self.buffer = rest[:size], rest[size:]
            self.answer(fields, body)

    def answer(self, fields: dict[str, str], body: bytes) -> None:
        assert self.transport is not None
        if fields.get("twitch-eventsub-message-type") == "webhook_callback_verification":
            challenge = json.loads(body)["challenge"].encode()
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n"
            self.transport.write(head % len(challenge) + challenge)
        else:
            Receiver.posts += 1
            self.transport.write(b"HTTP/1.1 204 No Content\r\n\r\n")


class Listeners:
    """On a thread of its own: the drained WebSocket sessions and the webhook receiver."""

    def __init__(self) -> None:
        self.loop = new_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.sessions = Sessions()
        self.server: asyncio.Server | None = None

    def run(self, work: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result()

    def receiver(self) -> int:
        async def serve() -> int:
            self.server = await self.loop.create_server(Receiver, "127.0.0.1", 0)
            return int(self.server.sockets[0].getsockname()[1])

        port: int = self.run(serve())
        return port

    def close(self) -> None:
        self.run(self.sessions.close())
        if self.server is not None:
            self.server.close()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    def delivered(self) -> int:
        return self.sessions.notifications + Receiver.posts


def webhooks(port: int, star: str, clients: list[str], callback_port: int) -> None:
    """One verified webhook subscription per client on the star's `channel.update`."""
    made = []
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
        for n, client_id in enumerate(clients):
            r = http.post("/_mock/tokens/app", json={"client_id": client_id})
            token = r.json()["data"][0]["access_token"]
            body = {
                "type": "channel.update",
                "version": "2",
                "condition": {"broadcaster_user_id": star},
                "transport": {
                    "method": "webhook",
                    "callback": f"http://127.0.0.1:{callback_port}/hook/{n}",
                    "secret": "benchsecret0123",
                },
            }
            headers = {"Authorization": f"Bearer {token}", "Client-Id": client_id}
            r = http.post(SUBS, json=body, headers=headers)
            if r.status_code != 202:
                raise SystemExit(f"Create EventSub Subscription answered {r.status_code}: {r.text}")
            made.append(headers)
        deadline = time.monotonic() + 30
        for headers in made:  # each challenge answered: every subscription is enabled
            while True:
                (sub,) = http.get(SUBS, headers=headers).json()["data"]
                if sub["status"] == "enabled":
                    break
                if time.monotonic() > deadline:
                    raise SystemExit(f"a webhook subscription stayed {sub['status']}")
                time.sleep(0.05)


def write_run(
    port: int, creds: dict[str, str], star_token: str, secs: int, listeners: Listeners
) -> dict[str, Any]:
    script = TMP / "titles.lua"
    script.write_text(
        TITLE_SCRIPT.replace("STAR", json.dumps(creds["user_id"]))
        .replace("TOKEN", json.dumps(star_token))
        .replace("CLIENT", json.dumps(creds["client_id"]))
    )
    before = listeners.delivered()
    got: dict[str, Any] = dict(wrk(f"http://127.0.0.1:{port}/mock/channels", {}, secs, script=script))
    got["delivered_during_run"] = listeners.delivered() - before
    time.sleep(2)
    got["delivered_2s_after"] = listeners.delivered() - before
    return got


CPU_WRITES = 200  # PATCHes sent one at a time for the CPU a write costs


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (Granian's workers)."""
    pids = [pid]
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            children = (task / "children").read_text().split()
            pids += [int(c) for c in children]
    total = 0.0
    for one in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def cpu_per_write(
    pid: int, port: int, creds: dict[str, str], star_token: str, listeners: Listeners, fanout: int
) -> float:
    """Server CPU milliseconds a write costs when every delivery it causes is made: CPU_WRITES
    PATCHes one at a time, then the wait until the receivers counted `fanout` deliveries each."""
    headers = {"Authorization": f"Bearer {star_token}", "Client-Id": creds["client_id"]}
    path = f"/mock/channels?broadcaster_id={creds['user_id']}"
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
        drained, deadline = -1, time.monotonic() + 120
        while listeners.delivered() != drained and time.monotonic() < deadline:
            drained = listeners.delivered()  # the wrk run's backlog is delivered first
            time.sleep(0.5)
        before, used = listeners.delivered(), cpu_seconds(pid)
        for n in range(CPU_WRITES):
            http.patch(path, json={"title": f"cpu probe {n}"}, headers=headers)
        deadline = time.monotonic() + 60
        while listeners.delivered() - before < CPU_WRITES * fanout and time.monotonic() < deadline:
            time.sleep(0.01)
        return round((cpu_seconds(pid) - used) / CPU_WRITES * 1000, 2)


def write_round(
    db: Path, creds: dict[str, str], tokens: list[str], clients: list[str], secs: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """On a fresh copy of the world: the writes with no subscription, then with the 100."""
    copy = TMP / "round.db"
    shutil.copy(db, copy)
    proc, port = start(copy, "granian")
    listeners = Listeners()
    try:
        star = creds["user_id"]
        star_token = user_token(port, star, ["channel:manage:broadcast"])
        bare = write_run(port, creds, star_token, secs, listeners)
        bare["cpu_ms_per_write"] = cpu_per_write(proc.pid, port, creds, star_token, listeners, 0)
        listeners.run(listeners.sessions.open(port, creds["client_id"], star, tokens))
        webhooks(port, star, clients, listeners.receiver())
        busy = write_run(port, creds, star_token, secs, listeners)
        fanout = len(tokens) + len(clients)
        busy["cpu_ms_per_write"] = cpu_per_write(proc.pid, port, creds, star_token, listeners, fanout)
        busy["subscriptions"] = {"websocket": len(tokens), "webhook": len(clients)}
    finally:
        listeners.close()
        stop(proc)
    return bare, busy


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    ordered = sorted(runs, key=lambda r: r["req_s"])
    return {**ordered[len(ordered) // 2], "runs_req_s": [r["req_s"] for r in runs]}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--secs", type=int, default=10)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--events", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--websockets", type=int, default=50)
    parser.add_argument("--webhooks", type=int, default=50)
    parser.add_argument("--skip-fanout", action="store_true")
    parser.add_argument("--skip-writes", action="store_true")
    parser.add_argument("--ceilings", default=None, help="path of ceilings.py, for shares of the ceiling")
    args = parser.parse_args()
    raise_fd_limit()
    results: dict[str, Any] = {}
    db = TMP / "eventsub.db"
    results["generate_10000_s"], creds = generate(10_000, db)
    clients = add_clients(db, args.webhooks)
    proc, port = start(db, "granian")
    try:  # a user token for every session (and the write runs' sessions), made once
        users = [u["id"] for u in _newest_users(port, max(args.sessions, args.websockets))]
        tokens = [user_token(port, u, []) for u in users]
        if not args.skip_fanout:
            with asyncio.Runner(loop_factory=new_loop) as runner:
                results["fanout"] = runner.run(fanout(port, creds, tokens[: args.sessions], args.events))
    finally:
        stop(proc)
    if not args.skip_writes:
        bare_runs: list[dict[str, Any]] = []
        busy_runs: list[dict[str, Any]] = []
        ceilings: list[float] = []
        for n in range(args.runs):
            bare, busy = write_round(db, creds, tokens[: args.websockets], clients, args.secs)
            bare_runs.append(bare)
            busy_runs.append(busy)
            if args.ceilings:
                ceilings.append(ceiling(args.ceilings, args.secs))
            print(
                f"round {n + 1}/{args.runs}: 0 subscriptions {bare['req_s']:.0f} req/s, "
                f"100 subscriptions {busy['req_s']:.0f} req/s ({busy['delivered_during_run']} delivered)"
                + (f", ceiling {ceilings[-1]:.0f} req/s" if ceilings else ""),
                file=sys.stderr,
            )
        writes: dict[str, Any] = {"none": median_of(bare_runs), "with_100": median_of(busy_runs)}
        ratios = [b["req_s"] / a["req_s"] for a, b in zip(bare_runs, busy_runs, strict=True)]
        writes["ratio"] = round(writes["with_100"]["req_s"] / writes["none"]["req_s"], 3)
        writes["runs_ratio"] = [round(r, 3) for r in ratios]
        writes["target_ratio"] = RATIO_TARGET
        if ceilings:
            measured = statistics.median(ceilings)
            writes["ceiling_starlette_granian_req_s"] = measured
            writes["ceiling_runs_req_s"] = ceilings
            for name in ("none", "with_100"):
                writes[name]["share_of_ceiling"] = round(writes[name]["req_s"] / measured, 3)
        results["writes"] = writes
    print(json.dumps(results, indent=2))
    print(table(results))
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / f"eventsub-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(results, indent=2))
    shutil.rmtree(TMP, ignore_errors=True)


def table(results: dict[str, Any]) -> str:
    rows = ["| Measure | Target | Measured |", "| --- | --- | --- |"]
    fan = results.get("fanout")
    if fan:
        rows.append(
            f"| {fan['sessions']} sessions, one event: delivery p99 | < {P99_TARGET_MS:.0f} ms, all arrive | "
            f"{fan['p99_ms']} ms (p50 {fan['p50_ms']}, max {fan['max_ms']}), "
            f"{fan['arrived']}/{fan['sessions']} arrived; runs p99 {fan['runs_p99_ms']} |"
        )
    writes = results.get("writes")
    if writes:
        share = {
            name: f", {writes[name]['share_of_ceiling'] * 100:.1f} % of the ceiling"
            if "share_of_ceiling" in writes[name]
            else ""
            for name in ("none", "with_100")
        }
        rows.append(
            f"| PATCH /mock/channels, 100 subscriptions vs none | ≥ {RATIO_TARGET * 100:.0f} % | "
            f"{writes['with_100']['req_s']:.0f} vs {writes['none']['req_s']:.0f} req/s: "
            f"{writes['ratio'] * 100:.0f} % (runs {writes['runs_ratio']}){share['with_100']}{share['none']} |"
        )
        rows.append(
            f"| server CPU a write, deliveries made (one write at a time) | — | "
            f"{writes['with_100']['cpu_ms_per_write']} ms with 100 subscriptions, "
            f"{writes['none']['cpu_ms_per_write']} ms with none |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    main()
