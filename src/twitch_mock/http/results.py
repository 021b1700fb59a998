"""What handlers return. Handlers never build JSON, status codes or envelopes; the dispatcher
renders these values (render.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from twitch_mock.store.paging import Slice


@dataclass(frozen=True, slots=True)
class Data:
    """`{"data": data, **extra}` with status 200 (or `status`)."""

    data: Any
    extra: dict[str, Any] = field(default_factory=dict)
    status: int = 200


@dataclass(frozen=True, slots=True)
class Page:
    """A page of a paginated list: `{"data": [...], "pagination": {...}, **extra}`, from the
    `Slice` a store query returned (the cursor comes from its keys). `nest` wraps the rows when
    Twitch puts them inside an object: `nest=lambda rows: Schedule(segments=rows, ...)` gives
    `{"data": {..., "segments": [...]}, "pagination": {...}}`."""

    slice: Slice[Any]
    extra: dict[str, Any] = field(default_factory=dict)
    nest: Callable[[list[Any]], Any] | None = None


@dataclass(frozen=True, slots=True)
class NoContent:
    """204 with no body."""


@dataclass(frozen=True, slots=True)
class Json:
    """A bare JSON body (id.twitch.tv responses, the mock's own control API)."""

    body: Any
    status: int = 200


@dataclass(frozen=True, slots=True)
class Empty:
    """A status with an empty body (id.twitch.tv's revoke answers 200 with nothing)."""

    status: int = 200


@dataclass(frozen=True, slots=True)
class Redirect:
    location: str
    status: int = 302


@dataclass(frozen=True, slots=True)
class Html:
    text: str
    status: int = 200


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    content_type: str = "text/plain; charset=utf-8"
    status: int = 200


@dataclass(frozen=True, slots=True)
class Bytes:
    """A binary body (the mock's world snapshots); `filename` sets Content-Disposition."""

    body: bytes
    content_type: str = "application/octet-stream"
    filename: str | None = None


Result = Data | Page | NoContent | Json | Empty | Redirect | Html | Text | Bytes
