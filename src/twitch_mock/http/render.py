"""The one serializer: results and errors to status, headers and bytes. Content-Type is exactly
`application/json`, lists are never null, and every response carries CORS headers."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

import orjson

from twitch_mock.core.errors import TwitchError
from twitch_mock.core.omit import OMIT, Sparse
from twitch_mock.http.endpoint import ErrorStyle
from twitch_mock.http.results import Bytes, Data, Empty, Html, Json, NoContent, Page, Redirect, Result, Text

Headers = list[tuple[bytes, bytes]]

JSON = (b"content-type", b"application/json")
CORS: Headers = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-allow-headers", b"*"),
    (b"access-control-allow-methods", b"GET, POST, PUT, PATCH, DELETE, OPTIONS"),
    (b"access-control-expose-headers", b"Ratelimit-Limit, Ratelimit-Remaining, Ratelimit-Reset"),
]


def dumps(value: Any, sparse: bool = False) -> bytes:
    """orjson serialises dataclasses natively; rows with `OMIT` fields (core/omit.py) go through
    `_sparse`, which leaves those fields out."""
    if sparse:
        return orjson.dumps(value, default=_sparse, option=orjson.OPT_PASSTHROUGH_DATACLASS)
    return orjson.dumps(value)


def _sparse(value: Any) -> Any:
    if is_dataclass(value):
        kind = type(value)
        to_json = kind.__dict__.get("_to_json") or _compile(kind)
        return to_json(value)
    if value is OMIT:
        return None
    raise TypeError(f"not serialisable: {value!r}")


def _compile(kind: Any) -> Any:
    """A function from an instance of the dataclass `kind` to the dict of its fields, leaving out
    those that are OMIT; written out once per class (a generic loop costs several microseconds on
    every Get Users), and kept on the class."""
    lines = ["def to_json(o):", "    d = {}"]
    for f in fields(kind):
        lines.append(f"    v = o.{f.name}")
        lines.append(f"    if v is not OMIT: d[{f.name!r}] = v")
    lines.append("    return d")
    namespace: dict[str, Any] = {"OMIT": OMIT}
    exec("\n".join(lines), namespace)
    to_json = namespace["to_json"]
    type.__setattr__(kind, "_to_json", staticmethod(to_json))
    return to_json


def _is_sparse(data: Any) -> bool:
    if isinstance(data, list):
        return bool(data) and isinstance(data[0], Sparse)
    return isinstance(data, Sparse)


def render(result: Result, pagination: dict[str, str] | None = None) -> tuple[int, Headers, bytes]:
    if isinstance(result, Data):
        body = {"data": result.data, **result.extra}
        return result.status, [JSON], dumps(body, _is_sparse(result.data))
    if isinstance(result, Page):
        rows = result.slice.rows
        data = rows if result.nest is None else result.nest(rows)
        page = {"data": data, "pagination": pagination or {}, **result.extra}
        return 200, [JSON], dumps(page, _is_sparse(rows) or _is_sparse(data))
    if isinstance(result, NoContent):
        return 204, [], b""
    if isinstance(result, Json):
        return result.status, [JSON], dumps(result.body)
    if isinstance(result, Empty):
        return result.status, [], b""
    if isinstance(result, Redirect):
        return result.status, [(b"location", result.location.encode())], b""
    if isinstance(result, Html):
        return result.status, [(b"content-type", b"text/html; charset=utf-8")], result.text.encode()
    if isinstance(result, Text):
        return result.status, [(b"content-type", result.content_type.encode())], result.text.encode()
    if isinstance(result, Bytes):
        headers = [(b"content-type", result.content_type.encode())]
        if result.filename:
            headers.append((b"content-disposition", f'attachment; filename="{result.filename}"'.encode()))
        return 200, headers, result.body
    raise TypeError(f"not a handler result: {result!r}")


def render_error(error: TwitchError, style: ErrorStyle) -> tuple[int, Headers, bytes]:
    if style is ErrorStyle.OAUTH:
        body: dict[str, Any] = {"status": error.status, "message": error.message}
    else:
        body = {"error": error.reason, "status": error.status, "message": error.message}
    headers = [JSON, *((k.lower().encode(), v.encode()) for k, v in error.headers.items())]
    return error.status, headers, dumps(body)
