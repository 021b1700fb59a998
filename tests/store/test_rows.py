"""Typed rows (store/rows.py) and keyset pages (store/paging.py): SELECT lists and conversions
derived from dataclass fields, child lists from JSON, and pages that neither repeat nor skip rows
when rows are inserted between two requests."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import pytest

from twitch_mock.core.errors import BadRequest
from twitch_mock.store.paging import ListOrder, Order, Window
from twitch_mock.store.rows import Select, json_list, json_objects, person


@dataclass(frozen=True, slots=True)
class Part:
    name: str
    shiny: bool


@dataclass(frozen=True, slots=True)
class Thing:
    id: str
    owner_id: str
    owner_login: str
    owner_name: str
    active: bool
    maybe: bool | None
    tags: list[str]
    parts: tuple[Part, ...]
    score: int


@pytest.fixture
def conn() -> sqlite3.Connection:
    c = sqlite3.connect(":memory:")
    c.executescript(
        """
        CREATE TABLE users (id TEXT, login TEXT, display_name TEXT);
        CREATE TABLE things (id TEXT, owner TEXT, active INTEGER, maybe INTEGER, score INTEGER);
        CREATE TABLE tags (thing TEXT, tag TEXT, pos INTEGER);
        INSERT INTO users VALUES ('1', 'ann', 'Ann');
        INSERT INTO tags VALUES ('t1', 'b', 2), ('t1', 'a', 1);
        """
    )
    for n in range(1, 8):
        c.execute("INSERT INTO things VALUES (?, '1', ?, NULL, ?)", (f"t{n}", n % 2, n % 3))
    return c


THINGS = Select(
    Thing,
    "things t JOIN users u ON u.id = t.owner",
    alias="t",
    **person("owner", "u"),
    tags=json_list("tag", "FROM tags WHERE thing = t.id ORDER BY pos"),
    parts=json_objects("FROM tags WHERE thing = t.id ORDER BY pos", name="tag", shiny="pos > 1"),
)


def test_rows_are_built_by_field_with_conversions(conn: sqlite3.Connection) -> None:
    found = THINGS.one(conn, "t.id = ?", ("t1",))
    assert found == Thing(
        "t1", "1", "ann", "Ann", True, None, ["a", "b"], (Part("a", False), Part("b", True)), 1
    )
    empty = THINGS.one(conn, "t.id = ?", ("t2",))
    assert empty is not None and empty.active is False and empty.tags == [] and empty.parts == ()


def test_an_expression_for_a_field_that_does_not_exist_is_refused() -> None:
    with pytest.raises(TypeError, match="has no fields"):
        Select(Part, "tags", nope="1")


def test_keyset_pages_walk_forward_and_back(conn: sqlite3.Connection) -> None:
    order = Order.of("t.score DESC", "t.id")
    first = THINGS.page(conn, Window(3), order)
    assert [t.id for t in first.rows] == ["t2", "t5", "t1"] and first.more
    second = THINGS.page(conn, Window(3, after=first.last), order)
    assert [t.id for t in second.rows] == ["t4", "t7", "t3"] and second.more
    back = THINGS.page(conn, Window(3, before=second.first), order)
    assert [t.id for t in back.rows] == ["t2", "t5", "t1"] and not back.more
    last = THINGS.page(conn, Window(3, after=second.last), order)
    assert [t.id for t in last.rows] == ["t6"] and not last.more


def test_rows_inserted_between_pages_are_neither_repeated_nor_skipped(conn: sqlite3.Connection) -> None:
    order = Order.of("t.id DESC")
    first = THINGS.page(conn, Window(3), order)
    assert [t.id for t in first.rows] == ["t7", "t6", "t5"]
    conn.execute("INSERT INTO things VALUES ('t9', '1', 1, NULL, 0)")  # a newer row at the front
    second = THINGS.page(conn, Window(3, after=first.last), order)
    assert [t.id for t in second.rows] == ["t4", "t3", "t2"]


@pytest.mark.parametrize("key", [("x",), (1, 2, 3), (True, "t1"), ([], "t1")])
def test_a_key_of_the_wrong_shape_is_an_invalid_cursor(
    conn: sqlite3.Connection, key: tuple[object, ...]
) -> None:
    with pytest.raises(BadRequest, match="invalid cursor"):
        THINGS.page(conn, Window(3, after=key), Order.of("t.score DESC", "t.id"))


def test_lists_in_memory_page_the_same_way() -> None:
    order: ListOrder[int] = ListOrder(lambda n: (n,))
    page = order.page(list(range(10)), Window(4, after=(2,)))
    assert page.rows == [3, 4, 5, 6] and page.more and page.last == (6,)
    back = order.page(list(range(10)), Window(4, before=(3,)))
    assert back.rows == [0, 1, 2] and not back.more


def test_json_built_by_sqlite_equals_the_dataclass_rows(conn: sqlite3.Connection) -> None:
    """`page_json` (for long pages) gives, field for field, what `page` gives, serialised."""
    import orjson

    order = Order.of("t.score DESC", "t.id")
    typed = THINGS.page(conn, Window(4), order)
    built = THINGS.page_json(conn, Window(4), order)
    assert orjson.loads(orjson.dumps(built.rows)) == orjson.loads(orjson.dumps(typed.rows))
    assert (built.first, built.last, built.more) == (typed.first, typed.last, typed.more)


def test_get_polls_json_equals_the_typed_rows() -> None:
    """The Get Polls query (choices nested as JSON, booleans, a nullable `ended_at`), both ways."""
    import orjson

    from twitch_mock.domain import polls
    from twitch_mock.mock import MockTwitch

    with MockTwitch(seed=3, users=40) as mock:
        conn = mock.store.db.conn
        typed = polls.POLL.page(conn, Window(100), polls.NEWEST_FIRST)
        built = polls.POLL.page_json(conn, Window(100), polls.NEWEST_FIRST)
        assert any(p.choices for p in typed.rows) and any(p.ended_at is None for p in typed.rows)
        assert orjson.loads(orjson.dumps(built.rows)) == orjson.loads(orjson.dumps(typed.rows))
        assert (built.first, built.last, built.more) == (typed.first, typed.last, typed.more)
