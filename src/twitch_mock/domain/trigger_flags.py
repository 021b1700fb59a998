"""What every trigger of `twitch-mock event trigger` (domain/triggers.py) works with: its flags,
resolved (`Trigger`), the handler's type, and the two things many of them need first: the viewer
(a new user when none is named) and the broadcaster being live."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from twitch_mock.domain import streams, users
from twitch_mock.domain.services import Services


@dataclass(frozen=True, slots=True)
class Trigger:
    """The flags of one trigger, resolved: `broadcaster` is an id; `viewer` is None for "a new user"."""

    broadcaster: str
    viewer: str | None
    gifter: str | None
    tier: str
    cost: int | None
    item_id: str | None
    item_name: str | None
    description: str | None
    status: str | None
    game_id: str | None
    anonymous: bool
    client_id: str | None


Handler = Callable[[Services, Trigger], None]


def viewer_id(s: Services, t: Trigger) -> str:
    """The viewer the trigger names, or a new user."""
    return t.viewer or users.create_user(s).id


def live(s: Services, user_id: str) -> None:
    """The user is live, with viewers."""
    if not streams.viewer_count(s.conn, user_id):
        streams.create_stream(s, user_id, viewer_count=s.ids.between(1, 200))
