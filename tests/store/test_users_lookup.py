"""`UserStore.by_id_or_login`: the one lookup for places where people name a user either way."""

from __future__ import annotations

from conftest import World, make_user


def test_by_id_or_login(world: World) -> None:
    users = world.store.users
    assert users.by_id_or_login("1001").login == "bob"  # type: ignore[union-attr]
    assert users.by_id_or_login("CAROL").id == "1002"  # type: ignore[union-attr]
    assert users.by_id_or_login("nobody") is None


def test_an_id_wins_over_a_login_that_looks_like_it(world: World) -> None:
    with world.store.transaction():
        world.store.users.insert([make_user(9, "1001")])  # login "1001", id "1009"
    assert world.store.users.by_id_or_login("1001").login == "bob"  # type: ignore[union-attr]
