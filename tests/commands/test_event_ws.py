"""`twitch-mock event trigger -T websocket [--session]` and `twitch-mock event websocket ...` against
a running server (found through the database's holder file), with real WebSocket clients on /ws."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from twitch_mock import MockTwitch
from twitch_mock.cli import main
from twitch_mock.domain.outbox import Event

QUIET = 0.4  # seconds of real time in which nothing must arrive


@pytest.fixture(scope="module")
def twitch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockTwitch]:
    path = str(tmp_path_factory.mktemp("ws") / "served.db")
    with MockTwitch(db=path, users=4, seed=3) as mock:
        yield mock


@pytest.fixture(autouse=True)
def no_sessions_left(twitch: MockTwitch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with no connected session (the previous test's clients have gone) and its
    own config directory."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    deadline = time.monotonic() + 5
    while twitch.eventsub.websocket.sessions and time.monotonic() < deadline:
        time.sleep(0.02)  # a closed socket's session ends on the server's loop
    assert not twitch.eventsub.websocket.sessions
    yield


def cli(twitch: MockTwitch, *args: str) -> Result:
    return CliRunner().invoke(main, ["event", *args, "--db", twitch.settings.db], catch_exceptions=False)


def recv(ws: ClientConnection) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(ws.recv(timeout=5))
    return frame


def quiet(ws: ClientConnection) -> bool:
    try:
        ws.recv(timeout=QUIET)
    except TimeoutError:
        return True
    return False


@contextmanager
def session(twitch: MockTwitch) -> Iterator[tuple[ClientConnection, str]]:
    """A WebSocket client on /ws, and the id its welcome gave."""
    with connect(f"ws://127.0.0.1:{twitch.port}/ws") as ws:
        yield ws, recv(ws)["payload"]["session"]["id"]


def subscribe(twitch: MockTwitch, session_id: str, user_id: str, broadcaster_id: str) -> str:
    token = twitch.user_token(user_id)
    body = {
        "type": "channel.update",
        "version": "2",
        "condition": {"broadcaster_user_id": broadcaster_id},
        "transport": {"method": "websocket", "session_id": session_id},
    }
    headers = {"Authorization": f"Bearer {token}", "Client-Id": twitch.client_id}
    r = httpx.post(twitch.helix_url + "eventsub/subscriptions", json=body, headers=headers)
    assert r.status_code == 202, r.text
    sub_id: str = r.json()["data"][0]["id"]
    return sub_id


def failed(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr == f"twitch-mock: {message}\n"


def test_a_trigger_reaches_every_session_with_its_own_subscription(twitch: MockTwitch) -> None:
    caster, other = twitch.users[0], twitch.users[1]
    with session(twitch) as (first, first_id), session(twitch) as (second, second_id):
        held = subscribe(twitch, first_id, other.id, other.id)  # channel.update of another channel
        result = cli(
            twitch,
            "trigger",
            "stream-change",
            "-t",
            caster.login,
            "-d",
            "Hi",
            "-T",
            "websocket",
            "-u",
            "made-up",
        )
        assert result.exit_code == 0, result.output
        got = recv(first)
        assert got["metadata"]["message_type"] == "notification"
        assert (got["metadata"]["subscription_type"], got["metadata"]["subscription_version"]) == (
            "channel.update",
            "2",
        )
        assert got["payload"]["subscription"]["id"] == held  # its real id: a client routing by id takes it
        assert got["payload"]["event"]["broadcaster_user_id"] == caster.id
        assert got["payload"]["event"]["title"] == "Hi"
        made_up = recv(second)["payload"]
        assert made_up["subscription"]["id"] == "made-up"
        assert made_up["subscription"]["transport"] == {"method": "websocket", "session_id": second_id}
        assert made_up["subscription"]["condition"] == {"broadcaster_user_id": caster.id}
        assert made_up["event"] == got["payload"]["event"]
        assert f"✔ Sent a notification to session {first_id} (subscription {held}, message " in result.stderr
        assert (
            f"✔ Sent a notification to session {second_id} (subscription made-up, message " in result.stderr
        )
        assert quiet(first) and quiet(second)


def test_session_names_one_and_a_subscriber_that_heard_it_is_not_sent_it_twice(twitch: MockTwitch) -> None:
    caster = twitch.users[0]
    with session(twitch) as (first, first_id), session(twitch) as (second, second_id):
        held = subscribe(twitch, first_id, caster.id, caster.id)
        result = cli(twitch, "trigger", "stream-change", "-t", caster.id, "--session", first_id)
        assert result.exit_code == 0, result.output
        heard = recv(first)["payload"]
        assert heard["subscription"]["id"] == held and heard["event"]["broadcaster_user_id"] == caster.id
        assert f"✔ Session {first_id} already got it through subscription {held}" in result.stderr
        assert quiet(first) and quiet(second)  # once, and only to the named session
        # the end of an id names its session too (twitch-cli's --session takes a client's short name)
        result = cli(twitch, "trigger", "stream-change", "-t", caster.id, "--session", second_id[-8:])
        assert result.exit_code == 0, result.output
        assert recv(second)["payload"]["subscription"]["transport"]["session_id"] == second_id
        assert recv(first)["payload"]["subscription"]["id"] == held  # its subscription heard this one
        assert quiet(first) and quiet(second)


def test_a_revocation_status_sends_a_revocation(twitch: MockTwitch) -> None:
    with session(twitch) as (ws, session_id):
        result = cli(
            twitch, "trigger", "follow", "-T", "websocket", "-r", "authorization_revoked", "-I", "m-9"
        )
        assert result.exit_code == 0, result.output
        got = recv(ws)
        assert (got["metadata"]["message_type"], got["metadata"]["message_id"]) == ("revocation", "m-9")
        assert set(got["payload"]) == {"subscription"}
        assert got["payload"]["subscription"]["status"] == "authorization_revoked"
        assert got["payload"]["subscription"]["transport"]["session_id"] == session_id


def test_forwarding_refusals_change_nothing(twitch: MockTwitch) -> None:
    heard: list[Event] = []
    stop = twitch.on_event(heard.append)
    try:
        failed(
            cli(twitch, "trigger", "follow", "-T", "websocket"),
            "No clients in server: connect a WebSocket client to /ws first",
        )
        with session(twitch) as (ws, _):
            failed(
                cli(twitch, "trigger", "follow", "--session", "nope"),
                "No connected EventSub WebSocket session nope",
            )
            assert quiet(ws)
    finally:
        stop()
    assert heard == []  # refused before the event happened


def test_the_forward_route(twitch: MockTwitch) -> None:
    url = twitch.url + "/_mock/eventsub/forward"
    r = httpx.post(url, json={"type": "channel.follow", "version": "2"})
    assert (r.status_code, r.json()["message"]) == (400, 'Missing required parameter "event"')
    r = httpx.post(url, json={"type": "channel.follow", "version": "2", "event": [1]})
    assert (r.status_code, r.json()["message"]) == (400, 'The parameter "event" must be an object')
    r = httpx.post(url, json={"type": "channel.follow", "version": "2", "event": {}, "status": "nope"})
    assert r.status_code == 400
    assert r.json()["message"] == 'The parameter "status" was malformed: the value must be a valid status'
    r = httpx.post(url, json={"type": "channel.follow", "version": "2", "event": {}})
    assert (r.status_code, r.json()["message"]) == (
        404,
        "No clients in server: connect a WebSocket client to /ws first",
    )
    with session(twitch) as (ws, session_id):
        r = httpx.post(
            url, json={"type": "channel.raid", "version": "1", "event": {"viewers": 3}, "message_id": "m-2"}
        )
        assert r.status_code == 200, r.text
        [done] = r.json()["data"]
        got = recv(ws)
        assert done == {
            "session_id": session_id, "subscription_id": got["payload"]["subscription"]["id"],
            "message_id": "m-2", "message_type": "notification", "sent": True,
        }  # fmt: skip
        assert got["metadata"]["message_id"] == "m-2"
        assert got["payload"]["subscription"]["condition"] == {"to_broadcaster_user_id": ""}
        assert got["payload"]["event"] == {"viewers": 3}
        # a forwarded frame is a delivery like any other: a test can wait for it
        assert twitch.wait_for_delivery("channel.raid", timeout=1).message_id == "m-2"


def test_the_websocket_controls(twitch: MockTwitch) -> None:
    caster = twitch.users[0]
    where = cli(twitch, "wss", "start")
    ws_url = "ws" + twitch.url.removeprefix("http") + "/ws"
    assert (
        where.stdout.splitlines()[0]
        == f"The twitch-mock serving {twitch.url} serves EventSub WebSockets: connect to {ws_url}"
    )
    result = cli(twitch, "ws", "sessions")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == "No clients in server: connect a WebSocket client to /ws\n"
    failed(
        cli(twitch, "websocket", "reconnect"), "No clients in server: connect a WebSocket client to /ws first"
    )
    with session(twitch) as (ws, session_id):
        held = subscribe(twitch, session_id, caster.id, caster.id)
        listed = cli(twitch, "websockets", "sessions")
        assert listed.exit_code == 0, listed.output
        assert listed.stdout.startswith(f"{session_id}  connected ")
        assert listed.stdout.endswith(f"keepalive 10s  user {caster.id}\n")

        off = cli(twitch, "ws", "keepalive", "--session", session_id, "--enabled", "false")
        assert off.stdout == f"✔ Keepalive messages of {session_id} are off\n"
        twitch.advance(30)
        assert quiet(ws)  # no keepalive while they are off
        assert "keepalive 10s (off)" in cli(twitch, "ws", "sessions").stdout
        failed(
            cli(twitch, "ws", "keepalive", "--session", session_id, "--enabled", "maybe"),
            "--enabled must be true or false, not 'maybe'",
        )

        again = cli(twitch, "ws", "reconnect", "--session", session_id)
        assert again.exit_code == 0, again.output
        frame = recv(ws)
        url = frame["payload"]["session"]["reconnect_url"]
        assert frame["metadata"]["message_type"] == "session_reconnect"
        assert again.stdout == f"✔ Sent session_reconnect to {session_id}; reconnect URL: {url}\n"

        status = cli(
            twitch, "ws", "subscription", "--subscription", held, "--status", "authorization_revoked"
        )
        assert status.stdout == f"✔ Subscription {held} is now authorization_revoked\n"
        revoked = recv(ws)
        assert revoked["metadata"]["message_type"] == "revocation"
        assert revoked["payload"]["subscription"]["id"] == held
        failed(
            cli(twitch, "ws", "subscription", "--subscription", "nope", "--status", "enabled"),
            "subscription not found",
        )
        failed(
            cli(twitch, "ws", "subscription", "--subscription", held, "--status", "sleepy"),
            'The parameter "status" was malformed: the value must be a valid status',
        )

        failed(
            cli(twitch, "ws", "close", "--session", session_id, "--reason", "4999"),
            'The parameter "reason" was malformed: a close code from 4000 to 4007',
        )
        failed(
            cli(twitch, "ws", "close", "--session", "nope"), "No connected EventSub WebSocket session nope"
        )
        closed = cli(twitch, "ws", "close", "--session", session_id, "--reason", "4005")
        assert closed.stdout == f"✔ Closed {session_id} with 4005 (network timeout)\n"
        with pytest.raises(ConnectionClosed) as ended:
            while True:
                ws.recv(timeout=5)
        assert ended.value.rcvd is not None and ended.value.rcvd.code == 4005


@pytest.mark.parametrize(
    "args",
    [
        ("ws", "start-server"),
        ("ws", "sessions"),
        ("ws", "reconnect"),
        ("ws", "close", "--session", "s"),
        ("ws", "subscription", "--subscription", "s", "--status", "enabled"),
        ("ws", "keepalive", "--session", "s", "--enabled", "true"),
    ],
)
def test_the_controls_need_a_running_server(tmp_path: Path, args: tuple[str, ...]) -> None:
    path = str(tmp_path / "idle.db")
    result = CliRunner().invoke(main, ["event", *args, "--db", path], catch_exceptions=False)
    verb = "the EventSub WebSocket server" if args[1] == "start-server" else f"websocket {args[1]}"
    failed(result, f"{verb} needs a running server: start one with `twitch-mock start` (database {path})")
