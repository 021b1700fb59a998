#!/usr/bin/env python3
"""World snapshots (issue 17): export and import of a world with 10,000 users, each under 2 s.

Generates the world once (`twitch-mock generate -c 10000`), opens it as a `MockTwitch` would serve
it, then times `MockTwitch.export()` (the database and clock as one SQLite file's bytes) and
`MockTwitch.import_()` of those bytes (checked, then restored in one step) --runs times each, and
reports the medians. With --ceilings (the team's ceilings.py), the same sitting measures the bare
Starlette-on-Granian ceiling and scales the 2 s target by it the way bench.py scales its targets
(they were set where that endpoint served 26,800 req/s).

Usage: PYTHONPATH=src python bench/snapshots.py [--users 10000] [--runs 5] [--ceilings PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench import REFERENCE_CEILING, TMP, ceiling, generate

TARGET_S = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ceilings", default=None, help="path of ceilings.py, to scale the target")
    args = parser.parse_args()
    from twitch_mock import MockTwitch

    db = TMP / "snapshots.db"
    generated, _ = generate(args.users, db)
    mock = MockTwitch(db=str(db))
    exports, imports = [], []
    try:
        for _ in range(args.runs):
            started = time.perf_counter()
            data = mock.export()
            exports.append(time.perf_counter() - started)
            started = time.perf_counter()
            mock.import_(data)
            imports.append(time.perf_counter() - started)
    finally:
        mock.close()
    results: dict[str, object] = {
        "users": args.users,
        "generate_s": round(generated, 2),
        "snapshot_mb": round(len(data) / 1e6, 1),
        "export_s": round(statistics.median(exports), 3),
        "import_s": round(statistics.median(imports), 3),
        "export_runs_s": [round(t, 3) for t in exports],
        "import_runs_s": [round(t, 3) for t in imports],
        "target_s": TARGET_S,
    }
    if args.ceilings:
        measured = ceiling(args.ceilings, 10)
        scale = measured / REFERENCE_CEILING
        results["ceiling_starlette_granian_req_s"] = measured
        results["target_s_scaled"] = round(TARGET_S / scale, 2)
        results["export_share_of_target"] = round(statistics.median(exports) / (TARGET_S / scale), 3)
        results["import_share_of_target"] = round(statistics.median(imports) / (TARGET_S / scale), 3)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
