"""`twitch-mock event websocket` (aliases `websockets`, `ws`, `wss`): twitch-cli's WebSocket
controls, sent to the running server's control routes (`/_mock/eventsub/...`) instead of
twitch-cli's RPC port: `start-server` (alias `start`: where the server's /ws is), `sessions`,
`reconnect [--session]`, `close --session --reason`, `subscription --subscription --status`,
`keepalive --session --enabled`. Each needs the server
that holds the database (`twitch-mock start`), prints what happened and exits 1 with the server's
reason (unknown session, bad close code) otherwise."""

from __future__ import annotations

from typing import Any

import click
import orjson

from twitch_mock.commands import fail
from twitch_mock.commands.units import _answer, _db, _remote, db_option
from twitch_mock.eventsub.websocket import CLOSE_CODES
from twitch_mock.store.holder import Holder, holder

HELP = {"help_option_names": ["-h", "--help"]}


def running(db: str | None, what: str) -> Holder:
    """The server holding the database; exit when none does."""
    path = _db(db)
    server = holder(path)
    if server is None:
        fail(f"{what} needs a running server: start one with `twitch-mock start` (database {path})")
    return server


def control(server: Holder, method: str, route: str, fields: dict[str, Any] | None = None) -> Any:
    """The control API's answer; exit with its message (or when the server doesn't answer)."""
    body = orjson.dumps({k: v for k, v in fields.items() if v is not None}) if fields else None
    got = _remote(server, method, "/eventsub" + route, body)
    if got is None:
        fail(f"the twitch-mock at {server.url} stopped answering")
    return _answer(*got)


def sessions(server: Holder) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = control(server, "GET", "/sessions")["data"]
    return found


@click.group("websocket")
def websocket() -> None:
    """Control the running server's EventSub WebSocket sessions (twitch-cli's `event websocket`)."""


@websocket.command("start-server", context_settings=HELP)
@db_option
def start_server(db: str | None) -> None:
    """twitch-cli's WebSocket server is part of the mock's one server: print where it is."""
    server = running(db, "the EventSub WebSocket server")
    ws_url = "ws" + server.url.removeprefix("http") + "/ws"
    click.echo(f"The twitch-mock serving {server.url} serves EventSub WebSockets: connect to {ws_url}")
    click.echo(f"Subscribe at {server.url}/eventsub/subscriptions (a user token: see `twitch-mock token`)")


websocket.add_command(start_server, "start")


@websocket.command("sessions", context_settings=HELP)
@db_option
def list_sessions(db: str | None) -> None:
    """List the connected sessions."""
    found = sessions(running(db, "websocket sessions"))
    if not found:
        click.echo("No clients in server: connect a WebSocket client to /ws", err=True)
    for s in found:
        user = s["user_id"] or "(no subscription yet)"
        keepalive = f"keepalive {s['keepalive_timeout_seconds']}s" + (
            "" if s["keepalive_enabled"] else " (off)"
        )
        click.echo(f"{s['id']}  connected {s['connected_at']}  {keepalive}  user {user}")


@websocket.command("reconnect", context_settings=HELP)
@click.option("--session", default=None, help="The session (default: every connected session).")
@db_option
def reconnect(session: str | None, db: str | None) -> None:
    """Send `session_reconnect`: the client must connect to the reconnect URL within 30 s."""
    server = running(db, "websocket reconnect")
    targets = [session] if session else [s["id"] for s in sessions(server)]
    if not targets:
        fail("No clients in server: connect a WebSocket client to /ws first")
    for target in targets:
        done = control(server, "POST", "/reconnect", {"session_id": target})
        click.echo(
            f"✔ Sent session_reconnect to {done['session_id']}; reconnect URL: {done['reconnect_url']}"
        )


@websocket.command("close", context_settings=HELP)
@click.option("--session", required=True, help="The session to close.")
@click.option("--reason", default="4000", show_default=True, help="The close code, 4000-4007.")
@db_option
def close(session: str, reason: str, db: str | None) -> None:
    """Close a session with a close code; its subscriptions get the code's status."""
    done = control(
        running(db, "websocket close"), "POST", "/close", {"session_id": session, "reason": reason}
    )
    code = int(done["code"])
    click.echo(f"✔ Closed {done['session_id']} with {code} ({CLOSE_CODES[code][0]})")


@websocket.command("subscription", context_settings=HELP)
@click.option("--subscription", required=True, help="The subscription id.")
@click.option("--status", required=True, help="Its new status (a revoking status sends a revocation).")
@db_option
def subscription(subscription: str, status: str, db: str | None) -> None:
    """Change a subscription's status."""
    fields = {"id": subscription, "status": status}
    done = control(running(db, "websocket subscription"), "POST", "/subscription", fields)
    click.echo(f"✔ Subscription {done['id']} is now {done['status']}")


@websocket.command("keepalive", context_settings=HELP)
@click.option("--session", required=True, help="The session.")
@click.option("--enabled", required=True, help="true or false.")
@db_option
def keepalive(session: str, enabled: str, db: str | None) -> None:
    """Stop or start a session's keepalive messages (to test a client's timeout)."""
    on = {"true": True, "false": False}.get(enabled.lower())
    if on is None:
        fail(f"--enabled must be true or false, not {enabled!r}")
    done = control(
        running(db, "websocket keepalive"), "POST", "/keepalive", {"session_id": session, "enabled": on}
    )
    state = "on" if done["keepalive_enabled"] else "off"
    click.echo(f"✔ Keepalive messages of {done['session_id']} are {state}")
