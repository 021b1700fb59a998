"""Helix Chat family, pinned messages: Get / Pin / Update Pinned / Unpin Chat Message. One pin per
channel; it ends on the mock's clock, or when its message is deleted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import httpx
import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.domain import chat_messages, moderators
from twitch_mock.domain.pinned_messages import NOT_FOUND, NOT_PINNED

T = TypeVar("T")
READ, MANAGE = "moderator:read:chat_messages", "moderator:manage:chat_messages"


def run(world: World, fn: Callable[..., T], *args: Any) -> T:
    with world.store.transaction():
        return fn(world.services, *args)


@pytest.fixture
def message(world: World) -> str:
    """Bob moderates alice's channel, where carol said something."""
    run(world, moderators.add_moderator, world.users["bob"], world.users["alice"])
    return run(
        world, chat_messages.add_message, world.users["alice"], world.users["carol"], "pin me Kappa"
    ).id


def url(world: World, **extra: Any) -> str:
    params = {"broadcaster_id": world.users["alice"], "moderator_id": world.users["bob"], **extra}
    return "/helix/chat/pins?" + "&".join(f"{k}={v}" for k, v in params.items())


def act(world: World, method: str, **extra: Any) -> httpx.Response:
    r: httpx.Response = world.http.request(method, url(world, **extra), headers=world.as_user("bob", MANAGE))
    return r


def current(world: World) -> list[dict[str, Any]]:
    r = world.http.get(url(world), headers=world.as_user("bob", READ))
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()["data"]
    return data


def test_pin_update_and_unpin(world: World, message: str) -> None:
    assert current(world) == []
    assert act(world, "PUT", message_id=message, duration_seconds=60).status_code == 204
    now = world.clock.rfc3339()
    pinned = {
        "message_id": message,
        "broadcaster_id": world.users["alice"],
        "sender_user_id": world.users["carol"],
        "sender_user_login": "carol",
        "sender_user_name": "Carol",
        "pinned_by_user_id": world.users["bob"],
        "pinned_by_user_login": "bob",
        "pinned_by_user_name": "Bob",
        "message": {
            "text": "pin me Kappa",
            "fragments": [
                {"type": "text", "text": "pin me ", "cheermote": None, "emote": None, "mention": None},
                {
                    "type": "emote",
                    "text": "Kappa",
                    "cheermote": None,
                    "emote": {"id": "25", "emote_set_id": "0", "owner_id": "0", "format": ["static"]},
                    "mention": None,
                },
            ],
        },
        "starts_at": now,
        "ends_at": world.clock.rfc3339(60),
        "updated_at": now,
    }
    assert current(world) == [pinned]
    world.clock.advance(30)
    assert act(world, "PATCH", message_id=message).status_code == 204  # until the stream ends
    assert current(world) == [pinned | {"ends_at": None, "updated_at": world.clock.rfc3339()}]
    assert act(world, "DELETE", message_id=message).status_code == 204
    assert current(world) == []
    assert_error(act(world, "DELETE", message_id=message), 404, NOT_PINNED)


def test_a_pin_ends_on_the_clock_or_with_its_message(world: World, message: str) -> None:
    act(world, "PUT", message_id=message, duration_seconds=30)
    world.clock.advance(31)
    assert current(world) == []
    assert_error(act(world, "PATCH", message_id=message, duration_seconds=30), 404, NOT_PINNED)
    act(world, "PUT", message_id=message)
    run(world, chat_messages.delete_messages, world.users["alice"], world.users["bob"], message)
    assert current(world) == []
    assert_error(act(world, "PUT", message_id=message), 404, NOT_FOUND)


def test_pinning_another_replaces_the_pin(world: World, message: str) -> None:
    other = run(world, chat_messages.add_message, world.users["alice"], world.users["dave"], "me instead").id
    act(world, "PUT", message_id=message)
    act(world, "PUT", message_id=other)
    assert [p["message_id"] for p in current(world)] == [other]
    assert_error(act(world, "DELETE", message_id=message), 404, NOT_PINNED)


@pytest.mark.parametrize(
    ("method", "extra", "status", "text"),
    [
        pytest.param("PUT", {"message_id": "nope"}, 404, NOT_FOUND, id="unknown"),
        pytest.param("PUT", {}, 400, 'Missing required parameter "message_id"', id="no-id"),
        pytest.param("PUT", {"message_id": "M", "duration_seconds": 29}, 400, 'The parameter "duration_seconds" was malformed: the value must be greater than or equal to 30', id="short"),
        pytest.param("PUT", {"message_id": "M", "duration_seconds": 1801}, 400, 'The parameter "duration_seconds" was malformed: the value must be less than or equal to 1800', id="long"),
        pytest.param("PATCH", {"message_id": "M"}, 404, NOT_PINNED, id="update-unpinned"),
    ],
)  # fmt: skip
def test_pin_errors(
    world: World, message: str, method: str, extra: dict[str, Any], status: int, text: str
) -> None:
    extra = {k: message if v == "M" else v for k, v in extra.items()}
    assert_error(act(world, method, **extra), status, text)
    assert current(world) == []


def test_pins_are_for_moderators(world: World, message: str) -> None:
    r = world.http.put(
        url(world, message_id=message, moderator_id=world.users["dave"]),
        headers=world.as_user("dave", MANAGE),
    )
    assert_error(r, 403, "The user in moderator_id is not one of the broadcaster's moderators")
    r = world.http.put(url(world, message_id=message), headers=world.as_user("bob", READ))
    assert_error(r, 401, f"Missing scope: {MANAGE}")
    r = world.http.get(url(world), headers=world.as_user("carol", READ))
    assert_error(r, 401, "The ID in moderator_id must match the user ID in the user access token")


def _said(m: MockTwitch) -> str:
    return m.send_chat_message(m.users[0].id, m.create_user().id, "worth pinning").id


def _params(m: MockTwitch, message_id: str) -> dict[str, str]:
    return {"broadcaster_id": m.users[0].id, "moderator_id": m.users[0].id, "message_id": message_id}


def _pinned(m: MockTwitch) -> str:
    message_id = _said(m)
    token = as_user(m, 0, MANAGE)
    r = httpx.put(
        m.helix_url + "chat/pins",
        params=_params(m, message_id),
        headers={"Authorization": f"Bearer {token}", "Client-Id": m.client_id},
    )
    assert r.status_code == 204, r.text
    return message_id


def _get(m: MockTwitch) -> Call:
    _pinned(m)
    return Call({"broadcaster_id": m.users[0].id, "moderator_id": m.users[0].id}, as_user(m, 0, READ))


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "GET /chat/pins": [_get],
    "PUT /chat/pins": [
        lambda m: Call(_params(m, _said(m)) | {"duration_seconds": "120"}, as_user(m, 0, MANAGE))
    ],
    "PATCH /chat/pins": [
        lambda m: Call(_params(m, _pinned(m)) | {"duration_seconds": "300"}, as_user(m, 0, MANAGE))
    ],
    "DELETE /chat/pins": [lambda m: Call(_params(m, _pinned(m)), as_user(m, 0, MANAGE))],
}
