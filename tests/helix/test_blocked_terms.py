"""Helix Moderation family, blocked terms: Get / Add / Remove Blocked Terms, how terms match, and
what they change in Check AutoMod Status."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.domain import blocked_terms, moderators
from twitch_mock.domain.blocked_terms import AutoModTermsUpdate
from twitch_mock.domain.outbox import Event

READ, MANAGE = "moderator:read:blocked_terms", "moderator:manage:blocked_terms"


@pytest.fixture
def events(world: World) -> list[Event]:
    with world.store.transaction():
        moderators.add_moderator(world.services, world.users["bob"], world.users["alice"])
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    return heard


def url(world: World, moderator: str = "bob", extra: str = "") -> str:
    return (
        f"/helix/moderation/blocked_terms?broadcaster_id={world.users['alice']}"
        f"&moderator_id={world.users[moderator]}{extra}"
    )


def add(world: World, text: Any, login: str = "bob") -> httpx.Response:
    r: httpx.Response = world.http.post(
        url(world, login), json={"text": text}, headers=world.as_user(login, MANAGE)
    )
    return r


def listed(world: World, extra: str = "") -> dict[str, Any]:
    r = world.http.get(url(world, extra=extra), headers=world.as_user("bob", READ))
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_add_get_and_remove(world: World, events: list[Event]) -> None:
    r = add(world, "  A phrase I'm not fond of ")
    assert r.status_code == 200
    term = r.json()["data"][0]
    now = world.clock.rfc3339()
    assert term == {
        "broadcaster_id": world.users["alice"],
        "moderator_id": world.users["bob"],
        "id": term["id"],
        "text": "A phrase I'm not fond of",
        "created_at": now,
        "updated_at": now,
        "expires_at": None,
    }
    assert add(world, "a PHRASE i'm not fond of").json()["data"][0] == term  # the same term again
    assert listed(world) == {"data": [term], "pagination": {}}
    bob, alice = (world.users["bob"], "bob", "Bob"), (world.users["alice"], "alice", "Alice")
    assert events == [AutoModTermsUpdate(*alice, *bob, "add_blocked", False, [term["text"]])]
    r = world.http.delete(url(world, extra=f"&id={term['id']}"), headers=world.as_user("bob", MANAGE))
    assert r.status_code == 204 and listed(world)["data"] == []
    assert events[-1] == AutoModTermsUpdate(*alice, *bob, "remove_blocked", False, [term["text"]])
    r = world.http.delete(url(world, extra="&id=unknown"), headers=world.as_user("bob", MANAGE))
    assert r.status_code == 204 and len(events) == 2  # an unknown id is not an error


def test_pages_newest_first(world: World, events: list[Event]) -> None:
    for n in range(5):
        add(world, f"term{n}")
        world.clock.advance(1)
    first = listed(world, "&first=2")
    assert [t["text"] for t in first["data"]] == ["term4", "term3"]
    second = listed(world, f"&first=2&after={first['pagination']['cursor']}")
    third = listed(world, f"&first=2&after={second['pagination']['cursor']}")
    assert [t["text"] for t in second["data"] + third["data"]] == ["term2", "term1", "term0"]
    assert third["pagination"] == {}


@pytest.mark.parametrize(
    ("terms", "text", "found"),
    [
        pytest.param(["darn"], "oh DARN it", "DARN", id="case"),
        pytest.param(["darn"], "darned", None, id="whole-words"),
        pytest.param(["crac*"], "we are cracking up", "cracking", id="wildcard"),
        pytest.param(["bad movie"], "what a bad   movie", None, id="phrase-spacing"),
        pytest.param(["bad movie", "bad"], "what a bad movie", "bad movie", id="longest-first"),
        pytest.param(["a.b"], "axb", None, id="literal"),
        pytest.param(["noob1", "noob13", "noo*z"], "hey NOOB13!", "NOOB13", id="shared-prefix"),
        pytest.param(["noob1", "noob13", "noo*z"], "noob132 noobz", "noobz", id="shared-prefix-wildcard"),
        pytest.param(["noob1", "noob13"], "noob12 noob", None, id="shared-prefix-none"),
    ],
)  # fmt: skip
def test_how_terms_match(world: World, terms: list[str], text: str, found: str | None) -> None:
    with world.store.transaction():
        for term in terms:
            blocked_terms.add_term(world.services, world.users["alice"], world.users["alice"], term)
        assert blocked_terms.blocked(world.services, world.users["alice"], text) == found


def test_the_matcher_follows_changes(world: World, events: list[Event]) -> None:
    """The compiled matcher is cached per channel and rebuilt when a term is added, removed, or a
    change is rolled back."""
    s, alice = world.services, world.users["alice"]
    assert blocked_terms.blocked(s, alice, "heck") is None
    term = add(world, "heck").json()["data"][0]
    assert blocked_terms.blocked(s, alice, "heck") == "heck"
    try:
        with world.store.transaction():
            blocked_terms.add_term(s, alice, alice, "dang")
            assert blocked_terms.blocked(s, alice, "dang") == "dang"
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert blocked_terms.blocked(s, alice, "dang") is None
    world.http.delete(url(world, extra=f"&id={term['id']}"), headers=world.as_user("bob", MANAGE))
    assert blocked_terms.blocked(s, alice, "heck") is None


def test_blocked_terms_are_never_permitted_by_check_automod_status(world: World, events: list[Event]) -> None:
    add(world, "pineapple pizza")
    r = world.http.post(
        f"/helix/moderation/enforcements/status?broadcaster_id={world.users['alice']}",
        json={
            "data": [
                {"msg_id": "1", "msg_text": "I love Pineapple Pizza"},
                {"msg_id": "2", "msg_text": "pizza"},
            ]
        },
        headers=world.as_user("alice", "moderation:read"),
    )
    assert r.json()["data"] == [{"msg_id": "1", "is_permitted": False}, {"msg_id": "2", "is_permitted": True}]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(None, 'Missing required parameter "text"', id="missing"),
        pytest.param("", 'Missing required parameter "text"', id="empty"),
        pytest.param("a", blocked_terms.TOO_LONG, id="short"),
        pytest.param("x" * 501, blocked_terms.TOO_LONG, id="long"),
        pytest.param(5, 'The parameter "text" was malformed: the value must be a string', id="type"),
    ],
)  # fmt: skip
def test_add_blocked_term_bad_input(world: World, events: list[Event], text: Any, message: str) -> None:
    assert_error(add(world, text), 400, message)
    assert events == [] and listed(world)["data"] == []


def test_at_most_a_thousand_terms(world: World, events: list[Event]) -> None:
    with world.store.transaction():
        for n in range(blocked_terms.MAX_TERMS):
            blocked_terms.add_term(world.services, world.users["alice"], world.users["alice"], f"w{n}")
    assert_error(add(world, "one more"), 400, "The broadcaster may have at most 1000 blocked terms")


def test_blocked_terms_are_for_moderators(world: World, events: list[Event]) -> None:
    assert_error(
        add(world, "word", "carol"),
        403,
        "The user in moderator_id is not one of the broadcaster's moderators",
    )
    r = world.http.get(url(world), headers=world.as_user("carol", READ))
    assert_error(r, 401, "The ID in moderator_id must match the user ID in the user access token")
    r = world.http.post(url(world), json={"text": "word"}, headers=world.as_user("bob", READ))
    assert_error(r, 401, f"Missing scope: {MANAGE}")
    r = world.http.delete(url(world), headers=world.as_user("bob", MANAGE))
    assert_error(r, 400, 'Missing required parameter "id"')


def _removed(m: MockTwitch) -> Call:
    caster = m.users[0].id
    term = m._write(blocked_terms.add_term, m.services, caster, caster, "reference test term")
    return Call({"broadcaster_id": caster, "moderator_id": caster, "id": term.id}, as_user(m, 0, MANAGE))


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /moderation/blocked_terms": [
        lambda m: Call({"broadcaster_id": m.users[0].id, "moderator_id": m.users[0].id}, as_user(m, 0, READ))
    ],
    "POST /moderation/blocked_terms": [
        lambda m: Call(
            {"broadcaster_id": m.users[0].id, "moderator_id": m.users[0].id},
            as_user(m, 0, MANAGE),
            {"text": "crac*"},
        )
    ],
    "DELETE /moderation/blocked_terms": [_removed],
}
