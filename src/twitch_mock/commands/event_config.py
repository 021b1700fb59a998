"""The files `twitch-mock event` keeps in the user's config directory ($XDG_CONFIG_HOME/twitch-mock
on Linux): `event.json`, the defaults `event configure` saves (`forward_address`, `secret`), used
by trigger, retrigger and verify-subscription when -F or -s is omitted (`-D/--no-config` ignores
them); and `events.json`, the latest messages `trigger` made, by message id, for `retrigger`.

The messages are kept by the CLI, not by a server, because `trigger` also works without one (on
the file in this process) and the CLI is what POSTs them to `-F`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click

from twitch_mock.commands import fail
from twitch_mock.settings import config_dir

CONFIG_FILE = "event.json"
CACHE_FILE = "events.json"
KEPT = 500  # messages `retrigger` can find
MIN_SECRET, MAX_SECRET = 10, 100
BAD_SECRET = "Invalid secret provided. Secrets must be between 10-100 characters"


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # two CLIs at once: whole files
    temporary.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    temporary.chmod(0o600)  # a secret may be in it
    os.replace(temporary, path)


def check_secret(secret: str | None) -> None:
    if secret is not None and not MIN_SECRET <= len(secret) <= MAX_SECRET:
        fail(BAD_SECRET)


def defaults(no_config: bool) -> dict[str, str]:
    """The saved `forward_address` and `secret` ({} with -D)."""
    if no_config:
        return {}
    saved = _read(config_dir() / CONFIG_FILE)
    return {k: v for k in ("forward_address", "secret") if isinstance(v := saved.get(k), str) and v}


def remember(messages: list[dict[str, Any]]) -> None:
    """Keep messages (`{"id", "type", "version", "message_type", "body"}`) for `retrigger`."""
    path = config_dir() / CACHE_FILE
    kept = _read(path)
    for message in messages:
        kept.pop(message["id"], None)
        kept[message["id"]] = message
    try:
        _write(path, dict(list(kept.items())[-KEPT:]))
    except OSError as exc:
        click.echo(f"⚠ Could not keep the event for retrigger: {exc}", err=True)


def recall(message_id: str) -> dict[str, Any] | None:
    found = _read(config_dir() / CACHE_FILE).get(message_id)
    return found if isinstance(found, dict) else None


@click.command("configure", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-F", "--forward-address", default=None, help="The default webhook to forward events to.")
@click.option("-s", "--secret", default=None, help="The default webhook secret, 10-100 characters.")
def configure(forward_address: str | None, secret: str | None) -> None:
    """Save the -F and -s that trigger, retrigger and verify-subscription use when they are omitted."""
    if forward_address is None and secret is None:
        fail("nothing to configure: give -F <url>, -s <secret> or both")
    check_secret(secret)
    path = config_dir() / CONFIG_FILE
    saved = _read(path)
    saved.update({k: v for k, v in (("forward_address", forward_address), ("secret", secret)) if v})
    try:
        _write(path, saved)
    except OSError as exc:
        fail(f"Error writing configuration: {exc}")
    click.echo(f"✔ Saved to {path}")
