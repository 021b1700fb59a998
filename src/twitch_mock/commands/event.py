"""`twitch-mock event trigger <event>` (aliases `fire`, `emit`): twitch-cli's `twitch event
trigger`, with its event names, aliases and payload flags, made to happen in the world
(domain/triggers.py) rather than invented: the request goes to `POST /_mock/events/trigger` of the
server that holds the database (or runs on the file in this process when none does, like
`twitch-mock add`), and every event it published is printed as JSON, `{"subscription": {"type",
"version"}, "event": {...}}` each.

A triggered event reaches every matching EventSub subscription of the running server. `-F <url>`
also forwards each event the trigger names, as twitch-cli does, as a webhook `notification` (every
`Twitch-Eventsub-*` header, `sha256=` HMAC signature with `-s`; `-u` sets `subscription.id`, `-I`
the message id, `-r` a status other than `enabled` sends a `revocation` without `event`,
`--timestamp` the message timestamp) and prints the callback's status. Forwarding to a WebSocket
session (`-T websocket`, `--session`) is refused for now: it comes with the EventSub transports."""

from __future__ import annotations

import hashlib
import hmac
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from typing import Any

import click
import orjson

from twitch_mock.commands import fail
from twitch_mock.commands.units import _answer, _db, _in_process, _remote, db_option
from twitch_mock.store.holder import holder

ROUTE = "/events/trigger"
TRANSPORTS = ("webhook", "websocket")
FORWARDING = ("forward_address", "session", "subscription_id", "event_id", "subscription_status", "timestamp")
NOT_YET = (
    "forwarding to a WebSocket session (-T websocket, --session) is not available yet; a triggered event "
    "already reaches every matching EventSub subscription of the running server"
)
NO_FORWARD = "-u, -I, -r and --timestamp shape a forwarded message: give -F <url> too"
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@click.group("event")
def event() -> None:
    """twitch-cli's `event` command: make EventSub events happen in the mock's world."""


def _check_transport(transport: str, secret: str | None) -> None:
    if transport == "websub":
        fail("WebSub is deprecated and no longer supported; use webhook or websocket")
    if transport not in TRANSPORTS:
        fail(f"Invalid transport {transport!r}; expected webhook or websocket")
    if secret is not None and not 10 <= len(secret) <= 100:
        fail("Invalid secret provided. Secrets must be between 10-100 characters")


@event.command("trigger", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("name", metavar="EVENT")
@click.option("-f", "--from-user", "from_user_id", help="The viewer (id or login; default: a new user).")
@click.option(
    "-t", "--to-user", "to_user_id", help="The broadcaster (id or login; default: the all-units user)."
)
@click.option("-g", "--gift-user", "gifter_id", help="The gifter of a `gift` (id or login).")
@click.option("-a", "--anonymous", is_flag=True, default=None, help="An anonymous gift or cheer.")
@click.option("-c", "--count", type=click.IntRange(1, 100), default=None, help="How many times (default 1).")
@click.option("--tier", default=None, help="Subscription tier: 1000, 2000 or 3000.")
@click.option("-C", "--cost", type=int, default=None, help="Bits, Channel Points, viewers, gifts or months.")
@click.option("-i", "--item-id", default=None, help="The reward, or the category of a stream event.")
@click.option("-n", "--item-name", default=None, help="The reward's or charity's name.")
@click.option("-d", "--description", default=None, help="A title, message, prompt or description.")
@click.option("-S", "--event-status", "status", default=None, help="A redemption's status, a poll's end.")
@click.option("-G", "--game-id", default=None, help="The category of a stream or drop event.")
@click.option("--client-id", default=None, help="The client of a grant or revoke.")
@click.option("-T", "--transport", default="webhook", show_default=True, help="webhook or websocket.")
@click.option("-F", "--forward-address", default=None, help="Also forward the event to this webhook.")
@click.option("-s", "--secret", default=None, help="Webhook secret, 10-100 characters.")
@click.option("--session", default=None, help="The WebSocket session to target (not yet).")
@click.option("-u", "--subscription-id", default=None, help="A forwarded message's subscription.id.")
@click.option("-I", "--event-id", default=None, help="A forwarded message's message id.")
@click.option(
    "-r",
    "--subscription-status",
    default=None,
    help="A forwarded subscription.status (not enabled: a revocation).",
)
@click.option("--timestamp", default=None, help="A forwarded message's timestamp (RFC3339).")
@click.option("-D", "--no-config", is_flag=True, help="Accepted for twitch-cli compatibility.")
@db_option
def trigger(
    name: str, db: str | None, transport: str, secret: str | None, no_config: bool, **given: Any
) -> None:
    """Make EVENT happen: an EventSub type (channel.follow) or a twitch-cli alias: follow, subscribe,
    gift, channel-gift, subscribe-message, unsubscribe, cheer, raid, ban, unban, add-moderator,
    remove-moderator, add-reward, update-reward, remove-reward, add-redemption, update-redemption,
    poll-begin, poll-progress, poll-end, prediction-begin, prediction-progress, prediction-lock,
    prediction-end, charity-start, charity-donate, charity-progress, charity-stop, goal-begin,
    goal-progress, goal-end, hype-train-begin, hype-train-progress, hype-train-end, shield-mode-begin,
    shield-mode-end, shoutout-create, shoutout-received, stream-change, streamup, streamdown,
    user-update, ad-break-begin, drop, grant, revoke, transaction."""
    _check_transport(transport, secret)
    if transport == "websocket" or given.get("session") is not None:
        fail(NOT_YET)
    forward = {k: given[k] for k in FORWARDING if given.get(k) is not None}
    if forward and "forward_address" not in forward:
        fail(NO_FORWARD)
    if "timestamp" in forward:
        _check_timestamp(forward["timestamp"])
    fields = {k: v for k, v in given.items() if k not in FORWARDING and v is not None}
    answer = _post(db, {"event": name, **fields})
    for published in answer["published"]:
        message = {
            "subscription": {"type": published["type"], "version": published["version"]},
            "event": published["event"],
        }
        click.echo(orjson.dumps(message, option=orjson.OPT_INDENT_2).decode())
    made = [p["type"] for p in answer["published"]]
    click.echo(f"✔ {answer['event']}: {len(made)} event(s) published ({', '.join(made)})", err=True)
    if "forward_address" in forward:
        for published in answer["published"]:
            if published["type"] == answer["event"]:
                _forward(published, forward, secret)


def _check_timestamp(text: str) -> None:
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        fail(f"Discarding event: Invalid timestamp provided ({text}); it must be RFC3339")


def _condition(kind: str, event: dict[str, Any]) -> dict[str, str]:
    """The subscription condition a forwarded message shows: the fields its type is keyed by."""
    if kind == "channel.raid":
        return {"to_broadcaster_user_id": event["to_broadcaster_user_id"]}
    if kind.startswith("user.authorization."):
        return {"client_id": event["client_id"]}
    if kind == "user.update":
        return {"user_id": event["user_id"]}
    if kind == "drop.entitlement.grant":
        return {"organization_id": event["organization_id"]}
    broadcaster = event.get("broadcaster_user_id") or event.get("broadcaster_id", "")
    if kind == "channel.follow" or kind.startswith(("channel.shoutout.", "channel.shield_mode.")):
        return {
            "broadcaster_user_id": broadcaster,
            "moderator_user_id": event.get("moderator_user_id", broadcaster),
        }
    return {"broadcaster_user_id": broadcaster}


def _forward(published: dict[str, Any], flags: dict[str, Any], secret: str | None) -> None:
    """POST the event to `-F` as a webhook message, signed with `secret` when given."""
    kind, url = published["type"], flags["forward_address"]
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "000Z"  # RFC3339, nanoseconds
    status = flags.get("subscription_status", "enabled")
    subscription = {
        "id": flags.get("subscription_id") or str(uuid.uuid4()), "status": status, "type": kind,
        "version": published["version"], "cost": 0, "condition": _condition(kind, published["event"]),
        "transport": {"method": "webhook", "callback": url}, "created_at": now,
    }  # fmt: skip
    body: dict[str, Any] = {"subscription": subscription}
    if status == "enabled":
        if kind == "drop.entitlement.grant":
            body["events"] = [{"id": str(uuid.uuid4()), "data": published["event"]}]
        else:
            body["event"] = published["event"]
    raw = orjson.dumps(body)
    message_id, timestamp = flags.get("event_id") or str(uuid.uuid4()), flags.get("timestamp") or now
    headers = {
        "Content-Type": "application/json", "Twitch-Eventsub-Message-Id": message_id,
        "Twitch-Eventsub-Message-Retry": "0",
        "Twitch-Eventsub-Message-Type": "notification" if status == "enabled" else "revocation",
        "Twitch-Eventsub-Message-Timestamp": timestamp, "Twitch-Eventsub-Subscription-Type": kind,
        "Twitch-Eventsub-Subscription-Version": published["version"],
    }  # fmt: skip
    if secret is not None:
        digest = hmac.new(secret.encode(), message_id.encode() + timestamp.encode() + raw, hashlib.sha256)
        headers["Twitch-Eventsub-Message-Signature"] = "sha256=" + digest.hexdigest()
    request = urllib.request.Request(url, data=raw, headers=headers, method="POST")
    try:
        with NO_PROXY.open(request, timeout=10) as response:
            code = int(response.status)
    except urllib.error.HTTPError as error:
        code = int(error.code)
    except (OSError, ValueError) as error:
        click.echo(f"✗ Invalid response from {url}: {error}", err=True)
        return
    mark = "✔" if 200 <= code < 300 else "✗"
    click.echo(f"{mark} Request Sent. Received Status Code: {code}", err=True)


event.add_command(trigger, "fire")
event.add_command(trigger, "emit")


def _post(db: str | None, fields: dict[str, Any]) -> Any:
    path = _db(db)
    body = orjson.dumps(fields)
    server = holder(path)
    got = _remote(server, "POST", ROUTE, body) if server else None
    status, payload = got if got is not None else _in_process(path, ROUTE, body)
    return _answer(status, payload)["data"][0]
