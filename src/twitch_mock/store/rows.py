"""Typed rows: a SELECT derived from a dataclass's fields, and its rows converted back by the
fields' annotations, so no query depends on column order matching field order by hand.

    CHANNEL = Select(Channel, "users u LEFT JOIN categories c ON c.id = u.game_id", alias="u",
                     **person("broadcaster", "u"), game_name="COALESCE(c.name, '')",
                     tags="u.tags")
    CHANNEL.all(conn, "u.id IN (?, ?)", ids)

A field without an expression reads `<alias>.<field>`. `bool` fields are converted from SQLite's
0/1; `list`/`tuple` fields (of scalars or of dataclasses) from the JSON text that `json_list` or
`json_objects` produce, so a row and its children come from one query. Bulk inserts (`insert_rows`)
derive their column lists from the fields in the same way."""

from __future__ import annotations

import sqlite3
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields, is_dataclass
from functools import cache
from operator import attrgetter
from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast

import orjson

from twitch_mock.store.paging import Key, Order, Slice, Window, slice_rows

T = TypeVar("T")
Convert = Callable[[Any], Any]


class Row(Protocol):
    """A table's row type: a dataclass whose fields are the columns of `TABLE`."""

    TABLE: ClassVar[str]
    __dataclass_fields__: ClassVar[dict[str, Any]]


def person(prefix: str, alias: str, name_key: str | None = None) -> dict[str, str]:
    """Twitch's user triple from a users row `alias`: `<prefix>_id`, `<prefix>_login` and
    `<prefix>_name` (or `name_key`, e.g. "display_name")."""
    return {
        f"{prefix}_id": f"{alias}.id",
        f"{prefix}_login": f"{alias}.login",
        name_key or f"{prefix}_name": f"{alias}.display_name",
    }


def json_list(expr: str, rest: str) -> str:
    """A JSON array of `SELECT expr rest` (`rest`: FROM ... WHERE ... ORDER BY ...), in its order,
    for a list field: `json_list("tag", "FROM channel_tags WHERE broadcaster_id = u.id")`."""
    return f"(SELECT json_group_array(v) FROM (SELECT {expr} AS v {rest}))"


def json_objects(rest: str, **exprs: str) -> str:
    """A JSON array of objects, one per row of `SELECT <exprs> rest`, keyed by the names of `exprs`,
    for a field that is a list of dataclasses."""
    inner = ", ".join(f"{e} AS {n}" for n, e in exprs.items())
    pairs = ", ".join(f"'{n}', {n}" for n in exprs)
    return f"(SELECT json_group_array(json_object({pairs})) FROM (SELECT {inner} {rest}))"


def _convert_for(hint: Any) -> Convert | None:
    """How to turn a column's value into the field's type; None where it is the value itself."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        convert = _convert_for(inner[0]) if len(inner) == 1 else None
        return None if convert is None else (lambda v: None if v is None else convert(v))
    if hint is bool:
        return bool
    if origin in (list, tuple):
        item = typing.get_args(hint)[0]
        make = _from_json(item) if is_dataclass(item) else None
        if origin is tuple:
            return (
                (lambda v: tuple(map(make, orjson.loads(v)))) if make else (lambda v: tuple(orjson.loads(v)))
            )
        return (lambda v: list(map(make, orjson.loads(v)))) if make else orjson.loads
    return None


def _from_json(cls: Any) -> Convert:
    names = [f.name for f in fields(cls)]
    # inside a JSON object only booleans need converting (SQLite writes them as 0/1)
    converts = [c if c is bool else None for c in _converters(cls)]

    def make(obj: dict[str, Any]) -> Any:
        values = [obj[n] for n in names]
        return cls(*[c(v) if c and v is not None else v for c, v in zip(converts, values, strict=True)])

    return make


@cache
def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def _converters(cls: Any) -> tuple[Convert | None, ...]:
    hints = _hints(cls)
    return tuple(_convert_for(hints[f.name]) for f in fields(cls))


def converter(cls: type[T], width: int | None = None) -> Callable[[Sequence[Any]], T]:
    """A function from a row (values of the first `width` fields, in order) to an instance of `cls`."""
    converts = _converters(cast(Any, cls))[:width]
    if not any(converts):
        return lambda row: cls(*row)
    pairs = [(n, convert) for n, convert in enumerate(converts) if convert is not None]

    def make(row: Sequence[Any]) -> T:
        values = list(row)
        for n, convert in pairs:
            value = values[n]
            if value is not None:
                values[n] = convert(value)
        return cls(*values)

    return make


def _json_value(expr: str, hint: Any) -> str:
    """The SQL that gives a field's JSON value inside json_object(): booleans as true/false, list
    fields (JSON text from json_list/json_objects) as nested JSON, the rest as they are."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        hint = inner[0] if len(inner) == 1 else hint
        origin = typing.get_origin(hint)
    if hint is bool:
        return f"CASE WHEN ({expr}) IS NULL THEN NULL WHEN ({expr}) THEN json('true') ELSE json('false') END"
    if origin in (list, tuple):
        return f"json({expr})"
    return expr


class Select(Generic[T]):
    """`SELECT <one expression per field of cls> FROM source`, returning instances of `cls`."""

    def __init__(
        self, cls: type[T], source: str, *, alias: str = "", skip: Sequence[str] = (), **exprs: str
    ) -> None:
        """`skip`: trailing fields with defaults that this query leaves to their default (OMIT)."""
        every = [f.name for f in fields(cls)]  # type: ignore[arg-type]
        names = every[: len(every) - len(skip)]
        if tuple(every[len(names) :]) != tuple(skip):
            raise TypeError(f"skipped fields of {cls.__name__} must be its last ones")
        unknown = set(exprs) - set(names)
        if unknown:
            raise TypeError(f"{cls.__name__} has no fields {sorted(unknown)}")
        prefix = f"{alias}." if alias else ""
        self.cls = cls
        chosen = [exprs.get(n) or f'{prefix}"{n}"' for n in names]
        self.columns = ", ".join(chosen)
        self.source = source
        self.width = len(names)
        self.make = converter(cls, len(names))
        hints = _hints(cast(Any, cls))
        pairs = ", ".join(f"'{n}', {_json_value(e, hints[n])}" for n, e in zip(names, chosen, strict=True))
        # as a BLOB: Python takes the bytes as they are, where TEXT is decoded into a str
        self.json_columns = f"CAST(json_object({pairs}) AS BLOB)"

    def sql(self, where: str = "", order: str = "", extra: str = "") -> str:
        text = f"SELECT {self.columns}{extra} FROM {self.source}"
        if where:
            text += f" WHERE {where}"
        if order:
            text += f" ORDER BY {order}"
        return text

    def all(
        self, conn: sqlite3.Connection, where: str = "", args: Sequence[Any] = (), order: str = ""
    ) -> list[T]:
        make = self.make
        return [make(row) for row in conn.execute(self.sql(where, order), args)]

    def one(self, conn: sqlite3.Connection, where: str, args: Sequence[Any] = ()) -> T | None:
        row = conn.execute(self.sql(where) + " LIMIT 1", args).fetchone()
        return None if row is None else self.make(row)

    def all_json(
        self, conn: sqlite3.Connection, where: str, args: Sequence[Any] = ()
    ) -> list[orjson.Fragment]:
        """`all`, each row's JSON object built by SQLite (see `page_json`)."""
        return [orjson.Fragment(r[0]) for r in conn.execute(self.json_sql(where), args)]

    @cache  # noqa: B019 - a few shapes per Select, which lives as long as the process
    def json_sql(self, where: str) -> str:
        return f"SELECT {self.json_columns} FROM {self.source} WHERE {where}"

    def page_json(
        self,
        conn: sqlite3.Connection,
        window: Window,
        order: Order,
        where: str = "",
        args: Sequence[Any] = (),
    ) -> Slice[orjson.Fragment]:
        """`page`, with each row's JSON object built by SQLite (`orjson.Fragment`s, in the field
        order of `cls`): for long pages, where making and serialising a dataclass per row costs
        more than the query. The same fields and values as `page` (a test checks they agree)."""
        return _page(conn, self.json_columns, self.source, window, order, where, args, 1, _fragment)

    def page(
        self,
        conn: sqlite3.Connection,
        window: Window,
        order: Order,
        where: str = "",
        args: Sequence[Any] = (),
    ) -> Slice[T]:
        """One keyset page: `window.limit` rows in `order`, after/before the window's key."""
        make, width = self.make, self.width
        return _page(
            conn, self.columns, self.source, window, order, where, args, width, lambda r: make(r[:width])
        )


def stored_json_page(
    conn: sqlite3.Connection,
    column: str,
    source: str,
    window: Window,
    order: Order,
    where: str = "",
    args: Sequence[Any] = (),
) -> Slice[orjson.Fragment]:
    """`Select.page_json` for rows whose JSON object is stored, already built, in `column` of
    `source` (streams.card): the rows' bytes as they are, a keyset page in `order`."""
    return _page(conn, column, source, window, order, where, args, 1, _fragment)


def _page(
    conn: sqlite3.Connection,
    columns: str,
    source: str,
    window: Window,
    order: Order,
    where: str,
    args: Sequence[Any],
    width: int,
    item: Callable[[Sequence[Any]], Any],
) -> Slice[Any]:
    """One keyset page of `SELECT columns FROM source`: a row is its item's `width` columns (`item`
    makes the item from the whole row), then its sort key's; only the page's first and last row
    have their key taken."""
    backwards = window.before is not None
    key = window.before if backwards else window.after
    conditions, values = ([where] if where else []), list(args)
    if key is not None:
        seek, seek_args = order.seek(key, backwards)
        conditions.append(seek)
        values += seek_args
    keys = "".join(f", {expr}" for expr, _ in order.columns)
    text = f"SELECT {columns}{keys} FROM {source}"
    if conditions:
        text += " WHERE " + " AND ".join(f"({c})" for c in conditions)
    sql = f"{text} ORDER BY {order.sql(backwards)} LIMIT ?"
    rows = conn.execute(sql, [*values, window.limit + 1]).fetchall()
    return slice_rows(rows, window, item, lambda r: tuple(r[width:]))


def _fragment(row: Sequence[Any]) -> orjson.Fragment:
    """A row whose first column is a JSON object's bytes (its sort key may follow)."""
    return orjson.Fragment(row[0])


def insert_rows(conn: sqlite3.Connection, verb: str, rows: Sequence[Row]) -> int:
    """`verb INTO <table>` for rows that are all of one row type, in one statement; how many."""
    if not rows:
        return 0
    sql, getter, single = _insert(type(rows[0]), verb)
    # the cursor's rowcount counts this statement's rows only, not what triggers write
    if len(rows) == 1:
        row = getter(rows[0])
        return conn.execute(sql, (row,) if single else row).rowcount
    values: Iterable[Any] = ((getter(r),) for r in rows) if single else map(getter, rows)
    return conn.executemany(sql, values).rowcount


@cache
def _insert(kind: Any, verb: str) -> tuple[str, Callable[[Any], Any], bool]:
    """The INSERT statement of a row type, the getter of its values, and whether it has one column."""
    names = [f.name for f in fields(kind)]
    columns = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" * len(names))
    return f"{verb} INTO {kind.TABLE} ({columns}) VALUES ({marks})", attrgetter(*names), len(names) == 1


__all__ = [
    "Key",
    "Order",
    "Row",
    "Select",
    "Slice",
    "Window",
    "insert_rows",
    "json_list",
    "json_objects",
    "person",
]
