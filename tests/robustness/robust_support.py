"""A `twitch-mock start` subprocess on a loopback port, and raw sockets to poke at it."""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CLI = [sys.executable, "-m", "twitch_mock"]


def env() -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TWITCH_MOCK_")}
    clean["PYTHONUNBUFFERED"] = "1"
    return clean


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, proc: subprocess.Popen[str], port: int, db: Path) -> None:
        self.proc = proc
        self.port = port
        self.db = db

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=5)


def wait_ready(port: int, proc: subprocess.Popen[str], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"twitch-mock exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_mock/clock", timeout=1):
                return
        except (OSError, urllib.error.URLError):
            time.sleep(0.05)
    raise TimeoutError("twitch-mock did not start")


@contextmanager
def started(
    tmp: Path, *extra: str, db: Path | None = None, soft_open_files: int | None = None
) -> Iterator[Server]:
    """`twitch-mock start` on 127.0.0.1 with its own database; killed if the test left it running.
    `soft_open_files`: the soft RLIMIT_NOFILE it starts with."""
    port = free_port()
    path = db or tmp / "mock.db"
    args = [*CLI, "start", "--host", "127.0.0.1", "-p", str(port), "--db", str(path), "--seed", "3", *extra]

    def limit() -> None:
        if soft_open_files is not None:
            _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft_open_files, hard), hard))

    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(), preexec_fn=limit
    )
    try:
        wait_ready(port, proc)
        yield Server(proc, port, path)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)
