"""`twitch-mock event configure`, `retrigger` and `verify-subscription` (alias `verify`) against a
real webhook receiver on loopback, and trigger's use of the configured defaults."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from event_support import Received, Receiver, echo_challenge, receiver, seeded_db

from twitch_mock.cli import main

SECRET = "s3cr3t-s3cr3t"
NO_ADDRESS = "twitch-mock: if a default configuration is not set, forward-address must be provided\n"


@pytest.fixture(autouse=True)
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "twitch-mock" / "event.json"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return seeded_db(str(tmp_path / "mock.db"))


@pytest.fixture
def hook() -> Iterator[Receiver]:
    with receiver() as r:
        yield r


def event(*args: str) -> Result:
    return CliRunner().invoke(main, ["event", *args], catch_exceptions=False)


def kept_id(result: Result) -> str:
    """The message id trigger printed for retrigger."""
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stderr.splitlines() if x.startswith("↻ Kept as "))
    return line.removeprefix("↻ Kept as ").split(":")[0]


def signature(received: Received, secret: str) -> str:
    h = received.headers
    signed = h["Twitch-Eventsub-Message-Id"] + h["Twitch-Eventsub-Message-Timestamp"]
    return "sha256=" + hmac.new(secret.encode(), signed.encode() + received.body, hashlib.sha256).hexdigest()


# --- configure ---------------------------------------------------------------------------------


def test_configure_saves_the_defaults_trigger_uses(db: str, hook: Receiver, config: Path) -> None:
    saved = event("configure", "-F", hook.url + "/default")
    assert (saved.exit_code, saved.stdout) == (0, f"✔ Saved to {config}\n")
    assert event("configure", "-s", SECRET).exit_code == 0  # keeps the address
    assert json.loads(config.read_text()) == {"forward_address": hook.url + "/default", "secret": SECRET}
    result = event("trigger", "cheer", "-t", "caster", "-C", "7", "--db", db)
    assert "✔ Request Sent. Received Status Code: 204" in result.stderr
    [got] = hook.at("/default")
    assert got.json()["event"]["bits"] == 7
    assert got.json()["subscription"]["transport"] == {"method": "webhook", "callback": hook.url + "/default"}
    assert got.headers["Twitch-Eventsub-Message-Signature"] == signature(got, SECRET)
    ignored = event("trigger", "cheer", "-t", "caster", "-D", "--db", db)
    assert ignored.exit_code == 0 and "Request Sent" not in ignored.stderr
    assert len(hook.received) == 1  # -D: the default is not used


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "nothing to configure: give -F <url>, -s <secret> or both"),
        (("-s", "short"), "Invalid secret provided. Secrets must be between 10-100 characters"),
    ],
)
def test_configure_refusals(args: tuple[str, ...], message: str, config: Path) -> None:
    result = event("configure", *args)
    assert (result.exit_code, result.stderr) == (1, f"twitch-mock: {message}\n")
    assert not config.exists()


# --- retrigger ---------------------------------------------------------------------------------


def test_retrigger_sends_the_kept_message_unchanged(db: str, hook: Receiver) -> None:
    first = event("trigger", "cheer", "-t", "caster", "-C", "9", "-F", hook.url + "/a", "--db", db)
    message_id = kept_id(first)
    again = event("retrigger", "-i", message_id, "-F", hook.url + "/b", "-s", SECRET)
    assert again.exit_code == 0, again.output
    assert again.stderr == "✔ Request Sent. Received Status Code: 204\n"
    [original], [resent] = hook.at("/a"), hook.at("/b")
    assert resent.json() == original.json()  # the stored JSON, callback and all
    assert (
        resent.headers["Twitch-Eventsub-Message-Id"]
        == message_id
        == original.headers["Twitch-Eventsub-Message-Id"]
    )
    assert resent.headers["Twitch-Eventsub-Message-Type"] == "notification"
    assert resent.headers["Twitch-Eventsub-Subscription-Type"] == "channel.cheer"
    assert resent.headers["Twitch-Eventsub-Message-Signature"] == signature(resent, SECRET)


def test_retrigger_of_an_event_never_forwarded_takes_its_callback(db: str, hook: Receiver) -> None:
    message_id = kept_id(
        event("trigger", "follow", "-t", "caster", "-r", "user_removed", "-F", hook.url + "/x", "--db", db)
    )
    plain = kept_id(event("trigger", "streamup", "-t", "caster", "--db", db))
    assert event("configure", "-F", hook.url + "/configured").exit_code == 0
    assert event("retrigger", "-i", plain).exit_code == 0
    [got] = hook.at("/configured")
    assert got.json()["subscription"]["transport"] == {
        "method": "webhook",
        "callback": hook.url + "/configured",
    }
    assert got.json()["event"]["broadcaster_user_login"] == "caster"
    assert event("retrigger", "-i", message_id).exit_code == 0
    revocation = hook.at("/configured")[1]
    assert revocation.headers["Twitch-Eventsub-Message-Type"] == "revocation"
    assert set(revocation.json()) == {"subscription"}


def test_retrigger_refusals(db: str, hook: Receiver) -> None:
    message_id = kept_id(event("trigger", "cheer", "-t", "caster", "--db", db))
    missing = event("retrigger", "-i", message_id)
    assert (missing.exit_code, missing.stderr) == (1, NO_ADDRESS)
    unknown = event("retrigger", "-i", "nope", "-F", hook.url)
    assert unknown.exit_code == 1
    assert (
        unknown.stderr
        == "twitch-mock: No event with message id nope: `twitch-mock event trigger` prints the ids it keeps\n"
    )
    hook.answers["/down"] = lambda r: (500, b"", "")
    refused = event("retrigger", "-i", message_id, "-F", hook.url + "/down")
    assert (refused.exit_code, refused.stderr) == (1, "✗ Request Sent. Received Status Code: 500\n")
    short = event("retrigger", "-i", message_id, "-F", hook.url, "-s", "short")
    assert short.stderr == "twitch-mock: Invalid secret provided. Secrets must be between 10-100 characters\n"
    assert hook.received == [hook.at("/down")[0]]


# --- verify-subscription -----------------------------------------------------------------------


def test_verify_a_callback_that_answers_right(hook: Receiver) -> None:
    hook.answers["/cb"] = echo_challenge
    url = hook.url + "/cb"
    result = event(
        "verify-subscription", "follow", "-F", url, "-s", SECRET, "-b", "1234", "-u", "sub-1", "-I", "m-1",
        "--timestamp", "2026-12-01T10:00:00.123456789Z",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [got] = hook.at("/cb")
    body = got.json()
    assert result.stdout == f"✔ Valid response: {url} answered 200 with the challenge {body['challenge']}\n"
    assert result.stderr == ""
    assert body["subscription"] == {
        "id": "sub-1", "status": "webhook_callback_verification_pending", "type": "channel.follow",
        "version": "2", "cost": 0, "condition": {"broadcaster_user_id": "1234"},
        "transport": {"method": "webhook", "callback": url}, "created_at": "2026-12-01T10:00:00.123456789Z",
    }  # fmt: skip
    assert got.headers["Twitch-Eventsub-Message-Type"] == "webhook_callback_verification"
    assert got.headers["Twitch-Eventsub-Message-Id"] == "m-1"
    assert got.headers["Twitch-Eventsub-Message-Signature"] == signature(got, SECRET)


def test_verify_warns_of_a_content_type_and_uses_the_configured_callback(hook: Receiver) -> None:
    hook.answers["/json"] = lambda r: (200, r.json()["challenge"].encode(), "application/json")
    assert event("configure", "-F", hook.url + "/json").exit_code == 0
    result = event("verify", "channel.cheer")
    assert result.exit_code == 0, result.output
    assert result.stderr == "⚠ The response's Content-Type was application/json; Twitch expects text/plain\n"
    assert hook.at("/json")[0].json()["subscription"]["version"] == "1"
    ignored = event("verify", "channel.cheer", "-D")
    assert (ignored.exit_code, ignored.stderr) == (1, NO_ADDRESS)
    assert len(hook.received) == 1


def test_verify_fails_a_wrong_answer(hook: Receiver) -> None:
    hook.answers["/bad"] = lambda r: (500, b"nope", "text/plain")
    url = hook.url + "/bad"
    result = event("verify", "streamup", "-F", url)
    challenge = hook.at("/bad")[0].json()["challenge"]
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "✗ The callback answered with status 500; a 2xx status is required",
        f"✗ The response body was 'nope'; it must be the challenge '{challenge}'",
        f"twitch-mock: {url} failed the verification of stream.online v1",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nope", "-F", "http://127.0.0.1:9"), "Unknown event: nope"),
        (
            ("follow", "-F", "http://127.0.0.1:9", "-v", "1"),
            "Invalid version '1' for channel.follow; expected one of 2",
        ),
        (("follow",), "if a default configuration is not set, forward-address must be provided"),
        (
            ("follow", "-F", "http://127.0.0.1:9", "--timestamp", "soon"),
            "Discarding event: Invalid timestamp provided (soon); it must be RFC3339",
        ),
    ],
)
def test_verify_refusals(args: tuple[str, ...], message: str) -> None:
    result = event("verify-subscription", *args)
    assert (result.exit_code, result.stderr) == (1, f"twitch-mock: {message}\n")


def test_verify_a_dead_callback(unused_tcp_port: int) -> None:
    url = f"http://127.0.0.1:{unused_tcp_port}/cb"
    result = event("verify", "follow", "-F", url)
    assert result.exit_code == 1
    assert result.stderr.startswith("✗ The callback did not answer: ConnectError")
    assert result.stderr.endswith(f"twitch-mock: {url} failed the verification of channel.follow v2\n")
