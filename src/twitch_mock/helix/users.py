"""Helix Users family (dev.twitch.tv/docs/api/reference/#get-users): Get Users, Update User,
Get User Block List, Block User, Unblock User."""

from __future__ import annotations

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import users
from twitch_mock.domain.users import User
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.params import malformed
from twitch_mock.http.results import Data, NoContent, Page

READ_EMAIL = "user:read:email"
MAX_USERS = 100


def _shown(ctx: Ctx, user: User) -> User:
    """The token's own user carries `email` when the token has user:read:email."""
    if ctx.token is not None and ctx.token.user_id == user.id and ctx.has_scope(READ_EMAIL):
        return users.with_email(ctx.conn, user)
    return user


def get_users(ctx: Ctx) -> Data:
    ids, logins = ctx.query.all("id", MAX_USERS), ctx.query.all("login", MAX_USERS)
    if len(ids) + len(logins) > MAX_USERS:
        raise BadRequest(f"The combined number of id and login parameters must not exceed {MAX_USERS}")
    if not ids and not logins:
        if ctx.token is None or ctx.token.user_id is None:
            raise BadRequest("Must provide an ID, Login or OAuth Token")
        ids = [ctx.token.user_id]
    return Data([_shown(ctx, u) for u in users.find(ctx.conn, ids, logins)])


def update_user(ctx: Ctx) -> Data:
    description = ctx.query.text("description")
    if description is not None:
        if len(description) > 300:
            raise malformed("description", "the length must be less than or equal to 300")
        users.update_description(ctx.services, ctx.user_id, description)
    user = users.get(ctx.conn, ctx.user_id)
    return Data([_shown(ctx, user)] if user else [])


def get_user_block_list(ctx: Ctx) -> Page:
    return Page(users.blocked(ctx.conn, ctx.user_id, ctx.window))


def _target(ctx: Ctx) -> str:
    target = ctx.query.require("target_user_id")
    if not users.exists(ctx.conn, target):
        raise BadRequest("The user specified in target_user_id was not found")
    return target


def block_user(ctx: Ctx) -> NoContent:
    target = _target(ctx)
    ctx.query.choice("source_context", ("chat", "whisper"))
    ctx.query.choice("reason", ("harassment", "spam", "other"))
    users.block(ctx.services, ctx.user_id, target)
    return NoContent()


def unblock_user(ctx: Ctx) -> NoContent:
    users.unblock(ctx.conn, ctx.user_id, _target(ctx))
    return NoContent()


ENDPOINTS = (
    Endpoint("GET", "/users", get_users, auth=Auth.EITHER),
    Endpoint("PUT", "/users", update_user, auth=Auth.USER, scopes=("user:edit",)),
    Endpoint(
        "GET",
        "/users/blocks",
        get_user_block_list,
        auth=Auth.USER,
        scopes=("user:read:blocked_users",),
        owner="broadcaster_id",
        first=(20, 100),
    ),
    Endpoint("PUT", "/users/blocks", block_user, auth=Auth.USER, scopes=("user:manage:blocked_users",)),
    Endpoint("DELETE", "/users/blocks", unblock_user, auth=Auth.USER, scopes=("user:manage:blocked_users",)),
)
