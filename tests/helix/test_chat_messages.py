"""Helix Chat family, Send Chat Message: the channel's real state decides (`is_sent`, `drop_reason`),
a sent message is stored (replies, Delete Chat Messages) and publishes `channel.chat.message`, AutoMod
holds what it catches, and app tokens need the bot grants."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import httpx
import pytest
from reference_support import Call, Example, as_user

from conftest import World, assert_error
from twitch_mock import MockTwitch
from twitch_mock.domain import (
    automod,
    automod_settings,
    bans,
    blocked_terms,
    chat,
    chat_messages,
    chat_send,
    chat_warnings,
    emotes,
    follows,
    moderators,
    shield_mode,
    subscriptions,
    vips,
)
from twitch_mock.domain.chat import ChatSettingsChanges
from twitch_mock.domain.chat_messages import (
    Badge,
    ChatMessage,
    EmoteRef,
    Mention,
    MessageBody,
    MessageFragment,
    Reply,
)
from twitch_mock.domain.chat_send import ChatUserMessageHold
from twitch_mock.domain.outbox import Event

T = TypeVar("T")
WRITE = "user:write:chat"


def run(world: World, fn: Callable[..., T], *args: Any) -> T:
    with world.store.transaction():
        return fn(world.services, *args)


@pytest.fixture
def events(world: World) -> list[Event]:
    """Bob moderates alice's channel; then every event from here on."""
    run(world, moderators.add_moderator, world.users["bob"], world.users["alice"])
    heard: list[Event] = []
    world.services.outbox.subscribe(heard.append)
    return heard


def triple(world: World, login: str) -> tuple[str, str, str]:
    return world.users[login], login, login.capitalize()


def send(
    world: World, text: Any, login: str = "carol", token: str | None = None, **extra: Any
) -> httpx.Response:
    body = {"broadcaster_id": world.users["alice"], "sender_id": world.users[login], "message": text, **extra}
    headers = world.headers(token) if token else world.as_user(login, WRITE)
    r: httpx.Response = world.http.post("/helix/chat/messages", json=body, headers=headers)
    return r


def sent(world: World, text: str, login: str = "carol") -> dict[str, Any]:
    r = send(world, text, login)
    assert r.status_code == 200, r.text
    item: dict[str, Any] = r.json()["data"][0]
    return item


def settings(world: World, **changes: Any) -> None:
    run(
        world,
        chat.update_settings,
        world.users["alice"],
        world.users["alice"],
        ChatSettingsChanges(**changes),
    )


def affiliate(world: World, login: str = "alice") -> None:
    with world.store.transaction():
        world.store.db.conn.execute(
            "UPDATE users SET broadcaster_type = 'affiliate' WHERE login = ?", (login,)
        )


def test_a_sent_message_is_stored_and_published(world: World, events: list[Event]) -> None:
    affiliate(world)
    run(world, vips.add_vip, world.users["carol"], world.users["alice"])
    run(world, subscriptions.subscribe, world.users["carol"], world.users["alice"], "2000")
    events.clear()
    r = send(world, "hi @bob Kappa gg")
    assert r.status_code == 200
    message_id = r.json()["data"][0]["message_id"]
    assert r.json() == {"data": [{"message_id": message_id, "is_sent": True}]}
    stored = chat_messages.message(world.store.db.conn, message_id)
    assert stored is not None and (stored.user_id, stored.text) == (world.users["carol"], "hi @bob Kappa gg")
    fragments = [
        MessageFragment("text", "hi "),
        MessageFragment("mention", "@bob", mention=Mention(world.users["bob"], "Bob", "bob")),
        MessageFragment("text", " "),
        MessageFragment("emote", "Kappa", emote=EmoteRef("25", "0", "0", ["static"])),
        MessageFragment("text", " gg"),
    ]
    assert events == [
        ChatMessage(
            *triple(world, "alice"),
            *triple(world, "carol"),
            message_id,
            MessageBody("hi @bob Kappa gg", fragments),
            "text",
            [Badge("vip", "1", ""), Badge("subscriber", "2000", "1")],
            None,
            "",
            None,
            None,
        )
    ]


def test_replies_name_the_parent_and_the_thread(world: World, events: list[Event]) -> None:
    first = sent(world, "question?", "dave")["message_id"]
    second = send(world, "answer", reply_parent_message_id=first).json()["data"][0]["message_id"]
    third = send(world, "thanks", "dave", reply_parent_message_id=second).json()["data"][0]["message_id"]
    last = events[-1]
    assert isinstance(last, ChatMessage) and last.message_id == third
    carol, dave = triple(world, "carol"), triple(world, "dave")
    assert last.reply == Reply(
        second, "answer", carol[0], carol[2], carol[1], first, dave[0], dave[2], dave[1]
    )
    stored = chat_messages.message(world.store.db.conn, third)
    assert stored is not None and (stored.reply_parent_message_id, stored.thread_message_id) == (
        second,
        first,
    )
    r = send(world, "hm", reply_parent_message_id="nope")
    assert_error(r, 400, "The ID in reply_parent_message_id is not valid")


def test_a_sent_message_can_be_deleted(world: World, events: list[Event]) -> None:
    message_id = sent(world, "oops")["message_id"]
    r = world.http.delete(
        f"/helix/moderation/chat?broadcaster_id={world.users['alice']}&moderator_id={world.users['bob']}"
        f"&message_id={message_id}",
        headers=world.as_user("bob", "moderator:manage:chat_messages"),
    )
    assert r.status_code == 204
    stored = chat_messages.message(world.store.db.conn, message_id)
    assert stored is not None and stored.deleted


def _ban(world: World) -> None:
    run(world, bans.ban, world.users["carol"], world.users["alice"])


def _timeout(world: World) -> None:
    run(world, bans.ban, world.users["carol"], world.users["alice"], None, "", 90)
    world.clock.advance(30)


def _warned(world: World) -> None:
    run(world, chat_warnings.warn, world.users["alice"], world.users["bob"], world.users["carol"], "calm")


def _shield(world: World) -> None:
    run(world, shield_mode.update, world.users["alice"], world.users["bob"], True)


def _followers_zero(world: World) -> None:
    settings(world, follower_mode=True)


def _followers_hour(world: World) -> None:
    settings(world, follower_mode=True, follower_mode_duration=60)


def _followed_lately(world: World) -> None:
    run(world, follows.follow, world.users["carol"], world.users["alice"])
    world.clock.advance(600)
    settings(world, follower_mode=True, follower_mode_duration=60)


def _blocked(world: World) -> None:
    run(world, blocked_terms.add_term, world.users["alice"], world.users["alice"], "lo*")


SUBS_ONLY = (
    "This room is in subscribers only mode. To talk, purchase a channel subscription at "
    "https://www.twitch.tv/products/alice/ticket?ref=subscriber_only_mode_chat."
)
EMOTE_ONLY = (
    "This room is in emote only mode. You can find your currently available emoticons using the smiley "
    "in the chat text area."
)


@pytest.mark.parametrize(
    ("setup", "code", "message"),
    [
        pytest.param(_ban, "msg_banned", "You are permanently banned from talking in alice.", id="banned"),
        pytest.param(_timeout, "msg_timedout", "You are banned from talking in alice for 60 more seconds.", id="timeout"),
        pytest.param(_warned, "msg_warned", "You received a warning in alice. Acknowledge it to chat again.", id="warned"),
        pytest.param(_shield, "msg_shield_mode", "alice is in Shield Mode: only followers may chat.", id="shield"),
        pytest.param(_followers_zero, "msg_followersonly_zero", "This room is in followers-only mode. Follow alice to join the community!", id="followers"),
        pytest.param(_followers_hour, "msg_followersonly", "This room is in 1 hour followers-only mode. Follow alice to join the community!", id="followers-duration"),
        pytest.param(_followed_lately, "msg_followersonly_followed", "This room is in 1 hour followers-only mode. You have been following for 10 minutes. Continue following to chat!", id="followed-lately"),
        pytest.param(lambda w: settings(w, subscriber_mode=True), "msg_subsonly", SUBS_ONLY, id="subscribers"),
        pytest.param(lambda w: settings(w, emote_mode=True), "msg_emoteonly", EMOTE_ONLY, id="emotes"),
        pytest.param(_blocked, "msg_rejected_mandatory", "Your message wasn't posted due to conflicts with the channel's moderation settings.", id="blocked-term"),
    ],
)  # fmt: skip
def test_the_channels_state_drops_messages(
    world: World, events: list[Event], setup: Callable[[World], None], code: str, message: str
) -> None:
    setup(world)
    events.clear()
    r = send(world, "LOL what")
    assert r.status_code == 200
    assert r.json() == {
        "data": [{"message_id": "", "is_sent": False, "drop_reason": {"code": code, "message": message}}]
    }
    assert events == []  # nothing published, nothing stored
    assert world.store.db.conn.execute("SELECT count(*) FROM chat_messages").fetchone()[0] == 0


def test_moderators_are_exempt_and_acknowledging_lifts_a_warning(world: World, events: list[Event]) -> None:
    settings(world, subscriber_mode=True, emote_mode=True, follower_mode=True)
    _shield(world)
    _blocked(world)
    assert sent(world, "LOL", "bob")["is_sent"] and sent(world, "lol", "alice")["is_sent"]
    settings(world, subscriber_mode=False, emote_mode=False, follower_mode=False)
    _warned(world)
    run(world, follows.follow, world.users["carol"], world.users["alice"])
    assert sent(world, "fine")["drop_reason"]["code"] == "msg_warned"
    run(world, chat_warnings.acknowledge_warning, world.users["alice"], world.users["carol"])
    assert sent(world, "fine")["is_sent"]


def test_emote_only_lets_emotes_through(world: World, events: list[Event]) -> None:
    affiliate(world)
    run(world, emotes.add_emote, world.users["alice"], "aliceHype", "follower")
    settings(world, emote_mode=True)
    assert sent(world, "Kappa aliceHype")["is_sent"]
    assert (
        sent(world, "Kappa alicehype")["drop_reason"]["code"] == "msg_emoteonly"
    )  # names are case-sensitive


def test_slow_mode_runs_on_the_mock_clock(world: World, events: list[Event]) -> None:
    settings(world, slow_mode=True, slow_mode_wait_time=30)
    assert sent(world, "one")["is_sent"]
    world.clock.advance(10)
    assert sent(world, "two")["drop_reason"] == {
        "code": "msg_slowmode",
        "message": "This room is in slow mode and you are sending messages too quickly. You will be able to "
        "talk again in 20 seconds.",
    }
    world.clock.advance(20)
    assert sent(world, "two")["is_sent"]
    run(world, vips.add_vip, world.users["carol"], world.users["alice"])
    assert sent(world, "three")["is_sent"]  # VIPs are exempt


def test_duplicates_and_unique_chat(world: World, events: list[Event]) -> None:
    assert sent(world, "same")["is_sent"]
    assert sent(world, "same")["drop_reason"]["code"] == "msg_duplicate"
    world.clock.advance(31)
    assert sent(world, "same")["is_sent"]
    settings(world, unique_chat_mode=True)
    assert sent(world, "  SAME ", "dave")["drop_reason"] == {
        "code": "msg_r9k",
        "message": "This room is in r9k mode and the message you attempted to send is not unique.",
    }
    world.clock.advance(601)
    assert sent(world, "same", "dave")["is_sent"]


def test_automod_holds_what_it_catches(world: World, events: list[Event]) -> None:
    assert sent(world, "you idiot")["is_sent"]  # AutoMod is off
    run(world, automod_settings.update, world.users["alice"], world.users["alice"], 4, {})
    events.clear()
    item = sent(world, "you IDIOT")
    assert item == {
        "message_id": item["message_id"],
        "is_sent": False,
        "drop_reason": {
            "code": "msg_rejected",
            "message": "Hey! Your message is being checked by mods and has not been sent.",
        },
    }
    held = automod.held(world.store.db.conn, item["message_id"])
    assert held is not None and (held.status, held.category, held.user_id) == (
        "PENDING",
        "bullying",
        world.users["carol"],
    )
    assert [type(e) for e in events] == [automod.AutoModMessageHold, ChatUserMessageHold]
    text = MessageBody("you IDIOT", [MessageFragment("text", "you IDIOT")])
    assert events[1] == ChatUserMessageHold(*triple(world, "alice"), *triple(world, "carol"), held.id, text)
    assert sent(world, "you idiot", "bob")["is_sent"]  # moderators are not held
    r = world.http.post(
        "/helix/moderation/automod/message",
        json={"user_id": world.users["bob"], "msg_id": held.id, "action": "ALLOW"},
        headers=world.as_user("bob", "moderator:manage:automod"),
    )
    assert r.status_code == 204 and chat_messages.message(world.store.db.conn, held.id) is not None


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        pytest.param({"sender_id": "CAROL", "message": "x"}, 400, 'Missing required parameter "broadcaster_id"', id="no-broadcaster"),
        pytest.param({"broadcaster_id": "ALICE", "message": "x"}, 400, 'Missing required parameter "sender_id"', id="no-sender"),
        pytest.param({"broadcaster_id": "ALICE", "sender_id": "CAROL"}, 400, 'Missing required parameter "message"', id="no-message"),
        pytest.param({"broadcaster_id": "ALICE", "sender_id": "CAROL", "message": ""}, 400, 'Missing required parameter "message"', id="empty"),
        pytest.param({"broadcaster_id": "ALICE", "sender_id": "CAROL", "message": "   "}, 400, 'Missing required parameter "message"', id="blank"),
        pytest.param({"broadcaster_id": "424242", "sender_id": "CAROL", "message": "x"}, 400, "The ID in broadcaster_id is not valid", id="unknown-broadcaster"),
        pytest.param({"broadcaster_id": "ALICE", "sender_id": "CAROL", "message": "x" * 501}, 422, "The message is too large", id="too-large"),
        pytest.param({"broadcaster_id": "ALICE", "sender_id": "CAROL", "message": "x", "for_source_only": True}, 400, "Cannot set for_source_only if User Access Token is used", id="for-source-only"),
        pytest.param({"broadcaster_id": "ALICE", "sender_id": "DAVE", "message": "x"}, 401, "The ID in sender_id must match the user ID in the user access token", id="not-the-sender"),
        pytest.param({"broadcaster_id": "ALICE", "sender_id": "CAROL", "message": 5}, 400, 'The parameter "message" was malformed: the value must be a string', id="type"),
    ],
)  # fmt: skip
def test_send_chat_message_bad_input(
    world: World, events: list[Event], body: dict[str, Any], status: int, message: str
) -> None:
    body = {
        k: world.users.get(v.lower(), v) if isinstance(v, str) and v.isupper() else v for k, v in body.items()
    }
    r = world.http.post("/helix/chat/messages", json=body, headers=world.as_user("carol", WRITE))
    assert_error(r, status, message)
    assert events == []


def test_a_user_token_needs_the_scope(world: World, events: list[Event]) -> None:
    body = {"broadcaster_id": world.users["alice"], "sender_id": world.users["carol"], "message": "x"}
    r = world.http.post("/helix/chat/messages", json=body, headers=world.as_user("carol", "user:read:chat"))
    assert_error(r, 401, f"Missing scope: {WRITE}")


def test_an_app_token_needs_the_bot_grants(world: World, events: list[Event]) -> None:
    app = world.app_token
    assert_error(
        send(world, "beep", "dave", token=app),
        401,
        "The user in sender_id has not authorized this client with the user:bot scope",
    )
    world.user_token("dave", ["user:bot"])
    r = send(world, "beep", "dave", token=app)
    assert_error(r, 403, "The sender is not permitted to send chat messages to the broadcaster's chat room")
    world.user_token("alice", ["channel:bot"])
    assert send(world, "beep", "dave", token=app, for_source_only=True).json()["data"][0]["is_sent"]
    world.user_token("bob", ["user:bot"])  # bob moderates the channel: channel:bot is not needed
    world.store.db.conn.execute("DELETE FROM tokens WHERE user_id = ?", (world.users["alice"],))
    assert send(world, "boop", "bob", token=app).json()["data"][0]["is_sent"]


def test_the_viewer_chats_builder_follows_the_same_rules(world: World, events: list[Event]) -> None:
    _ban(world)
    r = world.http.post(
        "/_mock/chat/send", json={"broadcaster_id": "alice", "user_id": "carol", "text": "hi"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"][0]["drop_reason"]["code"] == "msg_banned"
    assert run(world, chat_send.viewer_chats, world.users["alice"], world.users["dave"], "hi").is_sent


def _sent(m: MockTwitch) -> Call:
    viewer = m.create_user().id
    return Call(
        {},
        m.user_token(viewer, [WRITE]),
        {"broadcaster_id": m.users[0].id, "sender_id": viewer, "message": "hi"},
    )


def _dropped(m: MockTwitch) -> Call:
    viewer = m.create_user().id
    m.ban(viewer, m.users[0].id)
    return Call(
        {},
        m.user_token(viewer, [WRITE]),
        {"broadcaster_id": m.users[0].id, "sender_id": viewer, "message": "hi"},
    )


REFERENCE_EXAMPLES: dict[str, list[Example]] = {
    "POST /chat/messages": [
        lambda m: Call(
            {},
            as_user(m, 0, WRITE),
            {"broadcaster_id": m.users[0].id, "sender_id": m.users[0].id, "message": "Hello, world! Kappa"},
        ),
        _sent,
        _dropped,
    ],
}
