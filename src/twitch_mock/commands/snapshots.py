"""`twitch-mock export FILE` and `twitch-mock import FILE`: the whole world in one versioned file
(store/snapshots.py). When a server holds the database they go through it (`GET /_mock/export`,
`POST /_mock/import`: its clock and in-memory state included); otherwise they work on the file."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import click
import orjson

from twitch_mock.commands import fail
from twitch_mock.settings import Settings
from twitch_mock.store import Store, StoreError
from twitch_mock.store.holder import Holder, holder
from twitch_mock.store.snapshots import MEDIA_TYPE, SnapshotError, export_world, load_world

NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the server is local
DB_HELP = "Database file (default: the user data directory)."


def _db(db: str | None) -> str:
    path = Settings.from_env(db=db).db
    if path == ":memory:":
        fail("an in-memory database lives only inside a server; use GET /_mock/export or POST /_mock/import")
    return path


def _remote(server: Holder, method: str, route: str, body: bytes | None = None) -> bytes:
    request = urllib.request.Request(
        server.url + "/_mock" + route, data=body, headers={"Content-Type": MEDIA_TYPE}, method=method
    )
    try:
        with NO_PROXY.open(request, timeout=300) as response:
            return bytes(response.read())
    except urllib.error.HTTPError as error:
        payload = error.read()
        try:
            message = orjson.loads(payload).get("message") or f"HTTP {error.code}"
        except orjson.JSONDecodeError:
            message = f"HTTP {error.code}"
        fail(message)
    except OSError as exc:
        fail(f"the twitch-mock serving {server.url} did not answer: {exc}")


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@click.option("--db", default=None, help=DB_HELP)
def export_cmd(file: str, db: str | None) -> None:
    """Write the whole world (units, clients, tokens, keys, the clock) to FILE."""
    path = _db(db)
    server = holder(path)
    if server is not None:
        data = _remote(server, "GET", "/export")
    else:
        if not Path(path).expanduser().exists():
            fail(f"no database at {path}")
        try:
            store = Store.open(path)
        except StoreError as exc:
            fail(str(exc))
        try:
            data = export_world(store.db, 0.0)
        finally:
            store.close()
    Path(file).write_bytes(data)
    click.echo(f"Exported {path} to {file} ({len(data) / 1e6:.1f} MB).")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", default=None, help=DB_HELP)
@click.option("--yes", is_flag=True, help="Don't ask for confirmation.")
def import_cmd(file: str, db: str | None, yes: bool) -> None:
    """Replace the world with the one exported to FILE."""
    path = _db(db)
    data = Path(file).read_bytes()
    server = holder(path)
    if server is not None:
        if not yes:
            click.confirm(f"Replace the world of the twitch-mock serving {server.url}?", abort=True)
        _remote(server, "POST", "/import", data)
        click.echo(f"Imported {file} into the twitch-mock serving {server.url}.")
        return
    try:
        loaded = load_world(data)
    except SnapshotError as exc:
        fail(f"cannot import {file}: {exc}")
    if not yes and Path(path).expanduser().exists():
        click.confirm(f"Replace every unit in {path} with {file}?", abort=True)
    try:
        store = Store.open(path)
    except StoreError as exc:
        fail(str(exc))
    try:
        store.db.restore(loaded.conn)
    finally:
        store.close()
        loaded.conn.close()
    click.echo(f"Imported {file} into {path}.")
