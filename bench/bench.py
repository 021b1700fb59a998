#!/usr/bin/env python3
"""twitch-mock's benchmark (issue targets are measured here, never in tests).

Measures, on this machine:
  - GET /mock/users?id=<id> with an app token: wrk -t2 -c64 -d10s, req/s, p50, p99, for each server
    (Granian and uvicorn);
  - `twitch-mock generate` wall time for -c 100 and -c 10000;
  - the server's RSS with 10,000 users.
Needs wrk (`apt-get install wrk`). Usage: python bench/bench.py [--secs 10] [--runs 3] [--skip-big]
[--ceilings PATH]. Throughput targets are ratios: with --ceilings (the team's ceilings.py), the same
sitting measures a bare Starlette endpoint on Granian and scales the issue's targets by it (they
were set where that endpoint served 26,800 req/s). Each server, and the ceiling, is measured --runs
times, interleaved, and the median run of each is reported: this machine's neighbours move single
runs by 20% or more.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

TMP = Path(tempfile.mkdtemp(prefix="twitch-mock-bench-"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def generate(count: int, db: Path) -> tuple[float, dict[str, str]]:
    started = time.perf_counter()
    out = subprocess.run(
        ["twitch-mock", "generate", "-c", str(count), "--seed", "7", "--db", str(db)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    elapsed = time.perf_counter() - started
    found = {
        "client_id": re.search(r"^Client-ID: (\S+)", out, re.M),
        "token": re.search(r"^App access token: (\S+)", out, re.M),
        "user_id": re.search(r"^User ID (\d+)", out, re.M),
    }
    return elapsed, {k: m.group(1) for k, m in found.items() if m}


def start(db: Path, server: str) -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    proc = subprocess.Popen(
        ["twitch-mock", "start", "--db", str(db), "-p", str(port), "--host", "127.0.0.1", "--server", server],
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
    raise SystemExit(f"the {server} server did not start: {proc.stdout.read() if proc.stdout else ''}")


def stop(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def wrk(
    url: str,
    headers: dict[str, str],
    secs: int,
    script: Path | None = None,
    args: list[str] | None = None,
    connections: int = 64,
) -> dict[str, float]:
    """wrk -t2 -c64 on `url` (-t1 -c1 with `connections=1`: one request at a time, the latency
    of a request itself rather than of a queue); `script` is a Lua script that makes the requests,
    `args` its arguments."""
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{secs}s", "--latency"]
    for k, v in headers.items():
        command += ["-H", f"{k}: {v}"]
    if script is not None:
        command += ["-s", str(script)]
    command.append(url)
    if args:
        command += ["--", *args]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rps = float(_group(r"Requests/sec:\s+([\d.]+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    lat = {p: _ms(_group(rf"\s{p}%\s+([\d.]+\w+)", out)) for p in ("50", "99")}
    return {
        "req_s": rps,
        "p50_ms": lat["50"],
        "p99_ms": lat["99"],
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
    }


def _group(pattern: str, out: str) -> str:
    """Group 1 of the first match of `pattern` in a tool's output, which must have one."""
    match = re.search(pattern, out)
    if match is None:
        raise ValueError(f"no match for {pattern!r} in:\n{out}")
    return match.group(1)


def _ms(text: str) -> float:
    match = re.match(r"([\d.]+)(\w+)", text)
    if match is None:
        raise ValueError(f"not a wrk latency: {text!r}")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


REFERENCE_CEILING = 26_800  # req/s of a bare Starlette async endpoint on Granian when targets were set
TARGET_REQ_S, TARGET_P99_MS = 8_000, 15.0


def ceiling(script: str, secs: int) -> float:
    out = subprocess.run(
        [sys.executable, script, "--secs", str(secs), "--only", "starlette-async-granian"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(_group(r"starlette-async-granian\s+(\d+)", out))


def median_run(runs: list[dict[str, float]]) -> dict[str, object]:
    ordered = sorted(runs, key=lambda r: r["req_s"])
    return {**ordered[len(ordered) // 2], "runs_req_s": [r["req_s"] for r in runs]}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--secs", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-big", action="store_true", help="skip the 10,000-user measurements")
    parser.add_argument("--ceilings", default=None, help="path of ceilings.py, to scale the targets")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    results: dict[str, object] = {}
    small = TMP / "small.db"
    results["generate_100_s"], creds = generate(100, small)
    headers = {"Authorization": f"Bearer {creds['token']}", "Client-Id": creds["client_id"]}
    runs: dict[str, list[dict[str, float]]] = {"granian": [], "uvicorn": []}
    ceilings: list[float] = []
    for n in range(args.runs):
        for server, found in runs.items():
            proc, port = start(small, server)
            try:
                found.append(
                    wrk(f"http://127.0.0.1:{port}/mock/users?id={creds['user_id']}", headers, args.secs)
                )
            finally:
                stop(proc)
        if args.ceilings:  # interleaved too: the ceiling moves with the neighbours as much as we do
            ceilings.append(ceiling(args.ceilings, args.secs))
        print(
            f"round {n + 1}/{args.runs}: "
            + ", ".join(f"{server} {found[-1]['req_s']:.0f} req/s" for server, found in runs.items())
            + (f", ceiling {ceilings[-1]:.0f} req/s" if ceilings else ""),
            file=sys.stderr,
        )
    for server, found in runs.items():
        results[f"users_by_id_{server}"] = median_run(found)
    if ceilings:
        measured = sorted(ceilings)[len(ceilings) // 2]
        scale = measured / REFERENCE_CEILING
        results["ceiling_starlette_granian_req_s"] = measured
        results["ceiling_runs_req_s"] = ceilings
        results["target_req_s_scaled"] = round(TARGET_REQ_S * scale)
        results["target_p99_ms_scaled"] = round(TARGET_P99_MS / scale, 1)
        granian = results["users_by_id_granian"]
        assert isinstance(granian, dict)
        results["granian_share_of_ceiling"] = round(granian["req_s"] / measured, 3)
        results["target_share_of_ceiling"] = round(TARGET_REQ_S / REFERENCE_CEILING, 3)
    if not args.skip_big:
        big = TMP / "big.db"
        results["generate_10000_s"], creds = generate(10_000, big)
        proc, port = start(big, "granian")
        try:
            headers = {"Authorization": f"Bearer {creds['token']}", "Client-Id": creds["client_id"]}
            wrk(f"http://127.0.0.1:{port}/mock/users?id={creds['user_id']}", headers, 3)
            results["rss_10000_users_mb"] = round(rss_mb(proc.pid), 1)
        finally:
            stop(proc)
    print(json.dumps(results, indent=2))
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(results, indent=2))
    shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
