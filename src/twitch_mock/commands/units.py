"""`twitch-mock add <unit>` and `twitch-mock reset`: units with chosen attributes, each printed as
JSON, and the return to the seeded state.

Each `add` is a control API request (`POST /_mock/<unit>`, control/endpoints.py), so the CLI and
the control API validate and build units the one same way. When a server holds the database file
(store/holder.py) the request goes to it, and it applies the change with its own clock; otherwise
it runs in this process on the file (--db, TWITCH_MOCK_DB, or the default). Users may be named by
id or by login."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import click
import orjson

from twitch_mock.app import App
from twitch_mock.commands import fail
from twitch_mock.control import CONTROL
from twitch_mock.control.builders import BUILDERS, CLI_NAMES, USER_FIELDS, Builder, Field
from twitch_mock.control.reseed import ReseedError, reseed
from twitch_mock.core.clock import Clock
from twitch_mock.core.errors import NotFound
from twitch_mock.domain.services import IssuedToken, MockInfo, Services
from twitch_mock.oauth.clients import register_client
from twitch_mock.settings import Settings
from twitch_mock.store import Store, StoreError
from twitch_mock.store.auth import Client
from twitch_mock.store.holder import Holder, holder

DB_HELP = "Database file (default: $TWITCH_MOCK_DB or the user data directory)."
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the server is local


def _db(db: str | None) -> str:
    path = Settings.from_env(db=db).db
    if path == ":memory:":
        fail("an in-memory database lives only inside a server; use the control API (/_mock) instead")
    return path


def _open(path: str) -> Services:
    try:
        return Services(Settings.from_env(db=path), Store.open(path), Clock())
    except StoreError as exc:
        fail(str(exc))


class FileController:
    """The part of the control API's `Controller` that works on a file without a server: clients.
    The rest belongs to a running instance."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def register_client(
        self, name: str, redirect_uris: Sequence[str] = (), *, public: bool = False, **ids: str | None
    ) -> Client:
        return register_client(self.services, name, redirect_uris, public, **ids)

    def _needs_server(self, *args: object) -> NoReturn:
        raise NotFound("Only a running server can do this")

    reset = advance = _needs_server

    def issue_token(self, user_id: str | None, scopes: Sequence[str], client_id: str | None) -> IssuedToken:
        self._needs_server()

    def info(self) -> MockInfo:
        self._needs_server()


def _in_process(path: str, route: str, body: bytes) -> tuple[int, bytes]:
    """The control request, answered by the control API over the file in this process."""
    services = _open(path)
    services.controller = FileController(services)
    app = App(services, (CONTROL,))
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/_mock" + route,
        "query_string": b"",
        "headers": [(b"content-type", b"application/json")],
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    try:
        asyncio.run(app(scope, receive, send))
    finally:
        services.store.close()
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def _remote(server: Holder, method: str, route: str, body: bytes | None = None) -> tuple[int, bytes] | None:
    """The control request, answered by the server; None when it doesn't answer."""
    request = urllib.request.Request(
        server.url + "/_mock" + route,
        data=body,
        headers={"Content-Type": "application/json"},
        method=method,
    )
    try:
        with NO_PROXY.open(request, timeout=60) as response:
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as error:
        return int(error.code), bytes(error.read())
    except OSError:
        return None


def _answer(status: int, payload: bytes) -> Any:
    """The control API's answer, or exit with its message."""
    answer = orjson.loads(payload) if payload else {}
    if status >= 400:
        fail(str(answer.get("message") or f"HTTP {status}"))
    return answer


def _add(db: str | None, route: str, fields: dict[str, Any]) -> None:
    """POST /_mock/<route> with the options given, and print the unit it made."""
    path = _db(db)
    body = orjson.dumps({k: v for k, v in fields.items() if v is not None})
    server = holder(path)
    got = _remote(server, "POST", route, body) if server else None
    status, payload = got if got is not None else _in_process(path, route, body)
    made = _answer(status, payload)["data"][0]
    click.echo(orjson.dumps(made, option=orjson.OPT_INDENT_2).decode())


db_option = click.option("--db", default=None, help=DB_HELP)


@click.group("add")
def add() -> None:
    """Add a unit with exactly the attributes given; the rest is generated."""


def _option(builder: Builder[Any, Any], f: Field) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The click parameter of one builder field (control/builders.py)."""
    if f.name in builder.arguments:
        return click.argument(f.name)
    flag = "--" + CLI_NAMES.get(f.name, f.name.replace("_", "-"))
    help_text = builder.help.get(f.name) or ("A user (id or login)." if f.name in USER_FIELDS else None)
    if f.kind is bool:
        return click.option(flag, f.name, is_flag=True, default=None, help=help_text)
    if f.kind is list:
        return click.option(flag, f.name, multiple=True, help=help_text)
    kind = int if f.kind is int else str
    return click.option(flag, f.name, type=kind, required=f.required, default=None, help=help_text)


def _command(builder: Builder[Any, Any]) -> click.Command:
    def command(db: str | None, **given: Any) -> None:
        fields = {k: (list(v) if isinstance(v, tuple) else v) for k, v in given.items()}
        _add(db, builder.route, {k: v for k, v in fields.items() if v not in (None, [])})

    command.__doc__ = builder.doc
    for f in reversed(builder.fields):
        command = _option(builder, f)(command)
    return click.command(builder.command)(db_option(command))


for _builder in BUILDERS:
    add.add_command(_command(_builder))


@click.command("reset")
@db_option
@click.option("--yes", is_flag=True, help="Don't ask for confirmation.")
def reset(db: str | None, yes: bool) -> None:
    """Return the database to its seeded state: regenerate every batch from its recorded seed. When
    a server holds the file, it resets instead (POST /_mock/reset): back to the state it started in."""
    path = _db(db)
    server = holder(path)
    if server is not None and _reset_server(server, path, yes):
        return
    if not yes:
        click.confirm(f"Delete every unit in {path} and regenerate it?", abort=True)
    services = _open(path)
    try:
        made = reseed(services.store, services.clock)
    except ReseedError as exc:
        fail(str(exc))
    finally:
        services.store.close()
    users = sum(len(g.user_ids) for g in made)
    click.echo(f"Reset {path}: regenerated {len(made)} batch(es), {users} users.")
    if made:
        _credentials(made[0].client_id, made[0].client_secret, made[-1].app_token)


def _reset_server(server: Holder, path: str, yes: bool) -> bool:
    """Reset the server that holds the file; False when it doesn't answer."""
    if not yes:
        click.confirm(f"Reset the twitch-mock serving {server.url} (database {path})?", abort=True)
    got = _remote(server, "POST", "/reset")
    if got is None:
        return False
    _answer(*got)
    info, token = _ask(server, "GET", "/info"), _ask(server, "POST", "/tokens/app")
    click.echo(f"Reset the twitch-mock serving {server.url}: back to the state it started in.")
    _credentials(info["client_id"], info["client_secret"], token["access_token"])
    return True


def _ask(server: Holder, method: str, route: str) -> Any:
    """The first item of the server's answer; exit when it doesn't answer or refuses."""
    got = _remote(server, method, route)
    if got is None:
        fail(f"the twitch-mock at {server.url} stopped answering")
    return _answer(*got)["data"][0]


def _credentials(client_id: str, secret: str, app_token: str) -> None:
    click.echo(f"Client-ID: {client_id}")
    click.echo(f"Secret: {secret}")
    click.echo(f"App access token: {app_token}")
