"""Subcommands of the `twitch-mock` CLI, one module per group; cli.py registers them."""
