"""Subcommands of the `twitch-mock` CLI, one module per group; cli.py registers them."""

from __future__ import annotations

import sys
from typing import NoReturn

import click


def fail(message: object) -> NoReturn:
    """The one way a command fails: one line on stderr, exit status 1."""
    click.echo(f"twitch-mock: {message}", err=True)
    sys.exit(1)
