"""The request context handed to every handler: the request, the endpoint, the token, the page
window, and the instance's `Services` (domain/services.py) it reaches the world through."""

from __future__ import annotations

import sqlite3
from typing import TypeVar

from twitch_mock.core.clock import Clock
from twitch_mock.core.errors import Unauthorized
from twitch_mock.core.ids import Ids
from twitch_mock.domain.extensions import Claims
from twitch_mock.domain.services import Services
from twitch_mock.http.body import parse, parse_query
from twitch_mock.http.endpoint import Endpoint
from twitch_mock.http.params import Body, Params, parse_json_object
from twitch_mock.http.request import Request
from twitch_mock.settings import Settings
from twitch_mock.store import Store
from twitch_mock.store.auth import Token
from twitch_mock.store.paging import Window

T = TypeVar("T")

__all__ = ["Ctx", "Services"]


class Ctx:
    __slots__ = ("_body", "_window", "claims", "endpoint", "request", "services", "token")

    def __init__(self, request: Request, services: Services, endpoint: Endpoint) -> None:
        self.request = request
        self.services = services
        self.endpoint = endpoint
        self.token: Token | None = None
        self.claims: Claims | None = None  # a verified extension JWT's (Auth.EXTENSION endpoints)
        self._window: Window | None = None
        self._body: Body | None = None

    @property
    def store(self) -> Store:
        return self.services.store

    @property
    def conn(self) -> sqlite3.Connection:
        return self.services.store.db.conn

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

    def parse(self, schema: type[T], *, strict: bool = False) -> T:
        """The JSON body as an instance of `schema` (http/body.py); Twitch's 400s for bad input."""
        return parse(schema, self.body.fields, strict=strict)

    def parse_query(self, schema: type[T]) -> T:
        """The query parameters as an instance of `schema`."""
        return parse_query(schema, self.query.values)

    @property
    def window(self) -> Window:
        """The page a paginated endpoint (`first=` in its table) was asked for."""
        if self._window is None:
            raise TypeError(f"{self.endpoint.method} {self.endpoint.path} is not paginated")
        return self._window

    @window.setter
    def window(self, window: Window) -> None:
        self._window = window

    @property
    def user_id(self) -> str:
        """The token's user (only on endpoints that require a user token)."""
        if self.token is None or self.token.user_id is None:
            raise Unauthorized("Missing User OAUTH Token")
        return self.token.user_id

    def has_scope(self, scope: str) -> bool:
        return self.token is not None and scope in self.token.scopes
