"""`users.by_id_or_login`: the one lookup for places where people name a user either way."""

from __future__ import annotations

from conftest import World, make_user
from twitch_mock.domain import users


def test_by_id_or_login(world: World) -> None:
    conn = world.store.db.conn
    assert users.by_id_or_login(conn, "1001").login == "bob"  # type: ignore[union-attr]
    assert users.by_id_or_login(conn, "CAROL").id == "1002"  # type: ignore[union-attr]
    assert users.by_id_or_login(conn, "nobody") is None


def test_an_id_wins_over_a_login_that_looks_like_it(world: World) -> None:
    with world.store.transaction():
        users.insert(world.store.db.conn, [make_user(9, "1001")])  # login "1001", id "1009"
    assert users.by_id_or_login(world.store.db.conn, "1001").login == "bob"  # type: ignore[union-attr]
