"""What `twitch-mock event` POSTs to a webhook of the user's (`-F`): the one sender of trigger's
forwarded messages and of `retrigger` (eventsub/verify.py `forward`: Twitch's headers, signed with
`-s`), and `verify-subscription` (alias `verify`), which sends a `webhook_callback_verification`
and judges the answer (eventsub/verify.py)."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import click

from twitch_mock.commands import fail
from twitch_mock.commands.event_config import check_secret, defaults, recall
from twitch_mock.eventsub.transport import Message, timestamp
from twitch_mock.eventsub.types import spec
from twitch_mock.eventsub.verify import forward, verification_message, verify_subscription

TIMEOUT = 10.0  # seconds, as twitch-cli waits
HELP = {"help_option_names": ["-h", "--help"]}
NO_ADDRESS = "if a default configuration is not set, forward-address must be provided"


def send(url: str, message: Message, secret: str | None) -> bool:
    """POST one message to `url` and print the status it got."""
    answer = forward(url, message, secret, timeout=TIMEOUT)
    if answer.status is None:
        click.echo(f"✗ Invalid response from {url}: {answer.error}", err=True)
        return False
    mark = "✔" if answer.ok else "✗"
    click.echo(f"{mark} Request Sent. Received Status Code: {answer.status}", err=True)
    return answer.ok


def address(given: str | None, secret: str | None, no_config: bool) -> tuple[str | None, str | None]:
    """-F and -s, or the configured defaults when omitted."""
    saved = defaults(no_config)
    return given or saved.get("forward_address"), secret if secret is not None else saved.get("secret")


def now() -> str:
    return timestamp(time.time())


def check_timestamp(text: str) -> None:
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        fail(f"Discarding event: Invalid timestamp provided ({text}); it must be RFC3339")


@click.command("retrigger", context_settings=HELP)
@click.option("-i", "--id", "message_id", required=True, help="The message id trigger printed.")
@click.option("-F", "--forward-address", default=None, help="The webhook (default: the configured one).")
@click.option("-s", "--secret", default=None, help="Webhook secret, 10-100 characters.")
@click.option("-D", "--no-config", is_flag=True, help="Ignore the configured defaults.")
def retrigger(message_id: str, forward_address: str | None, secret: str | None, no_config: bool) -> None:
    """Send a message `trigger` made again, unchanged (same message id, a new timestamp)."""
    check_secret(secret)
    url, secret = address(forward_address, secret, no_config)
    if url is None:
        fail(NO_ADDRESS)
    kept = recall(message_id)
    if kept is None:
        fail(f"No event with message id {message_id}: `twitch-mock event trigger` prints the ids it keeps")
    body: dict[str, Any] = kept["body"]
    transport = body["subscription"]["transport"]
    if transport.get("callback") is None:  # triggered without -F: the callback is this one
        transport["callback"] = url
    message = Message(kept["message_type"], message_id, now(), kept["type"], kept["version"], body)
    if not send(url, message, secret):
        raise SystemExit(1)


def _event_type(name: str) -> str:
    from twitch_mock.domain.trigger_kinds import KINDS

    if name in KINDS:
        return KINDS[name][0]
    if spec(name) is None:
        fail(f"Unknown event: {name}")
    return name


@click.command("verify-subscription", context_settings=HELP)
@click.argument("name", metavar="EVENT")
@click.option("-F", "--forward-address", default=None, help="The webhook (default: the configured one).")
@click.option("-s", "--secret", default=None, help="Webhook secret, 10-100 characters.")
@click.option("-b", "--broadcaster", default="", help="The condition's broadcaster_user_id.")
@click.option("-u", "--subscription-id", default=None, help="The subscription's id.")
@click.option("-I", "--event-id", default=None, help="The message id.")
@click.option("--timestamp", "stamp", default=None, help="The message timestamp (RFC3339).")
@click.option("-v", "--version", default=None, help="The subscription version (default: the latest).")
@click.option("-D", "--no-config", is_flag=True, help="Ignore the configured defaults.")
def verify(name: str, forward_address: str | None, secret: str | None, no_config: bool, **given: Any) -> None:
    """Send EVENT's `webhook_callback_verification` to a webhook and check its answer: a 2xx status
    with the challenge as the whole body (a Content-Type other than text/plain is a warning)."""
    check_secret(secret)
    url, secret = address(forward_address, secret, no_config)
    if url is None:
        fail(NO_ADDRESS)
    kind = _event_type(name)
    found = spec(kind)
    versions = found.versions if found is not None else ("1",)
    version = given["version"] or versions[-1]
    if version not in versions:
        fail(f"Invalid version {version!r} for {kind}; expected one of {', '.join(versions)}")
    if given["stamp"] is not None:
        check_timestamp(given["stamp"])
    message = verification_message(
        url, kind, version=version, broadcaster_id=given["broadcaster"],
        subscription_id=given["subscription_id"], message_id=given["event_id"],
        timestamp=given["stamp"] or now(),
    )  # fmt: skip
    result = verify_subscription(url, message, secret, timeout=TIMEOUT)
    for warning in result.warnings:
        click.echo(f"⚠ {warning}", err=True)
    for problem in result.problems:
        click.echo(f"✗ {problem}", err=True)
    if not result.ok:
        fail(f"{url} failed the verification of {kind} v{version}")
    click.echo(f"✔ Valid response: {url} answered {result.status} with the challenge {result.challenge}")
