"""The fake world behind `twitch-mock generate`: users, channels and everything around them, made
from a seed so the same seed gives the same world (see run.py for the order of the steps)."""

from __future__ import annotations

from twitch_mock.generator.run import Generation, generate

__all__ = ["Generation", "generate"]
