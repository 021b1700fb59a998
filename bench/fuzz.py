#!/usr/bin/env python3
"""The long fuzz run: tests/fuzz/test_fuzz.py (Schemathesis over the generated OpenAPI document,
in-process over ASGI) with more cases than CI's budget allows, valid and invalid inputs, every
endpoint once. Prints the cases per operation and in total, the statuses seen and the time.

Usage: python bench/fuzz.py [--cases 1000] [--negative 250] [--only TEXT] [--report PATH]"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000, help="valid cases per operation")
    parser.add_argument("--negative", type=int, default=250, help="invalid cases per operation")
    parser.add_argument("--only", default="", help="only operations whose label holds this text")
    parser.add_argument("--report", default="", help="write the per-operation tally here")
    args = parser.parse_args()
    report = args.report or str(Path(tempfile.gettempdir()) / "twitch-mock-fuzz.txt")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "TWITCH_MOCK_FUZZ_CASES": str(args.cases),
        "TWITCH_MOCK_FUZZ_NEGATIVE": str(args.negative),
        "TWITCH_MOCK_FUZZ_REPORT": report,
        "TWITCH_MOCK_FUZZ_ONLY": args.only,
    }
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/fuzz/test_fuzz.py"]
    started = time.perf_counter()
    code = subprocess.call(command, cwd=ROOT, env=env)
    took = time.perf_counter() - started
    if Path(report).exists():
        print(Path(report).read_text(encoding="utf-8"), end="")
    print(f"fuzz: {took:.0f} s, pytest exit {code}")
    return code


if __name__ == "__main__":
    sys.exit(main())
