"""The fuzzer behind tests/fuzz/test_fuzz.py and bench/fuzz.py: Schemathesis over the generated
OpenAPI document (GET /openapi.json), in-process over ASGI, against a seeded mock that is reset
before each operation, with valid tokens (an app token, or a user token with every scope for the
all-units user). Checks: no 5xx, no dropped connection (the app always answers), status,
Content-Type and body conform to the document, and every 4xx carries Twitch's error shape with its
own status. Operations are shared out over worker processes (`run`)."""

from __future__ import annotations

import multiprocessing
import os
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from twitch_mock.app import APIS
from twitch_mock.core.scopes import ALL_SCOPES
from twitch_mock.mock import MockTwitch

SEED = 7
USERS = 25
# Parameters naming a user or a channel: often the token's own user, so rules past the
# ownership checks are reached too.
USER_PARAMS = (
    "broadcaster_id", "user_id", "moderator_id", "from_broadcaster_id", "to_broadcaster_id",
    "editor_id", "from_user_id", "to_user_id",
)  # fmt: skip
HOST = b"localhost"
# /mock serves Helix's table again and /auth id.twitch.tv's: each endpoint is fuzzed once
ALIASES = tuple(prefix + "/" for api in APIS for prefix in api.prefixes[1:] if prefix)


@dataclass
class Outcome:
    label: str
    cases: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    failure: str | None = None
    seconds: float = 0.0


def twitch_error_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    """A 4xx is JSON with Twitch's envelope: {"error", "status", "message"} (id.twitch.tv:
    {"status", "message"}), its `status` the response's."""
    if not 400 <= response.status_code < 500:
        return None
    kind = (response.headers.get("content-type") or [""])[0]
    pages = case.operation.definition.raw["responses"].get("4XX", {}).get("content", {})
    if kind == "text/html; charset=utf-8" and "text/html" in pages:
        return None  # a page for people (consent, activation) tells its error as a page
    assert response.headers.get("content-type") == ["application/json"], response.headers
    body = response.json()
    assert isinstance(body, dict), body
    assert body.get("status") == response.status_code, body
    assert isinstance(body.get("message"), str), body
    oauth = case.operation.path.startswith(("/oauth2", "/auth"))
    keys = {"status", "message"} if oauth else {"error", "status", "message"}
    assert set(body) == keys, body
    return True


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    twitch_error_shape,
]


def loopback(app: Any) -> Any:
    """The app as a loopback client reaches it (the mock binds loopback only): the peer is
    127.0.0.1 and the Host header `localhost`, not the test client's made-up names."""

    async def from_loopback(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            headers = [(k, v) for k, v in scope["headers"] if k != b"host"] + [(b"host", HOST)]
            scope = {**scope, "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 80), "headers": headers}
        await app(scope, receive, send)

    return from_loopback


def load(app: Any) -> dict[str, Any]:
    """The app's operations by label ("GET /helix/users"), aliases left out."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", loopback(app))
    operations = []
    for result in schema.get_all_operations():
        if not isinstance(result, Ok):
            raise AssertionError(f"the document has an operation Schemathesis cannot read: {result}")
        operations.append(result.ok())
    return {op.label: op for op in operations if not op.path.startswith(ALIASES)}


def labels() -> list[str]:
    mock = MockTwitch(seed=SEED, users=USERS)
    try:
        return sorted(load(mock.app))
    finally:
        mock.close()


def _own_user(case: Any, user_id: str, pick: Sequence[bool]) -> Any:
    for name, use in zip(USER_PARAMS, pick, strict=True):
        if use and isinstance(case.query, dict) and name in case.query:
            case.query[name] = user_id
        if use and isinstance(case.body, dict) and name in case.body:
            case.body[name] = user_id
    return case


def fuzz_operation(mock: MockTwitch, client: Any, op: Any, positive: int, negative: int) -> Outcome:
    outcome = Outcome(op.label)
    started = time.perf_counter()
    mock.reset()
    user_id = mock.all_units_user_id
    if op.definition.raw.get("x-twitch-token") == "app":
        access = mock.app_token()
    else:
        access = mock.user_token(user_id, sorted(ALL_SCOPES))
    headers = {"Authorization": f"Bearer {access}", "Client-Id": mock.client_id}
    picks = st.lists(st.booleans(), min_size=len(USER_PARAMS), max_size=len(USER_PARAMS))
    last: list[Any] = []

    def run(case: Any) -> None:
        last[:] = [case]
        response = case.call(session=client, headers=headers)
        outcome.cases += 1
        outcome.statuses[response.status_code] = outcome.statuses.get(response.status_code, 0) + 1
        case.validate_response(response, checks=CHECKS, headers=headers)

    try:
        for mode, count in ((GenerationMode.POSITIVE, positive), (GenerationMode.NEGATIVE, negative)):
            if count <= 0:
                continue

            @settings(
                max_examples=count,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
                report_multiple_bugs=False,
            )
            @given(st.tuples(op.as_strategy(generation_mode=mode), picks))
            def fuzz(drawn: tuple[Any, list[bool]]) -> None:
                case, pick = drawn
                run(_own_user(case, user_id, pick))

            try:
                fuzz()
            except Unsatisfiable:
                if mode is GenerationMode.POSITIVE:
                    raise  # (an operation with no input to make invalid has no negative cases)
    except BaseException as error:  # as text: Schemathesis' failures don't survive pickling
        if isinstance(error, KeyboardInterrupt):
            raise
        curl = last[0].as_curl_command(headers=headers) if last else ""
        text = "".join(traceback.format_exception_only(error)).strip()
        outcome.failure = f"{op.label}: {text[:4000]}\n  reproduce: {curl}"
    outcome.seconds = time.perf_counter() - started
    return outcome


def work(chunk: Sequence[str], positive: int, negative: int) -> list[Outcome]:
    """Fuzz the operations of `chunk` against a mock of this process's own."""
    mock = MockTwitch(seed=SEED, users=USERS)
    try:
        operations = load(mock.app)
        with asgi.get_client(loopback(mock.app)) as client:
            return [fuzz_operation(mock, client, operations[label], positive, negative) for label in chunk]
    finally:
        mock.close()


def run(chosen: Sequence[str], positive: int, negative: int, workers: int | None = None) -> list[Outcome]:
    """Every operation of `chosen`, shared out over `workers` processes (default: the CPUs)."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(chosen)))
    if workers == 1:
        return work(chosen, positive, negative)
    chunks = [list(chosen[i::workers]) for i in range(workers)]
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        parts = pool.starmap(work, [(chunk, positive, negative) for chunk in chunks])
    return sorted((o for part in parts for o in part), key=lambda o: o.label)


def tally(outcomes: Sequence[Outcome], seconds: float) -> str:
    total = sum(o.cases for o in outcomes)
    lines = [f"fuzz: {total} cases over {len(outcomes)} operations in {seconds:.0f} s"]
    for o in outcomes:
        statuses = ", ".join(f"{s}:{c}" for s, c in sorted(o.statuses.items()))
        lines.append(f"  {o.cases:5d}  {o.label}  ({statuses}) {o.seconds:.1f} s")
    return "\n".join(lines)
