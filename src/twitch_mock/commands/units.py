"""`twitch-mock add <unit>` and `twitch-mock reset`: units with chosen attributes, written straight
into the database file (--db, TWITCH_MOCK_DB, or the default), each printed as JSON; and the
return to the seeded state, by regenerating every batch from its recorded seed (control/reseed.py).

Users may be named by id or by login. A running server sees the changes at once (SQLite allows a
second writer on the same file); its clock and in-memory state are its own."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click
import orjson

from twitch_mock.control import relations
from twitch_mock.control.reseed import ReseedError, reseed
from twitch_mock.control.units import StreamSpec, UserSpec, create_stream, create_user
from twitch_mock.core.clock import Clock
from twitch_mock.core.errors import TwitchError
from twitch_mock.http.context import Services
from twitch_mock.oauth.clients import register_client
from twitch_mock.settings import Settings
from twitch_mock.store import Store, StoreError

DB_HELP = "Database file (default: $TWITCH_MOCK_DB or the user data directory)."


def _fail(message: str) -> None:
    click.echo(f"twitch-mock: {message}", err=True)
    sys.exit(1)


def _open(db: str | None) -> Services:
    settings = Settings.from_env(db=db)
    if settings.db == ":memory:":
        _fail("an in-memory database lives only inside a server; use the control API (/_mock) instead")
    try:
        return Services(settings, Store.open(settings.db), Clock())
    except StoreError as exc:
        _fail(str(exc))
        raise


def _write(db: str | None, make: Callable[[Services], Any]) -> None:
    """Run a builder in one transaction and print what it made."""
    services = _open(db)
    try:
        with services.store.transaction():
            made = make(services)
    except TwitchError as exc:
        _fail(exc.message)
    finally:
        services.store.close()
    click.echo(orjson.dumps(made, option=orjson.OPT_INDENT_2).decode())


def _user_id(services: Services, name: str) -> str:
    """An id as given, or the id of the user with that login."""
    if services.store.users.exists(name):
        return name
    found = services.store.users.by_login(name)
    return found.id if found else name


db_option = click.option("--db", default=None, help=DB_HELP)
user_option = click.option("--user", "user", required=True, help="The user (id or login).")
broadcaster_option = click.option("--broadcaster", required=True, help="The channel (id or login).")


@click.group("add")
def add() -> None:
    """Add a unit with exactly the attributes given; the rest is generated."""


@add.command("user")
@click.option("--login", default=None, help="Login (lowercased); generated when left out.")
@click.option("--id", "user_id", default=None, help="Numeric id; generated when left out.")
@click.option("--display-name", default=None)
@click.option("--type", "user_type", type=click.Choice(["", "admin", "global_mod", "staff"]), default="")
@click.option("--broadcaster-type", type=click.Choice(["", "affiliate", "partner"]), default="")
@click.option("--description", default="")
@click.option("--email", default=None)
@click.option("--created-at", default=None, help="RFC3339 time (default: now).")
@click.option("--game-id", default=None, help="The channel's category id.")
@click.option("--title", default="", help="The channel's title.")
@click.option("--language", default="en", help="The channel's broadcaster_language.")
@db_option
def add_user(db: str | None, user_id: str | None, user_type: str, language: str, **given: Any) -> None:
    """A user and their channel."""
    spec = UserSpec(id=user_id, type=user_type, broadcaster_language=language, **given)
    _write(db, lambda s: create_user(s, spec))


@add.command("client")
@click.argument("name")
@click.option("--redirect-uri", "redirect_uris", multiple=True, help="An allowed redirect URI (repeatable).")
@click.option("--public", is_flag=True, help="A public client: no secret (device code flow, PKCE apps).")
@db_option
def add_client(db: str | None, name: str, redirect_uris: tuple[str, ...], public: bool) -> None:
    """A registered application (confidential, with a secret, unless --public)."""
    _write(db, lambda s: register_client(s, name, redirect_uris, public))


@add.command("stream")
@user_option
@click.option("--viewer-count", type=int, default=None)
@click.option("--title", default=None, help="Also sets the channel's title.")
@click.option("--game-id", default=None, help="Also sets the channel's category.")
@db_option
def add_stream(
    db: str | None, user: str, viewer_count: int | None, title: str | None, game_id: str | None
) -> None:
    """The user goes live."""
    _write(
        db,
        lambda s: create_stream(
            s, StreamSpec(_user_id(s, user), viewer_count=viewer_count, title=title, game_id=game_id)
        ),
    )


@add.command("follow")
@user_option
@broadcaster_option
@click.option("--followed-at", default=None, help="RFC3339 time (default: now).")
@db_option
def add_follow(db: str | None, user: str, broadcaster: str, followed_at: str | None) -> None:
    """The user follows the broadcaster."""
    _write(db, lambda s: relations.follow(s, _user_id(s, user), _user_id(s, broadcaster), followed_at))


@add.command("subscription")
@user_option
@broadcaster_option
@click.option("--tier", type=click.Choice(["1000", "2000", "3000"]), default="1000", show_default=True)
@click.option("--gifter", default=None, help="Who gifted it (id or login).")
@db_option
def add_subscription(db: str | None, user: str, broadcaster: str, tier: str, gifter: str | None) -> None:
    """The user subscribes to the broadcaster (an affiliate or partner)."""

    def make(s: Services) -> Any:
        gifter_id = _user_id(s, gifter) if gifter else None
        return relations.subscribe(s, _user_id(s, user), _user_id(s, broadcaster), tier, gifter_id)

    _write(db, make)


@add.command("ban")
@user_option
@broadcaster_option
@click.option("--moderator", default=None, help="Who banned (default: the broadcaster).")
@click.option("--reason", default="")
@click.option(
    "--duration", type=int, default=None, help="A timeout of this many seconds (default: permanent)."
)
@db_option
def add_ban(
    db: str | None, user: str, broadcaster: str, moderator: str | None, reason: str, duration: int | None
) -> None:
    """The broadcaster bans (or times out) the user; their moderator and VIP roles end."""

    def make(s: Services) -> Any:
        moderator_id = _user_id(s, moderator) if moderator else None
        return relations.ban(s, _user_id(s, user), _user_id(s, broadcaster), moderator_id, reason, duration)

    _write(db, make)


def _role_command(name: str, builder: relations.RoleBuilder, doc: str) -> click.Command:
    @user_option
    @broadcaster_option
    @db_option
    def command(db: str | None, user: str, broadcaster: str) -> None:
        _write(db, lambda s: builder(s, _user_id(s, user), _user_id(s, broadcaster)))

    command.__doc__ = doc
    return click.command(name)(command)


add.add_command(_role_command("vip", relations.add_vip, "The user becomes a VIP of the channel."))
add.add_command(_role_command("moderator", relations.add_moderator, "The user becomes a moderator."))
add.add_command(_role_command("editor", relations.add_editor, "The user becomes an editor."))


@click.command("reset")
@db_option
@click.option("--yes", is_flag=True, help="Don't ask for confirmation.")
def reset(db: str | None, yes: bool) -> None:
    """Return the database to its seeded state: regenerate every batch from its recorded seed."""
    services = _open(db)
    if not yes:
        click.confirm(f"Delete every unit in {services.settings.db} and regenerate it?", abort=True)
    try:
        made = reseed(services.store, services.clock)
    except ReseedError as exc:
        _fail(str(exc))
    finally:
        services.store.close()
    users = sum(len(g.user_ids) for g in made)
    click.echo(f"Reset {services.settings.db}: regenerated {len(made)} batch(es), {users} users.")
    if made:
        click.echo(f"Client-ID: {made[0].client_id}")
        click.echo(f"Secret: {made[0].client_secret}")
        click.echo(f"App access token: {made[-1].app_token}")
