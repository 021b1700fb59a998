#!/usr/bin/env python3
"""What the request journal costs (issue 17: at most 10 % of GET /mock/users?id= throughput at 64
connections; switched off, nothing measurable).

Serves a generated 100-user world with the journal on (`--journal-size 1000`, the default) and off
(`--journal-size 0`), wrk -t2 -c64 each, interleaved --runs times (neighbours on this machine move
single runs by 20 %), and reports the median of each and the share the journal costs. With
--ceilings (the team's ceilings.py) the same sitting measures the bare Starlette-on-Granian
ceiling, and both throughputs are also given as shares of it.

Because wrk's numbers swing with the neighbours, it also measures in-process what recording costs:
CPU microseconds per request of the full app (GET /mock/users?id= through the ASGI callable) with
the journal on and off, the minimum of 20 interleaved rounds.

Needs wrk. Usage: PYTHONPATH=src python bench/journal.py [--secs 10] [--runs 3] [--server granian]
[--ceilings ../shared/tools/ceilings.py]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench import TMP, ceiling, free_port, generate, median_run, stop, wrk


def start(db: Path, server: str, journal_size: int) -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    proc = subprocess.Popen(
        [
            "twitch-mock",
            "start",
            "--db",
            str(db),
            "-p",
            str(port),
            "--host",
            "127.0.0.1",
            "--server",
            server,
            "--journal-size",
            str(journal_size),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/units/tags", timeout=1).read()
            return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"the server did not start: {proc.stdout.read() if proc.stdout else ''}")


def in_process(rounds: int = 20, n: int = 3000) -> dict[str, float]:
    import asyncio
    from typing import Any

    from twitch_mock import MockTwitch

    mock = MockTwitch(users=100, seed=7)
    token, user_id = mock.app_token(), mock.users[0].id
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/mock/users",
        "query_string": f"id={user_id}".encode(),
        "headers": [
            (b"host", b"localhost"),
            (b"authorization", f"Bearer {token}".encode()),
            (b"client-id", mock.client_id.encode()),
        ],
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        pass

    async def run() -> dict[str, float]:
        found: dict[str, list[float]] = {"on": [], "off": []}
        for _ in range(rounds):
            for name, size in (("on", 1000), ("off", 0)):
                mock.powers.journal.size = size
                started = time.process_time()
                for _ in range(n):
                    await mock.app(scope, receive, send)
                found[name].append((time.process_time() - started) / n * 1e6)
        return {f"cpu_us_per_request_journal_{k}": round(min(v), 2) for k, v in found.items()}

    try:
        return asyncio.run(run())
    finally:
        mock.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--secs", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--server", choices=["granian", "uvicorn"], default="granian")
    parser.add_argument(
        "--ceilings", default=None, help="path of ceilings.py, to report shares of the ceiling"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    db = TMP / "journal.db"
    _, creds = generate(100, db)
    headers = {"Authorization": f"Bearer {creds['token']}", "Client-Id": creds["client_id"]}
    runs: dict[str, list[dict[str, float]]] = {"journal_on": [], "journal_off": []}
    ceilings: list[float] = []
    for n in range(args.runs):
        for name, found in runs.items():
            proc, port = start(db, args.server, 1000 if name == "journal_on" else 0)
            try:
                found.append(
                    wrk(f"http://127.0.0.1:{port}/mock/users?id={creds['user_id']}", headers, args.secs)
                )
            finally:
                stop(proc)
        if args.ceilings:
            ceilings.append(ceiling(args.ceilings, args.secs))
        print(
            f"round {n + 1}/{args.runs}: "
            + ", ".join(f"{name} {found[-1]['req_s']:.0f} req/s" for name, found in runs.items())
            + (f", ceiling {ceilings[-1]:.0f} req/s" if ceilings else ""),
            file=sys.stderr,
        )
    results: dict[str, object] = {name: median_run(found) for name, found in runs.items()}
    on = sorted(r["req_s"] for r in runs["journal_on"])[args.runs // 2]
    off = sorted(r["req_s"] for r in runs["journal_off"])[args.runs // 2]
    results["journal_cost_share"] = round(1 - on / off, 3)
    results["target_cost_share"] = 0.10
    if ceilings:
        measured = sorted(ceilings)[len(ceilings) // 2]
        results["ceiling_starlette_granian_req_s"] = measured
        results["journal_on_share_of_ceiling"] = round(on / measured, 3)
        results["journal_off_share_of_ceiling"] = round(off / measured, 3)
    results.update(in_process())
    on_us, off_us = results["cpu_us_per_request_journal_on"], results["cpu_us_per_request_journal_off"]
    assert isinstance(on_us, float) and isinstance(off_us, float)
    results["in_process_cost_share"] = round(1 - off_us / on_us, 3)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
