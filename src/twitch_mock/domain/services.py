"""What one mock instance owns, handed to every surface (Helix, id.twitch.tv, the control API,
`MockTwitch`, the generator, and later EventSub's transports and chat): the store, the clock, the
run-time randomness, the event outbox, and the instance itself (`Controller`) for the operations
that belong to the layer above (reset, advancing the clock, minting tokens). Nothing here is shared
between two instances."""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from twitch_mock.core.clock import Clock
from twitch_mock.core.ids import Ids
from twitch_mock.domain.outbox import Event, Outbox
from twitch_mock.settings import Settings
from twitch_mock.store import Store
from twitch_mock.store.auth import Client


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A token the mock minted: id.twitch.tv's token response fields, plus whose it is."""

    access_token: str
    refresh_token: str | None
    expires_in: int
    scope: list[str]
    token_type: str
    client_id: str
    user_id: str | None


@dataclass(frozen=True, slots=True)
class MockInfo:
    """What a client in another language needs to start: the generated clients and users."""

    client_id: str
    client_secret: str
    public_client_id: str
    seed: int | None
    user_ids: list[str]
    all_units_user_id: str
    now: str


class Controller(Protocol):
    """The instance's own operations (MockTwitch implements them; `twitch-mock add` without a
    server implements the part that works on a file)."""

    def reset(self) -> None: ...

    def advance(self, seconds: float) -> None: ...

    def issue_token(
        self, user_id: str | None, scopes: Sequence[str], client_id: str | None
    ) -> IssuedToken: ...

    def info(self) -> MockInfo: ...

    def register_client(
        self,
        name: str,
        redirect_uris: Sequence[str] = (),
        *,
        public: bool = False,
        client_id: str | None = None,
        secret: str | None = None,
    ) -> Client: ...


RECENT_DELIVERIES = 100


@dataclass
class Services:
    settings: Settings
    store: Store
    clock: Clock
    ids: Ids = field(default_factory=Ids)  # run-time randomness (tokens, new ids)
    outbox: Outbox = field(init=False)
    controller: Controller | None = None  # None: an app without an instance (the control API answers 404)
    signing_key: tuple[str, Any] | None = None  # the OIDC key's PEM and its parsed form (parsing costs ~1 ms)
    # derived, rebuildable values a domain module keeps between requests (a channel's compiled
    # blocked terms), each keyed by what it was derived from; dropped on reset
    caches: dict[Any, Any] = field(default_factory=dict)
    # the latest EventSub deliveries, for the dashboard: (message timestamp, message type,
    # subscription type, version, subscription id, transport, session/callback/conduit)
    deliveries: deque[tuple[str, ...]] = field(default_factory=lambda: deque(maxlen=RECENT_DELIVERIES))
    # what each event type causes in other families, run as it is published (domain/wiring.py)
    reactions: Mapping[str, Sequence[Callable[[Services, Event], None]]] = field(init=False)

    def __post_init__(self) -> None:
        db = self.store.db
        self.outbox = Outbox(lambda: db.conn.in_transaction)
        db.on_commit = self.outbox.committed
        db.on_rollback = self.outbox.rolled_back
        # wiring imports the families, which import this module: imported when an instance is made
        from twitch_mock.domain import wiring

        wiring.install(self)

    @property
    def conn(self) -> sqlite3.Connection:
        return self.store.db.conn

    def publish(self, event: Event) -> None:
        self.outbox.publish(event)
        for react in self.reactions.get(event.TYPE, ()):
            react(self, event)

    def now(self) -> str:
        """The mock's current time, RFC3339."""
        return self.clock.rfc3339()

    def forget(self) -> None:
        """Drop in-memory caches (after a reset); the outbox keeps its subscribers."""
        self.signing_key = None
        self.caches.clear()
        self.deliveries.clear()
        self.outbox.reset()
