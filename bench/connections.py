#!/usr/bin/env python3
"""How many concurrent idle connections `twitch-mock start` holds while a new client still gets
answered (issue 16: about 1,030 used to lock every new client out), and whether idle ones are
closed on a timer. Loopback only.

For each count: opens that many connections (bare, or `--used`: each served one request first, so
they are idle keep-alive connections), then times a fresh client's `GET /_mock/clock`, then counts
how many connections the server still holds. `--linger S` waits S seconds more and counts again
(the server closes connections that send no request headers within 10 s).

The server starts with its soft open-file limit lowered to `--soft-limit` (default 1024, the
common default) to show that it raises it to the hard limit itself.

Usage: python bench/connections.py [--server granian|uvicorn] [--counts 1000,2000,5000] [--used]
       [--linger 12] [--soft-limit 1024]
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(server: str, soft: int, db: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)

    def lower() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, hard), hard))

    env = {k: v for k, v in os.environ.items() if not k.startswith("TWITCH_MOCK_")}
    args = [sys.executable, "-m", "twitch_mock", "start", "--host", "127.0.0.1", "-p", str(port)]
    proc = subprocess.Popen(
        [*args, "--db", str(db), "--server", server, "--seed", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        preexec_fn=lower,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_mock/clock", timeout=1).read()
            return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("twitch-mock did not start")


def request(port: int) -> bytes:
    return f"GET /_mock/clock HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()


def fresh_client(port: int, timeout: float = 5) -> float | None:
    """Seconds a new client waits for its answer; None when it gets none within `timeout`."""
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_mock/clock", timeout=timeout) as r:
            r.read()
        return time.perf_counter() - began
    except OSError:
        return None


def still_open(socks: list[socket.socket]) -> int:
    """Connections the server has not closed (a closed one reads as EOF or a reset)."""
    open_ = 0
    for s in socks:
        s.setblocking(False)
        try:
            if s.recv(65536, socket.MSG_PEEK):
                open_ += 1
        except BlockingIOError:
            open_ += 1  # nothing to read: still open
        except OSError:
            pass
    return open_


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--server", default="granian", choices=["granian", "uvicorn"])
    parser.add_argument("--counts", default="1000,2000,5000")
    parser.add_argument("--used", action="store_true", help="each connection serves one request first")
    parser.add_argument("--linger", type=float, default=0.0)
    parser.add_argument("--soft-limit", type=int, default=1024)
    args = parser.parse_args()
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # this process holds the client ends
    with tempfile.TemporaryDirectory() as tmp:
        proc, port = start(args.server, args.soft_limit, Path(tmp) / "bench.db")
        try:
            for count in (int(c) for c in args.counts.split(",")):
                socks: list[socket.socket] = []
                try:
                    for _ in range(count):
                        s = socket.create_connection(("127.0.0.1", port), timeout=5)
                        socks.append(s)
                        if args.used:
                            s.sendall(request(port))
                    if args.used:
                        for s in socks:
                            s.recv(65536)
                    time.sleep(0.5)
                    waited = fresh_client(port)
                    held = still_open(socks)
                    answer = "NOT ANSWERED" if waited is None else f"answered in {waited * 1000:.0f} ms"
                    line = (
                        f"{args.server}: {count} {'idle keep-alive' if args.used else 'bare'} connections, "
                    )
                    print(f"{line}{held} held, a new client {answer}", flush=True)
                    if args.linger:
                        time.sleep(args.linger)
                        print(f"  after {args.linger:.0f} s more: {still_open(socks)} still held", flush=True)
                finally:
                    for s in socks:
                        s.close()
        finally:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
