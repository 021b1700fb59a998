"""Cursor pagination (dev.twitch.tv/docs/api/guide/#pagination). A cursor is opaque to clients;
inside, it records the bounds of the page it came from, so `after` continues past its end and
`before` goes back from its start. A cursor is returned only when more rows lie that way."""

from __future__ import annotations

import base64
import binascii

import orjson

from twitch_mock.core.errors import BadRequest
from twitch_mock.http.params import Params, check_integer
from twitch_mock.store import Window

INVALID_CURSOR = "invalid cursor"


def encode_cursor(start: int, end: int) -> str:
    raw = orjson.dumps({"s": start, "e": end})
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_cursor(cursor: str) -> tuple[int, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = orjson.loads(raw)
        start, end = value["s"], value["e"]
    except (binascii.Error, ValueError, TypeError, KeyError, orjson.JSONDecodeError):
        raise BadRequest(INVALID_CURSOR) from None
    if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start <= end:
        raise BadRequest(INVALID_CURSOR)
    return start, end


def window_for(query: Params, default: int, maximum: int, allow_before: bool) -> tuple[Window, bool]:
    """The rows a request asks for, and whether it travels backwards (`before`)."""
    first_text = query.get("first")
    first = default if first_text is None else check_integer("first", first_text, 1, maximum)
    after, before = query.get("after"), query.get("before") if allow_before else None
    if after is not None and before is not None:
        raise BadRequest("Only one of after or before may be given")
    if before is not None:
        start, _ = decode_cursor(before)
        return Window(max(0, start - first), min(first, start)), True
    if after is not None:
        _, end = decode_cursor(after)
        return Window(end, first), False
    return Window(0, first), False


def paginate(rows: list[object], window: Window, backwards: bool) -> tuple[list[object], dict[str, str]]:
    """Trim the extra row a store fetched and build the `pagination` object."""
    page = rows[: window.limit]
    more = window.offset > 0 if backwards else len(rows) > window.limit
    if not more or not page:
        return page, {}
    return page, {"cursor": encode_cursor(window.offset, window.offset + len(page))}
