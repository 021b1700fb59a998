"""The request context handed to every handler, and the services it reaches the world through."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from twitch_mock.core.clock import Clock
from twitch_mock.core.errors import Unauthorized
from twitch_mock.core.ids import Ids
from twitch_mock.http.endpoint import Endpoint
from twitch_mock.http.params import Body, Params, parse_json_object
from twitch_mock.http.request import Request
from twitch_mock.settings import Settings
from twitch_mock.store import Store, Window
from twitch_mock.store.auth import Token


@dataclass
class Services:
    """What one mock instance owns; nothing here is shared between two instances."""

    settings: Settings
    store: Store
    clock: Clock
    ids: Ids = field(default_factory=Ids)  # run-time randomness (tokens, new ids)
    state: dict[str, Any] = field(default_factory=dict)  # per-instance in-memory state (rate buckets, ...)


class Ctx:
    __slots__ = ("_body", "endpoint", "request", "services", "token", "window")

    def __init__(self, request: Request, services: Services, endpoint: Endpoint) -> None:
        self.request = request
        self.services = services
        self.endpoint = endpoint
        self.token: Token | None = None
        self.window: Window | None = None
        self._body: Body | None = None

    @property
    def store(self) -> Store:
        return self.services.store

    @property
    def clock(self) -> Clock:
        return self.services.clock

    @property
    def ids(self) -> Ids:
        return self.services.ids

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def query(self) -> Params:
        return self.request.query

    @property
    def form(self) -> Params:
        return self.request.form

    @property
    def body(self) -> Body:
        """The JSON object body (400 when it is missing or not an object)."""
        if self._body is None:
            self._body = Body(parse_json_object(self.request.body))
        return self._body

    @property
    def user_id(self) -> str:
        """The token's user (only on endpoints that require a user token)."""
        if self.token is None or self.token.user_id is None:
            raise Unauthorized("Missing User OAUTH Token")
        return self.token.user_id

    def has_scope(self, scope: str) -> bool:
        return self.token is not None and scope in self.token.scopes
