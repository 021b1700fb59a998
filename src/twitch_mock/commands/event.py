"""`twitch-mock event trigger <event>` (aliases `fire`, `emit`): twitch-cli's `twitch event
trigger`, with its event names, aliases and payload flags, made to happen in the world
(domain/triggers.py) rather than invented: the request goes to `POST /_mock/events/trigger` of the
server that holds the database (or runs on the file in this process when none does, like
`twitch-mock add`), and every event it published is printed as JSON, `{"subscription": {"type",
"version"}, "event": {...}}` each.

A triggered event reaches every matching EventSub subscription of the running server. Forwarding
one to a webhook of your own (`-F` with `-s`) or to a WebSocket session (`-T websocket`,
`--session`), and the flags that only shape a forwarded message (`-u`, `-I`, `-r`, `--timestamp`),
are parsed and refused for now: they come with the EventSub transports."""

from __future__ import annotations

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
    "forwarding (-F, -T websocket, --session, -u, -I, -r, --timestamp) is not available yet; a triggered "
    "event already reaches every matching EventSub subscription of the running server"
)


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
@click.option("-F", "--forward-address", default=None, help="Forward to this webhook (not yet).")
@click.option("-s", "--secret", default=None, help="Webhook secret, 10-100 characters.")
@click.option("--session", default=None, help="The WebSocket session to target (not yet).")
@click.option(
    "-u", "--subscription-id", default=None, help="subscription.id of a forwarded message (not yet)."
)
@click.option("-I", "--event-id", default=None, help="Message id of a forwarded message (not yet).")
@click.option("-r", "--subscription-status", default=None, help="subscription.status (not yet).")
@click.option("--timestamp", default=None, help="The forwarded message's timestamp (not yet).")
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
    if transport == "websocket" or any(given.get(k) is not None for k in FORWARDING):
        fail(NOT_YET)
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


event.add_command(trigger, "fire")
event.add_command(trigger, "emit")


def _post(db: str | None, fields: dict[str, Any]) -> Any:
    path = _db(db)
    body = orjson.dumps(fields)
    server = holder(path)
    got = _remote(server, "POST", ROUTE, body) if server else None
    status, payload = got if got is not None else _in_process(path, ROUTE, body)
    return _answer(status, payload)["data"][0]
