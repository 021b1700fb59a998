"""Cursor pagination (dev.twitch.tv/docs/api/guide/#pagination). A cursor is opaque to clients;
inside, it holds the sort keys of the first and last row of the page it came from (keyset, not
offsets: rows inserted between two requests don't shift the next page), so `after` continues past
its last row and `before` goes back from its first. A cursor is returned only when more rows lie
that way."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import orjson

from twitch_mock.core.errors import BadRequest
from twitch_mock.http.params import Params, check_integer
from twitch_mock.store.paging import INVALID_CURSOR, Key, Slice, Window


def encode_cursor(first: Key, last: Key) -> str:
    raw = orjson.dumps({"f": first, "l": last})
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_cursor(cursor: str) -> tuple[Key, Key]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = orjson.loads(raw)
        first, last = value["f"], value["l"]
    except (binascii.Error, ValueError, TypeError, KeyError, orjson.JSONDecodeError):
        raise BadRequest(INVALID_CURSOR) from None
    if not (isinstance(first, list) and isinstance(last, list)) or not first or len(first) != len(last):
        raise BadRequest(INVALID_CURSOR)
    return tuple(first), tuple(last)


def window_for(query: Params, default: int, maximum: int, allow_before: bool) -> Window:
    """The rows a request asks for."""
    first_text = query.get("first")
    first = default if first_text is None else check_integer("first", first_text, 1, maximum)
    after, before = query.get("after"), query.get("before") if allow_before else None
    if after is not None and before is not None:
        raise BadRequest("Only one of after or before may be given")
    if before is not None:
        return Window(first, before=decode_cursor(before)[0])
    if after is not None:
        return Window(first, after=decode_cursor(after)[1])
    return Window(first)


def pagination(page: Slice[Any]) -> dict[str, str]:
    """The `pagination` object: a cursor only when more rows lie in the direction of travel."""
    if not page.more or page.first is None or page.last is None:
        return {}
    return {"cursor": encode_cursor(page.first, page.last)}
