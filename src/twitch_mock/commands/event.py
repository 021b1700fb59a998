"""`twitch-mock event`: twitch-cli's `event` command. `trigger <event>` (aliases `fire`, `emit`)
uses twitch-cli's event names, aliases and payload flags, made to happen in the world
(domain/triggers.py) rather than invented: the request goes to `POST /_mock/events/trigger` of the
server that holds the database (or runs on the file in this process when none does, like
`twitch-mock add`), and every event it published is printed as JSON, `{"subscription": {"type",
"version"}, "event": {...}}` each.

A triggered event reaches every matching EventSub subscription of the running server. Each event
of the type the trigger names is also kept as a webhook `notification` (commands/event_config.py)
under a message id that `retrigger -i` sends again, and forwarded:
- `-F <url>` (or the `configure`d default): POSTed as a webhook message (every `Twitch-Eventsub-*`
  header, `sha256=` HMAC signature with `-s`; `-u` sets `subscription.id`, `-I` the message id, `-r`
  a status other than `enabled` sends a `revocation` without `event`, `--timestamp` the message
  timestamp); the callback's status is printed.
- `-T websocket [--session ID]`: a frame to every connected WebSocket session of the running server,
  or to one (`POST /_mock/eventsub/forward`, eventsub/forward.py).

The other verbs: `retrigger`, `verify-subscription` (commands/event_webhook.py), `configure`
(commands/event_config.py), `websocket` (commands/event_ws.py)."""

from __future__ import annotations

import uuid
from typing import Any

import click
import orjson

from twitch_mock.commands import fail
from twitch_mock.commands.event_config import check_secret, configure, remember
from twitch_mock.commands.event_webhook import address, check_timestamp, now, retrigger, send, verify
from twitch_mock.commands.event_ws import control, running, sessions, websocket
from twitch_mock.commands.units import _answer, _db, _in_process, _remote, db_option
from twitch_mock.core.errors import TwitchError
from twitch_mock.eventsub.forward import NO_CLIENTS, Forward
from twitch_mock.eventsub.transport import Message
from twitch_mock.eventsub.websocket import session_named
from twitch_mock.store.holder import Holder, holder

ROUTE = "/events/trigger"
TRANSPORTS = ("webhook", "websocket")
SHAPING = ("subscription_id", "event_id", "subscription_status", "timestamp")
FORWARDING = ("forward_address", "session", *SHAPING)
NO_FORWARD = "-u, -I, -r and --timestamp shape a forwarded message: give -F <url> or -T websocket too"
BOTH = "-F forwards to a webhook and -T websocket to the server's WebSocket sessions: give one"
SESSION_ON_WEBHOOK = "--session names a WebSocket session: give -T websocket (or no -T)"


@click.group("event")
def event() -> None:
    """twitch-cli's `event` command: make EventSub events happen in the mock's world."""


def _check_transport(transport: str | None, secret: str | None) -> None:
    if transport == "websub":
        fail("WebSub is deprecated and no longer supported; use webhook or websocket")
    if transport is not None and transport not in TRANSPORTS:
        fail(f"Invalid transport {transport!r}; expected webhook or websocket")
    check_secret(secret)


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
@click.option("-T", "--transport", default=None, help="webhook (default) or websocket.")
@click.option("-F", "--forward-address", default=None, help="Also forward the event to this webhook.")
@click.option("-s", "--secret", default=None, help="Webhook secret, 10-100 characters.")
@click.option("--session", default=None, help="With -T websocket: the one session to send it to.")
@click.option("-u", "--subscription-id", default=None, help="A forwarded message's subscription.id.")
@click.option("-I", "--event-id", default=None, help="A forwarded message's message id.")
@click.option(
    "-r",
    "--subscription-status",
    default=None,
    help="A forwarded subscription.status (not enabled: a revocation).",
)
@click.option("--timestamp", default=None, help="A forwarded message's timestamp (RFC3339).")
@click.option("-D", "--no-config", is_flag=True, help="Ignore the configured -F and -s.")
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
    session = given.pop("session")
    if session is not None and transport == "webhook":
        fail(SESSION_ON_WEBHOOK)
    on_websocket = transport == "websocket" or session is not None
    flags = {k: given.pop(k) for k in ("forward_address", *SHAPING)}
    if on_websocket and flags["forward_address"] is not None:
        fail(BOTH)
    url, secret = (None, None) if on_websocket else address(flags["forward_address"], secret, no_config)
    if any(flags[k] is not None for k in SHAPING) and url is None and not on_websocket:
        fail(NO_FORWARD)
    if flags["timestamp"] is not None:
        check_timestamp(flags["timestamp"])
    server = _listening(db, session) if on_websocket else None
    answer = _post(db, {"event": name, **{k: v for k, v in given.items() if v is not None}})
    _print(answer)
    forwards = [
        Forward(
            p["type"],
            p["version"],
            p["event"],
            flags["subscription_status"] or "enabled",
            flags["subscription_id"],
            flags["event_id"],
            flags["timestamp"],
        )
        for p in answer["published"]
        if p["type"] == answer["event"]
    ]
    kept = [_keep(f, url) for f in forwards]
    remember([{"id": m.message_id, "message_type": m.type, "type": m.subscription_type,
               "version": m.subscription_version, "body": m.body} for m in kept])  # fmt: skip
    for forward, sent in zip(forwards, kept, strict=True):
        if server is not None:
            _to_sessions(server, forward, session)
        elif url is not None:
            send(url, sent, secret)
        click.echo(
            f"↻ Kept as {sent.message_id}: `twitch-mock event retrigger -i {sent.message_id}`", err=True
        )


def _listening(db: str | None, session: str | None) -> Holder:
    """The running server, when it has the session(s) to forward to (checked before the event
    happens, so a refusal changes nothing)."""
    server = running(db, "-T websocket")
    live = [s["id"] for s in sessions(server)]
    if session is not None:
        try:
            session_named(session, live)
        except TwitchError as e:
            fail(e.message)
    if not live:
        fail(NO_CLIENTS)
    return server


def _print(answer: dict[str, Any]) -> None:
    """Every published event as JSON on stdout; a summary on stderr."""
    for published in answer["published"]:
        message = {
            "subscription": {"type": published["type"], "version": published["version"]},
            "event": published["event"],
        }
        click.echo(orjson.dumps(message, option=orjson.OPT_INDENT_2).decode())
    made = [p["type"] for p in answer["published"]]
    click.echo(f"✔ {answer['event']}: {len(made)} event(s) published ({', '.join(made)})", err=True)


def _keep(forward: Forward, url: str | None) -> Message:
    """The webhook message of a triggered event: forwarded to -F, kept for `retrigger` (without -F
    its callback is the one `retrigger` sends it to)."""
    stamp = now()
    subscription = forward.subscription(str(uuid.uuid4()), {"method": "webhook", "callback": url}, stamp)
    return forward.message(subscription, str(uuid.uuid4()), stamp)


def _to_sessions(server: Holder, forward: Forward, session: str | None) -> None:
    fields = {
        "type": forward.type, "version": forward.version, "event": forward.event, "status": forward.status,
        "session_id": session, "subscription_id": forward.subscription_id, "message_id": forward.message_id,
        "timestamp": forward.timestamp,
    }  # fmt: skip
    for done in control(server, "POST", "/forward", fields)["data"]:
        if done["sent"]:
            click.echo(
                f"✔ Sent a {done['message_type']} to session {done['session_id']} "
                f"(subscription {done['subscription_id']}, message {done['message_id']})",
                err=True,
            )
        else:
            click.echo(
                f"✔ Session {done['session_id']} already got it "
                f"through subscription {done['subscription_id']}",
                err=True,
            )


event.add_command(trigger, "fire")
event.add_command(trigger, "emit")
event.add_command(retrigger)
event.add_command(verify)
event.add_command(verify, "verify")
event.add_command(configure)
event.add_command(websocket)
for _alias in ("websockets", "ws", "wss"):
    event.add_command(websocket, _alias)


def _post(db: str | None, fields: dict[str, Any]) -> Any:
    path = _db(db)
    body = orjson.dumps(fields)
    server = holder(path)
    got = _remote(server, "POST", ROUTE, body) if server else None
    status, payload = got if got is not None else _in_process(path, ROUTE, body)
    return _answer(status, payload)["data"][0]
