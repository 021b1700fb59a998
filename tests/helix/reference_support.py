"""What a family's test module declares for the reference contract (test_reference.py): example
calls, each a function from a running mock to a `Call`, in a module-level `REFERENCE_EXAMPLES`
dict keyed "METHOD /path". Its response is validated against Twitch's closed schema."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from twitch_mock import MockTwitch


@dataclass(frozen=True)
class Call:
    params: dict[str, str]
    token: str
    body: dict[str, Any] | None = field(default=None)
    client_id: str | None = None  # the Client-Id header, when not the mock's client (an extension's)


Example = Callable[[MockTwitch], Call]


def as_user(mock: MockTwitch, n: int, *scopes: str) -> str:
    """A token of the n-th seeded user (0 is the partner with all units) with these scopes."""
    return mock.user_token(mock.users[n].id, list(scopes))
