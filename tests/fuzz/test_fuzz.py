"""Fuzzing in CI (tests/fuzz/fuzzing.py): every endpoint of the generated OpenAPI document, with
at least `TWITCH_MOCK_FUZZ_CASES` (default 50) valid cases each (an operation with few inputs ends
when Hypothesis has tried every distinct one) and `TWITCH_MOCK_FUZZ_NEGATIVE` (default 0) invalid
ones, shared out over the CPUs. bench/fuzz.py runs more; `TWITCH_MOCK_FUZZ_REPORT` writes the
tally of cases and statuses per operation."""

from __future__ import annotations

import os
import time

import pytest
from fuzzing import labels, run, tally

CASES = int(os.environ.get("TWITCH_MOCK_FUZZ_CASES", "50"))
NEGATIVE = int(os.environ.get("TWITCH_MOCK_FUZZ_NEGATIVE", "0"))
ONLY = os.environ.get("TWITCH_MOCK_FUZZ_ONLY", "")  # a substring of the labels to fuzz


@pytest.mark.timeout(3600)
def test_every_endpoint_survives_fuzzing_and_answers_as_documented() -> None:
    chosen = [label for label in labels() if ONLY in label]
    assert chosen
    started = time.perf_counter()
    outcomes = run(chosen, CASES, NEGATIVE)
    report = tally(outcomes, time.perf_counter() - started)
    path = os.environ.get("TWITCH_MOCK_FUZZ_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            out.write(report + "\n")
    failures = [o.failure for o in outcomes if o.failure]
    assert not failures, "\n\n".join(failures)
    assert {o.label for o in outcomes} == set(chosen)
    assert all(o.cases >= 1 for o in outcomes) or CASES == 0
