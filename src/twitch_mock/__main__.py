"""`python -m twitch_mock` runs the CLI."""

from twitch_mock.cli import main

main()
