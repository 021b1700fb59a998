"""Who may act, declared in the endpoint table and enforced once, by the dispatcher, after the
token's kind and scopes (http/auth.py). Each policy names its parameters, so the reference contract
test can check them against Twitch's.

- `Owner("broadcaster_id")`: the parameter is the token's user (401 otherwise);
- `Moderator()`: `moderator_id` is the token's user (401) and is the broadcaster or one of their
  moderators (403 "The user in moderator_id is not one of the broadcaster's moderators");
- `Editor()`: the token's user is the broadcaster or one of their editors (403);
- `CreatedBy(lookup, "id")`: the resource was created by the token's client (channel points'
  403 "The ID in the Client-Id header must match the client ID used to create the custom reward").

Policies apply to user tokens; an app token acts for the app, and its grant is checked by the
endpoint where Twitch checks one."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from twitch_mock.core.errors import Forbidden, Unauthorized
from twitch_mock.domain import channels, moderators
from twitch_mock.http.params import missing

if TYPE_CHECKING:
    from twitch_mock.http.context import Ctx
    from twitch_mock.store.auth import Token


def param(ctx: Ctx, name: str) -> str:
    """A required query parameter, or a JSON body field for a name `body.x`."""
    if name.startswith("body."):
        value = ctx.body.string(name[5:])
        name = name[5:]
    else:
        value = ctx.query.get(name)
    if value is None:
        raise missing(name)
    return value


def must_match(ctx: Ctx, name: str, token: Token) -> str:
    value = param(ctx, name)
    if value != token.user_id:
        raise Unauthorized(
            f"The ID in {name.removeprefix('body.')} must match the user ID in the user access token"
        )
    return value


@dataclass(frozen=True, slots=True)
class Owner:
    param: str = "broadcaster_id"

    @property
    def params(self) -> tuple[str, ...]:
        return (self.param,)

    def check(self, ctx: Ctx, token: Token) -> None:
        must_match(ctx, self.param, token)


@dataclass(frozen=True, slots=True)
class Moderator:
    moderator: str = "moderator_id"
    broadcaster: str = "broadcaster_id"

    @property
    def params(self) -> tuple[str, ...]:
        return (self.broadcaster, self.moderator)

    def check(self, ctx: Ctx, token: Token) -> None:
        broadcaster = param(ctx, self.broadcaster)
        moderator = must_match(ctx, self.moderator, token)
        if not moderators.is_moderator(ctx.services.conn, broadcaster, moderator):
            name = self.moderator.removeprefix("body.")
            raise Forbidden(f"The user in {name} is not one of the broadcaster's moderators")


@dataclass(frozen=True, slots=True)
class Editor:
    broadcaster: str = "broadcaster_id"

    @property
    def params(self) -> tuple[str, ...]:
        return (self.broadcaster,)

    def check(self, ctx: Ctx, token: Token) -> None:
        broadcaster = param(ctx, self.broadcaster)
        assert token.user_id is not None
        if not channels.is_editor(ctx.services.conn, broadcaster, token.user_id):
            raise Forbidden("The user in the access token is not the broadcaster or one of their editors")


@dataclass(frozen=True, slots=True)
class CreatedBy:
    """`lookup(conn, id)` gives the client id that created the resource `param` names (None when
    there is no such resource: the handler answers that one)."""

    lookup: Callable[[sqlite3.Connection, str], str | None]
    param: str = "id"
    message: str = "The ID in the Client-Id header must match the client ID used to create the custom reward"

    @property
    def params(self) -> tuple[str, ...]:
        return (self.param,)

    def check(self, ctx: Ctx, token: Token) -> None:
        value = ctx.query.get(self.param)
        creator = None if value is None else self.lookup(ctx.services.conn, value)
        if creator is not None and creator != token.client_id:
            raise Forbidden(self.message)


Policy = Owner | Moderator | Editor | CreatedBy
