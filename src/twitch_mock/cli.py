"""The `twitch-mock` command: start, generate (and, later, token, add, reset). A thin shell over
MockTwitch and the generator; it prints what a user needs next and exits non-zero with a one-line
reason on failure."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, ClassVar

import click

from twitch_mock import __version__
from twitch_mock.commands import fail
from twitch_mock.core.clock import Clock
from twitch_mock.generator import Generation, generate
from twitch_mock.oauth.tokens import issue_app_token
from twitch_mock.server import (
    BindError,
    bind,
    exposure_warning,
    local_url,
    new_event_loop,
    raise_open_file_limit,
)
from twitch_mock.settings import Settings
from twitch_mock.store import Store, StoreError
from twitch_mock.store.holder import holder
from twitch_mock.store.snapshots import SnapshotError

if TYPE_CHECKING:
    from rich.console import Console


def refuse_held(db: str, advice: str) -> None:
    """Exit when a running server holds the database file: it has it locked."""
    server = holder(db)
    if server is not None:
        fail(f"{db} is in use by the twitch-mock serving {server.url} (pid {server.pid}); {advice}")


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar fed by the generator's progress(step, done, total) calls."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description:<24}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=_console(),
        transient=True,
    ) as bar:
        tasks: dict[str, object] = {}

        def report(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)  # type: ignore[arg-type]

        yield report


def _console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def print_generation(gen: Generation) -> None:
    click.echo(f"Generated {len(gen.user_ids)} users (batch {gen.batch}, seed {gen.seed}).")
    click.echo(
        f"User ID {gen.all_units_user_id} has all applicable units (streams, subs, and the like) "
        "and is a partner for use with the API"
    )
    click.echo(f"Client-ID: {gen.client_id}")
    click.echo(f"Secret: {gen.client_secret}")
    click.echo(f"Public Client-ID: {gen.public_client_id}")
    click.echo(f"App access token: {gen.app_token}")


class LazyGroup(click.Group):
    """Commands whose modules load only when they run: `add` builds its commands from every
    builder (and so imports every family), which `generate` and `start` need not wait for."""

    LAZY: ClassVar[dict[str, tuple[str, str]]] = {
        "token": ("twitch_mock.commands.token", "token_cmd"),
        "add": ("twitch_mock.commands.units", "add"),
        "reset": ("twitch_mock.commands.units", "reset"),
        "export": ("twitch_mock.commands.snapshots", "export_cmd"),
        "import": ("twitch_mock.commands.snapshots", "import_cmd"),
        "event": ("twitch_mock.commands.event", "event"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY:
            import importlib

            module, attribute = self.LAZY[name]
            found: click.Command = getattr(importlib.import_module(module), attribute)
            return found
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="twitch-mock")
def main() -> None:
    """A local, offline replica of Twitch: Helix, id.twitch.tv and generated data."""


@main.command("generate")
@click.option(
    "-c",
    "--count",
    default=25,
    show_default=True,
    type=click.IntRange(1, 1_000_000),
    help="How many users to add.",
)
@click.option("--seed", type=int, default=None, help="Seed for the random world (same seed, same data).")
@click.option("--db", default=None, help="Database file, or :memory: (default: the user data directory).")
def generate_cmd(count: int, seed: int | None, db: str | None) -> None:
    """Add a batch of generated users, channels and everything around them."""
    settings = Settings.from_env(db=db)
    refuse_held(settings.db, "stop it before generating into it (units can be added with `twitch-mock add`)")
    try:
        store = Store.open(settings.db)
    except StoreError as exc:
        fail(str(exc))
    try:
        with progress_bar(sys.stderr.isatty()) as report:
            gen = generate(store, count=count, seed=seed, clock=Clock(), progress=report)
    finally:
        store.close()
    print_generation(gen)
    click.echo(f"Database: {settings.db}")


@main.command("start")
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=None, help="Port (default 8080).")
@click.option("--host", default=None, help="Address to bind (default localhost: 127.0.0.1 and ::1).")
@click.option("--db", default=None, help="Database file, or :memory: (default: the user data directory).")
@click.option("--seed", type=int, default=None, help="Seed for the first generation on an empty database.")
@click.option(
    "--rate-limit",
    type=click.IntRange(1, None),
    default=None,
    help="Enforce Helix's bucket: N points per minute, 429 when empty (default: report only).",
)
@click.option("--server", type=click.Choice(["granian", "uvicorn"]), default=None, help="HTTP server.")
@click.option(
    "--auto-approve", default=None, help="User id or login that consent pages approve as, headless."
)
@click.option(
    "--journal-size",
    type=click.IntRange(0, None),
    default=None,
    help="Requests the journal keeps for GET /_mock/requests (default 1000; 0 = off).",
)
@click.option(
    "--import",
    "import_file",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Start from a world exported with `twitch-mock export` (replaces the database's).",
)
@click.option(
    "--export-on-exit",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Export the world to this file on a clean shutdown.",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests whose Host is NAME (repeatable; default: the --host and loopback only).",
)
@click.option(
    "--allow-remote-control",
    is_flag=True,
    default=False,
    help="Let non-loopback clients use the control API (/_mock) and /units.",
)
def start_cmd(
    port: int | None,
    host: str | None,
    db: str | None,
    seed: int | None,
    rate_limit: int | None,
    server: str | None,
    auto_approve: str | None,
    journal_size: int | None,
    import_file: str | None,
    export_on_exit: str | None,
    allow_hosts: tuple[str, ...],
    allow_remote_control: bool,
) -> None:
    """Serve Helix, id.twitch.tv and the mock's own APIs on one port."""
    from twitch_mock.mock import MockTwitch

    settings = Settings.from_env(
        port=port,
        host=host,
        db=db,
        seed=seed,
        rate_limit=rate_limit,
        server=server,
        auto_approve=auto_approve,
        journal_size=journal_size,
        allow_hosts=allow_hosts or None,
        allow_remote_control=allow_remote_control or None,
    )
    refuse_held(settings.db, "one server per database file")
    raise_open_file_limit()
    try:
        sockets = bind(settings.host, settings.port)
    except BindError as exc:
        fail(str(exc))
    try:
        with progress_bar(sys.stderr.isatty()) as report:
            mock = MockTwitch(settings, progress=report, snapshot=import_file)
    except (StoreError, SnapshotError) as exc:
        for sock in sockets:
            sock.close()
        fail(f"cannot import {import_file}: {exc}" if isinstance(exc, SnapshotError) else str(exc))
    if mock.generation is not None:
        print_generation(mock.generation)
    else:
        client = mock.client
        with mock.store.transaction():
            token = issue_app_token(mock.services, client.id, ())
        click.echo(f"Client-ID: {client.id}")
        click.echo(f"Secret: {client.secret}")
        click.echo(f"App access token: {token.token}")
    port_bound = sockets[0].getsockname()[1]
    base = local_url(settings.host, port_bound)
    warning = exposure_warning(settings.host, settings.allow_remote_control)
    if warning:
        click.echo(warning, err=True)

    def ready() -> None:
        click.echo(f"twitch-mock {__version__} serving on {base}")
        click.echo(f"  Helix:       {base}/helix/  (and {base}/mock/)")
        click.echo(f"  OAuth/OIDC:  {base}/oauth2/  (and {base}/auth/)")
        click.echo(f"  Database:    {settings.db}")
        click.echo("Press Ctrl+C to stop.")

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()

        def on_signal(number: int) -> None:
            if stop.is_set():  # the second signal: out now, whatever is in flight
                os._exit(128 + number)
            stop.set()

        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, on_signal, sig)
        if not await mock.serve_async(stop, ready, sockets):
            # A client still holds a connection the server would not give up: the WAL is
            # checkpointed and the process leaves without waiting for the server's tasks.
            mock.close()
            click.echo("twitch-mock stopped (connections still open were cut).")
            sys.stdout.flush()
            os._exit(0)

    # Everything made so far (every family's classes, the generated world's snapshot) lives as long as
    # the server: out of the collector's sight, full collections stop scanning it.
    gc.freeze()
    try:
        with asyncio.Runner(loop_factory=new_event_loop) as runner:
            runner.run(run())
        if export_on_exit:
            mock.export(export_on_exit)
            click.echo(f"Exported the world to {export_on_exit}.")
    finally:
        mock.close()
    click.echo("twitch-mock stopped.")
