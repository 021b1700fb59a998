#!/usr/bin/env python3
"""Measures the two speed targets of the Python test API (never asserted in tests):

  - set-up time that the `twitch_mock` fixture adds to a test once the session server is up
    (reset included): target < 20 ms. Runs a generated file of N tests through pytest and reads
    each test's set-up duration from its report; the first test (which starts the server) is
    reported separately. Also measured: tests that use twitch_user_token (reset + a token).
  - starting a fresh `MockTwitch(users=25)` (generate + snapshot + serve): target < 1 s.

Usage: python bench/fixture_overhead.py [--tests 300] [--starts 10]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

TEST_FILE = """
def test_plain_{n}():
    pass

def test_mock_{n}(twitch_mock):
    twitch_mock.create_user()  # dirty the state, so the next reset has work to do

def test_token_{n}(twitch_user_token):
    assert twitch_user_token
"""


class SetupTimes:
    """A pytest plugin that records each test's set-up duration by test kind."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {}

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.when == "setup":
            kind = report.nodeid.rsplit("::", 1)[1].split("_")[1]
            self.times.setdefault(kind, []).append(report.duration * 1000)


def measure_fixture(tests: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        path = Path(work)
        (path / "test_bench.py").write_text("".join(TEST_FILE.format(n=n) for n in range(tests)))
        (path / "pytest.ini").write_text("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
        recorder = SetupTimes()
        started = time.perf_counter()
        pytest.main(
            ["-q", "-p", "no:cacheprovider", "-W", "ignore::DeprecationWarning", str(path)],
            plugins=[recorder],
        )
        total = time.perf_counter() - started
    first = recorder.times["mock"].pop(0)
    print(f"\n{tests * 3} tests in {total:.2f} s; the first twitch_mock set-up (server start) {first:.1f} ms")
    print(f"{'set-up per test':<28}{'median ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for kind, label in (("plain", "no fixture"), ("mock", "twitch_mock"), ("token", "twitch_user_token")):
        values = sorted(recorder.times[kind])
        p95 = values[int(len(values) * 0.95) - 1]
        print(f"{label:<28}{statistics.median(values):>10.2f}{p95:>10.2f}{max(values):>10.2f}")


def measure_start(starts: int) -> None:
    from twitch_mock import MockTwitch

    times = []
    for _ in range(starts):
        started = time.perf_counter()
        mock = MockTwitch(users=25).start()
        times.append(time.perf_counter() - started)
        mock.close()
    median, worst = statistics.median(times), max(times)
    print(f"\nMockTwitch(users=25) start, {starts} runs: median {median:.3f} s, max {worst:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tests", type=int, default=300, help="tests of each kind")
    parser.add_argument("--starts", type=int, default=10, help="fresh MockTwitch starts to time")
    args = parser.parse_args()
    measure_start(args.starts)
    measure_fixture(args.tests)


if __name__ == "__main__":
    main()
