"""`twitch-mock event trigger` (twitch-cli's event names, aliases and flags): on a database file in
this process, and against the server that holds the file, whose subscribers hear the events."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result
from event_support import Receiver, receiver, seeded_db

from twitch_mock import MockTwitch
from twitch_mock.cli import main
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.trigger_kinds import KINDS


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's config directory (configured defaults, kept events) is this test's own."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "twitch-mock"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return seeded_db(str(tmp_path / "mock.db"))


def cli(db: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["event", *args, "--db", db], catch_exceptions=False)


def messages(result: Result) -> list[dict[str, Any]]:
    """The JSON messages printed on stdout (the summary line goes to stderr)."""
    assert result.exit_code == 0, result.output
    decoder, text, out = json.JSONDecoder(), result.stdout.strip(), []
    while text:
        message, end = decoder.raw_decode(text)
        out.append(message)
        text = text[end:].strip()
    return out


def test_a_follow_by_alias_and_by_type(db: str) -> None:
    first = messages(cli(db, "trigger", "follow", "-t", "caster"))
    second = messages(cli(db, "fire", "channel.follow", "--to-user", "caster"))
    follows = [m for m in first + second if m["subscription"]["type"] == "channel.follow"]
    assert [m["subscription"]["version"] for m in follows] == ["2", "2"]
    assert follows[0]["event"]["user_id"] != follows[1]["event"]["user_id"]  # a new viewer each time


def test_flags_shape_the_change(db: str) -> None:
    got = messages(
        cli(db, "emit", "cheer", "-f", "fan", "-t", "caster", "-C", "250", "-d", "Cheer250 hi", "-c", "2")
    )
    cheers = [m["event"] for m in got if m["subscription"]["type"] == "channel.cheer"]
    assert [(c["user_login"], c["bits"], c["message"]) for c in cheers] == [("fan", 250, "Cheer250 hi")] * 2
    gift = messages(
        cli(db, "trigger", "channel-gift", "-g", "gifter", "-t", "caster", "-C", "2", "--tier", "3000")
    )
    assert [(m["subscription"]["type"], m["event"]["tier"]) for m in gift][:3] == [
        ("channel.subscription.gift", "3000"),
        ("channel.subscribe", "3000"),
        ("channel.subscribe", "3000"),
    ]
    assert gift[0]["event"]["total"] == 2 and gift[0]["event"]["user_login"] == "gifter"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(("nope",), "Unknown event: nope", id="unknown"),
        pytest.param(("subscribe", "--tier", "4000"), "Invalid tier provided", id="tier"),
        pytest.param(("follow", "-T", "websub"), "WebSub is deprecated", id="websub"),
        pytest.param(("follow", "-s", "short"), "Secrets must be between 10-100 characters", id="secret"),
        pytest.param(
            ("follow", "-u", "abc"),
            "-u, -I, -r and --timestamp shape a forwarded message: give -F <url> or -T websocket too",
            id="no-forward",
        ),
        pytest.param(
            ("follow", "--session", "abc"),
            "-T websocket needs a running server: start one with `twitch-mock start`",
            id="session",
        ),
        pytest.param(
            ("follow", "-T", "webhook", "--session", "abc"),
            "--session names a WebSocket session: give -T websocket (or no -T)",
            id="session-on-webhook",
        ),
        pytest.param(
            ("follow", "-T", "websocket", "-F", "http://127.0.0.1:9"),
            "-F forwards to a webhook and -T websocket to the server's WebSocket sessions: give one",
            id="both",
        ),
        pytest.param(
            ("follow", "-F", "http://127.0.0.1:9", "--timestamp", "x"), "Invalid timestamp", id="time"
        ),
        pytest.param(("follow", "-T", "websocket"), "needs a running server", id="websocket"),
        pytest.param(
            ("follow", "-T", "carrier-pigeon"), "Invalid transport 'carrier-pigeon'", id="transport"
        ),
        pytest.param(("transaction",), "not simulated", id="transaction"),
        pytest.param(("follow", "-t", "nobody"), "nobody", id="unknown-user"),
    ],
)
def test_refusals(db: str, args: tuple[str, ...], message: str) -> None:
    result = cli(db, "trigger", *args)
    assert result.exit_code != 0 and message in result.output, result.output


def test_every_alias_is_accepted(db: str) -> None:
    help_text = " ".join(CliRunner().invoke(main, ["event", "trigger", "--help"]).output.split())
    for alias in KINDS:
        stem = alias.split("-")[0]
        assert stem in help_text, alias


def test_against_the_running_server_its_subscribers_hear_it(tmp_path: Path) -> None:
    path = str(tmp_path / "served.db")
    with MockTwitch(db=path, users=5, seed=2) as twitch:
        heard: list[Event] = []
        twitch.on_event(heard.append)
        star = twitch.users[0]
        got = messages(cli(path, "trigger", "subscribe", "-t", star.login, "--tier", "2000"))
        sub = next(m["event"] for m in got if m["subscription"]["type"] == "channel.subscribe")
        assert [e.TYPE for e in heard] == [m["subscription"]["type"] for m in got]
        token = twitch.user_token(star.id, ["channel:read:subscriptions"])
        r = httpx.get(
            twitch.helix_url + "subscriptions",
            params={"broadcaster_id": star.id, "user_id": sub["user_id"]},
            headers={"Authorization": f"Bearer {token}", "Client-Id": twitch.client_id},
        )
        assert [(s["user_id"], s["tier"]) for s in r.json()["data"]] == [(sub["user_id"], "2000")]


@pytest.fixture
def webhook() -> Iterator[Receiver]:
    """A callback on loopback that records what it receives and answers 204."""
    with receiver() as r:
        yield r


def test_forward_to_a_webhook_signed(db: str, webhook: Receiver) -> None:
    url, got = webhook.url + "/eventsub", webhook.received
    secret = "s3cr3t-s3cr3t"
    result = cli(
        db,
        "trigger",
        "cheer",
        "-t",
        "caster",
        "-C",
        "42",
        "-F",
        url,
        "-s",
        secret,
        "-u",
        "sub-1",
        "-I",
        "m-1",
    )
    assert result.exit_code == 0, result.output
    assert "✔ Request Sent. Received Status Code: 204" in result.stderr
    assert len(got) == 1
    headers, raw = got[0].headers, got[0].body
    body = json.loads(raw)
    assert body["event"]["bits"] == 42 and body["event"] == messages(result)[0]["event"]
    assert body["subscription"]["id"] == "sub-1" and body["subscription"]["type"] == "channel.cheer"
    assert body["subscription"]["transport"] == {"method": "webhook", "callback": url}
    assert body["subscription"]["condition"] == {"broadcaster_user_id": body["event"]["broadcaster_user_id"]}
    assert headers["Twitch-Eventsub-Message-Id"] == "m-1"
    assert headers["Twitch-Eventsub-Message-Type"] == "notification"
    assert headers["Twitch-Eventsub-Subscription-Type"] == "channel.cheer"
    assert headers["Twitch-Eventsub-Subscription-Version"] == "1"
    assert headers["Twitch-Eventsub-Message-Retry"] == "0"
    signed = "m-1" + headers["Twitch-Eventsub-Message-Timestamp"]
    expected = hmac.new(secret.encode(), signed.encode() + raw, hashlib.sha256).hexdigest()
    assert headers["Twitch-Eventsub-Message-Signature"] == "sha256=" + expected


def test_forward_a_revocation(db: str, webhook: Receiver) -> None:
    url, got = webhook.url + "/eventsub", webhook.received
    result = cli(db, "trigger", "follow", "-t", "caster", "-F", url, "-r", "user_removed")
    assert result.exit_code == 0, result.output
    headers, raw = got[0].headers, got[0].body
    body = json.loads(raw)
    assert headers["Twitch-Eventsub-Message-Type"] == "revocation"
    assert "Twitch-Eventsub-Message-Signature" not in headers
    assert set(body) == {"subscription"} and body["subscription"]["status"] == "user_removed"
