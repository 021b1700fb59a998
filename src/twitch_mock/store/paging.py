"""The store's side of cursor pagination (dev.twitch.tv/docs/api/guide/#pagination): keyset
windows, so a list that grows between two requests neither repeats nor skips rows.

A `Window` asks for `limit` rows after (or before) the row with a given sort key; a query answers
with a `Slice`: the rows, the sort keys of its first and last row, and whether more rows lie in the
direction of travel. Keys are tuples of the values of an `Order`'s columns; the last column of an
order must make it unique (an id), so a key names exactly one position."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from twitch_mock.core.errors import BadRequest

T = TypeVar("T")
Key = tuple[Any, ...]
INVALID_CURSOR = "invalid cursor"


@dataclass(frozen=True, slots=True)
class Window:
    """`limit` rows from the start, or after the row keyed `after`, or before the row keyed `before`."""

    limit: int
    after: Key | None = None
    before: Key | None = None


@dataclass(frozen=True, slots=True)
class Slice(Generic[T]):
    """One page of rows. `more`: rows follow in the direction of travel (after `last`, or before
    `first` when the window went backwards)."""

    rows: list[T]
    first: Key | None = None
    last: Key | None = None
    more: bool = False
    backwards: bool = False


@dataclass(frozen=True, slots=True)
class Order:
    """SQL sort columns, each `(expression, descending)`; the keys of a window follow it."""

    columns: tuple[tuple[str, bool], ...]

    @classmethod
    def of(cls, *terms: str) -> Order:
        """`Order.of("b.created_at DESC", "u.id")`."""
        parsed = []
        for term in terms:
            expr, _, direction = term.rpartition(" ")
            if direction.upper() in ("ASC", "DESC"):
                parsed.append((expr, direction.upper() == "DESC"))
            else:
                parsed.append((term, False))
        return cls(tuple(parsed))

    def sql(self, backwards: bool = False) -> str:
        return ", ".join(f"{e} {'ASC' if desc == backwards else 'DESC'}" for e, desc in self.columns)

    def seek(self, key: Key, backwards: bool) -> tuple[str, list[Any]]:
        """The condition "sorts after `key`" (before it, `backwards`), with its arguments."""
        check_key(key, len(self.columns))
        alternatives, args = [], []
        for n, (expr, desc) in enumerate(self.columns):
            equal = [f"{e} = ?" for e, _ in self.columns[:n]]
            op = ">" if desc == backwards else "<"
            alternatives.append("(" + " AND ".join([*equal, f"{expr} {op} ?"]) + ")")
            args += [*key[:n], key[n]]
        return "(" + " OR ".join(alternatives) + ")", args


def check_key(key: Key, size: int) -> None:
    if len(key) != size or not all(isinstance(v, str | int | float) and v is not True for v in key):
        raise BadRequest(INVALID_CURSOR)


def slice_rows(
    rows: Sequence[Any],
    window: Window,
    item: Callable[[Any], T] = operator.itemgetter(0),
    key: Callable[[Any], Key] = operator.itemgetter(1),
) -> Slice[T]:
    """A Slice from up to `limit + 1` rows fetched in the direction of travel: `item` makes a row's
    item (by default, rows are (item, key) pairs), `key` gives its sort key, needed only for the
    page's first and last row."""
    backwards = window.before is not None
    page = rows[: window.limit]
    more = len(rows) > window.limit
    if backwards:
        page = page[::-1]
    if not page:
        return Slice([], backwards=backwards)
    return Slice([item(r) for r in page], key(page[0]), key(page[-1]), more, backwards)


@dataclass(frozen=True, slots=True)
class ListOrder(Generic[T]):
    """Keyset paging over rows already in memory (computed lists): `key` gives a row's sort key,
    which must be unique and ascending in the list's order."""

    key: Callable[[T], Key]
    size: int = field(default=1)

    def page(self, items: Sequence[T], window: Window) -> Slice[T]:
        keyed = [(item, self.key(item)) for item in items]
        if window.after is not None:
            check_key(window.after, self.size)
            keyed = [p for p in keyed if _after(p[1], window.after)]
        elif window.before is not None:
            check_key(window.before, self.size)
            keyed = [p for p in reversed(keyed) if _after(window.before, p[1])]
        return slice_rows(keyed[: window.limit + 1], window)


def _after(key: Key, other: Key) -> bool:
    try:
        return key > other
    except TypeError:
        raise BadRequest(INVALID_CURSOR) from None
