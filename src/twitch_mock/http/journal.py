"""The request journal: the last N requests the mock answered, for tests to assert on
(`GET /_mock/requests`, `MockTwitch.requests`, `assert_requested`).

Recording is on the hot path, so it only appends a tuple to a bounded deque; everything a reader
sees (the parsed query and body, the masked secrets, the token's user) is worked out when the
journal is read. The token is looked up when the request is recorded, because a refresh or a revoke
may delete it a moment later. A journal of size 0 records nothing."""

from __future__ import annotations

import fnmatch
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

import orjson

from twitch_mock.store.auth import Token

# Names whose values are credentials: masked wherever they appear (query, form, JSON, headers).
SECRETS = frozenset(
    {
        "client_secret",
        "access_token",
        "refresh_token",
        "id_token",
        "code",
        "device_code",
        "token",
        "secret",
        "password",
    }
)
SECRET_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "proxy-authorization"})

# (id, mock time, method, path, query string, raw headers, body, token, status, seconds, fault id)
Raw = tuple[
    int, float, str, str, bytes, list[tuple[bytes, bytes]], bytes, Token | None, int | None, float, str | None
]


def mask(value: str) -> str:
    """A credential shown only by its last four characters (enough to tell two apart)."""
    return "****" + value[-4:] if len(value) >= 12 else "****"


def _mask_header(name: str, value: str) -> str:
    if name not in SECRET_HEADERS:
        return value
    scheme, _, credential = value.partition(" ")
    return f"{scheme} {mask(credential)}" if credential else mask(value)


def _mask_fields(values: Mapping[str, list[str]]) -> dict[str, list[str]]:
    return {k: [mask(v) for v in vs] if k.lower() in SECRETS else list(vs) for k, vs in values.items()}


def _mask_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: mask(v) if isinstance(v, str) and k.lower() in SECRETS else _mask_json(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_mask_json(v) for v in value]
    return value


def _time(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass(frozen=True, slots=True)
class Recorded:
    """One request as the journal shows it. `query` and a form `body` map each name to its values
    (a name may repeat); a JSON body is the parsed value; secrets are masked."""

    id: int
    time: str
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    headers: dict[str, str]
    client_id: str | None
    user_id: str | None
    scopes: list[str]
    status: int | None  # None: the connection was dropped (a fault) before an answer
    duration_ms: float
    fault: str | None  # the id of the fault rule that answered instead, if any
    at: float  # the mock-clock time, in epoch seconds (for `since`)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "time": self.time,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "body": self.body,
            "headers": self.headers,
            "client_id": self.client_id,
            "user_id": self.user_id,
            "scopes": self.scopes,
            "status": self.status,
            "duration_ms": self.duration_ms,
            "fault": self.fault,
        }


def _body(raw: bytes, headers: Mapping[str, str]) -> Any:
    if not raw.strip():
        return None
    ctype = headers.get("content-type", "").lower()
    if "json" in ctype or raw.lstrip()[:1] in (b"{", b"["):
        try:
            return _mask_json(orjson.loads(raw))
        except orjson.JSONDecodeError:
            pass
    if ctype.startswith("application/x-www-form-urlencoded") or not ctype:
        text = raw.decode("utf-8", "replace")
        if "=" in text:
            return _mask_fields(parse_qs(text, keep_blank_values=True))
    return raw.decode("utf-8", "replace")


def expand(raw: Raw, tokens: Callable[[str], Token | None] | None = None) -> Recorded:
    seq, at, method, path, query, header_list, body, token, status, seconds, fault = raw
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in header_list}
    if token is None and tokens is not None and "authorization" in headers:
        token = tokens(headers["authorization"])  # a read, journaled without its token
    query_values = _mask_fields(parse_qs(query.decode("latin-1"), keep_blank_values=True))
    parsed = _body(body, headers)
    if token is not None:
        client_id: str | None = token.client_id
        user_id, scopes = token.user_id, list(token.scopes)
    else:
        client_id = headers.get("client-id") or _first(query_values, "client_id")
        if client_id is None and isinstance(parsed, dict):
            found = parsed.get("client_id")
            client_id = (
                found[0] if isinstance(found, list) and found else found if isinstance(found, str) else None
            )
        user_id, scopes = None, []
    return Recorded(
        id=seq,
        time=_time(at),
        method=method,
        path=path,
        query=query_values,
        body=parsed,
        headers={k: _mask_header(k, v) for k, v in headers.items()},
        client_id=client_id,
        user_id=user_id,
        scopes=scopes,
        status=status,
        duration_ms=round(seconds * 1000, 3),
        fault=fault,
        at=at,
    )


def _first(values: Mapping[str, list[str]], name: str) -> str | None:
    found = values.get(name)
    return found[0] if found else None


@dataclass(frozen=True, slots=True)
class Filter:
    """What `GET /_mock/requests` narrows the journal to; None matches anything."""

    method: str | None = None
    path: str | None = None  # a glob: /helix/users, /helix/channels*, /oauth2/*
    status: str | None = None  # 200, or a class: 4xx
    user_id: str | None = None
    client_id: str | None = None
    since: float | None = None  # mock-clock epoch seconds, inclusive

    def matches(self, r: Recorded) -> bool:
        if self.method is not None and r.method != self.method.upper():
            return False
        if self.path is not None and not fnmatch.fnmatchcase(r.path, self.path):
            return False
        if self.status is not None and not status_matches(self.status, r.status):
            return False
        if self.user_id is not None and r.user_id != self.user_id:
            return False
        if self.client_id is not None and r.client_id != self.client_id:
            return False
        return self.since is None or r.at >= self.since


def status_matches(pattern: str, status: int | None) -> bool:
    if status is None:
        return pattern.lower() in ("none", "null", "dropped")
    text = str(status)
    pattern = pattern.lower()
    return len(pattern) == 3 and all(p in ("x", c) for p, c in zip(pattern, text, strict=True))


def valid_status(pattern: str) -> bool:
    p = pattern.lower()
    return p in ("none", "null", "dropped") or (
        len(p) == 3 and p[0] in "12345" and all(c.isdigit() or c == "x" for c in p[1:])
    )


class Journal:
    """A ring of the last `size` requests (0: off)."""

    def __init__(self, size: int, tokens: Callable[[str], Token | None] | None = None) -> None:
        """`tokens`: the token an Authorization header names. Writes are journaled with their
        token (a revoke or a refresh may delete it); reads, on the hot path, get it when read."""
        self.tokens = tokens
        self.size = max(0, size)
        self.entries: deque[Raw] = deque(maxlen=self.size or 1)
        self.count = 0  # requests recorded since start (ids keep growing across clears)

    @property
    def enabled(self) -> bool:
        return self.size > 0

    def append(
        self,
        at: float,
        method: str,
        path: str,
        query: bytes,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
        token: Token | None,
        status: int | None,
        seconds: float,
        fault: str | None = None,
    ) -> None:
        self.count += 1
        self.entries.append(
            (self.count, at, method, path, query, headers, body, token, status, seconds, fault)
        )

    def clear(self) -> None:
        self.entries.clear()

    def read(self, where: Filter | None = None) -> list[Recorded]:
        """The recorded requests, oldest first, that match `where`."""
        found = (expand(raw, self.tokens) for raw in list(self.entries))
        return [r for r in found if where is None or where.matches(r)]


def matches(r: Recorded, expected: Mapping[str, Any]) -> bool:
    """`assert_requested`'s `**match`: each field equal; `query` / `body` dicts match a subset,
    and a single value matches a field that holds exactly that one value."""
    return all(_field_matches(getattr(r, name, None), want) for name, want in expected.items())


def _field_matches(have: Any, want: Any) -> bool:
    if isinstance(want, Mapping):
        return isinstance(have, Mapping) and all(
            k in have and _field_matches(have[k], v) for k, v in want.items()
        )
    if isinstance(have, list) and not isinstance(want, list):
        return have == [want]
    return bool(have == want)


def describe(r: Recorded) -> str:
    query = "&".join(f"{k}={v}" for k, vs in r.query.items() for v in vs)
    who = f" user {r.user_id}" if r.user_id else ""
    return f"{r.method} {r.path}{'?' + query if query else ''} -> {r.status}{who} (client {r.client_id})"


def closest(records: Iterable[Recorded], method: str, path: str, limit: int = 5) -> list[Recorded]:
    """The recorded requests most like `method path`, most alike first."""
    import difflib

    def score(r: Recorded) -> float:
        same = 1.0 if r.method == method.upper() else 0.0
        return same + difflib.SequenceMatcher(None, r.path, path).ratio()

    return sorted(records, key=score, reverse=True)[:limit]
