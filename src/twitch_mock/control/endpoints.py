"""The control API under `/_mock`: the `MockTwitch` operations over HTTP, for tests written in other
languages. JSON bodies in, `{"data": [...]}` out, Helix-shaped errors for bad input; no auth (the
server binds loopback only). Fields that name a user take an id or a login. Routes are listed in
the README's "Control API" section."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from twitch_mock.control import session
from twitch_mock.control.session import controller
from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import bans, channels, checks, follows, moderators, subscriptions, users, vips
from twitch_mock.domain.services import Services
from twitch_mock.domain.streams import StreamSpec, create_stream
from twitch_mock.domain.users import UserSpec, create_user
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Api, Auth, Endpoint, ErrorStyle, Handler
from twitch_mock.http.params import Body
from twitch_mock.http.results import Data, NoContent

MAX_ADVANCE = 10 * 365 * 86_400


@dataclass(frozen=True, slots=True)
class ClockInfo:
    now: str
    offset_seconds: float


def fields(ctx: Ctx, *allowed: str) -> Body:
    """The JSON body, refusing fields the endpoint doesn't know (a typo must not pass silently)."""
    body = ctx.body
    unknown = sorted(set(body.fields) - set(allowed))
    if unknown:
        raise BadRequest(f'Unknown field "{unknown[0]}"; expected some of: {", ".join(allowed)}')
    return body


def optional_body(ctx: Ctx, *allowed: str) -> Body:
    return fields(ctx, *allowed) if ctx.request.body.strip() else Body({})


def required(body: Body, name: str) -> str:
    value = body.string(name, required=True)
    assert value is not None
    return value


def user_field(ctx: Ctx, body: Body, name: str, *, needed: bool = True) -> str | None:
    """A field naming a user by id or by login; the id. An unknown name is passed on as given, for
    the builder to refuse with its message."""
    value = required(body, name) if needed else body.string(name)
    found = users.by_id_or_login(ctx.conn, value) if value is not None else None
    return found.id if found else value


def user(ctx: Ctx, body: Body, name: str) -> str:
    value = user_field(ctx, body, name)
    assert value is not None
    return value


def strings(body: Body, name: str) -> list[str]:
    values = body.array(name) or []
    if not all(isinstance(v, str) for v in values):
        raise BadRequest(f'The parameter "{name}" was malformed: the value must be an array of strings')
    return values


def info(ctx: Ctx) -> Data:
    return Data([controller(ctx.services).info()])


def reset(ctx: Ctx) -> NoContent:
    controller(ctx.services).reset()
    return NoContent()


def get_clock(ctx: Ctx) -> Data:
    return Data([ClockInfo(ctx.clock.rfc3339(), ctx.clock.offset)])


def advance_clock(ctx: Ctx) -> Data:
    seconds = fields(ctx, "seconds").integer("seconds", required=True, minimum=0, maximum=MAX_ADVANCE)
    controller(ctx.services).advance(float(seconds or 0))
    return get_clock(ctx)


USER_FIELDS = (
    "login", "id", "display_name", "type", "broadcaster_type", "description", "email", "created_at",
    "profile_image_url", "offline_image_url", "game_id", "title", "broadcaster_language",
)  # fmt: skip


def post_user(ctx: Ctx) -> Data:
    body = optional_body(ctx, *USER_FIELDS)
    given = {name: body.string(name) for name in USER_FIELDS}
    spec = UserSpec(**{name: value for name, value in given.items() if value is not None})
    return Data([create_user(ctx.services, spec)])


def post_stream(ctx: Ctx) -> Data:
    body = fields(
        ctx,
        "user_id",
        "id",
        "viewer_count",
        "started_at",
        "is_mature",
        "type",
        "title",
        "game_id",
        "language",
    )
    spec = StreamSpec(
        user_id=user(ctx, body, "user_id"),
        id=body.string("id"),
        viewer_count=body.integer("viewer_count"),
        started_at=body.string("started_at"),
        is_mature=bool(body.boolean("is_mature")),
        type=body.string("type") or "live",
        title=body.string("title"),
        game_id=body.string("game_id"),
        language=body.string("language"),
    )
    return Data([create_stream(ctx.services, spec)])


def post_client(ctx: Ctx) -> Data:
    body = fields(ctx, "name", "redirect_uris", "public", "id", "secret")
    client = controller(ctx.services).create_client(
        required(body, "name"),
        strings(body, "redirect_uris"),
        public=bool(body.boolean("public")),
        client_id=body.string("id"),
        secret=body.string("secret"),
    )
    return Data([client])


def post_follow(ctx: Ctx) -> Data:
    body = fields(ctx, "user_id", "broadcaster_id", "followed_at")
    user_id, broadcaster_id = user(ctx, body, "user_id"), user(ctx, body, "broadcaster_id")
    return Data([follows.follow(ctx.services, user_id, broadcaster_id, body.string("followed_at"))])


def post_subscription(ctx: Ctx) -> Data:
    body = fields(ctx, "user_id", "broadcaster_id", "tier", "gifter_id", "created_at")
    row = subscriptions.subscribe(
        ctx.services,
        user(ctx, body, "user_id"),
        user(ctx, body, "broadcaster_id"),
        body.string("tier") or "1000",
        user_field(ctx, body, "gifter_id", needed=False),
        body.string("created_at"),
    )
    return Data([row])


def post_ban(ctx: Ctx) -> Data:
    body = fields(ctx, "user_id", "broadcaster_id", "moderator_id", "reason", "duration")
    row = bans.ban(
        ctx.services,
        user(ctx, body, "user_id"),
        user(ctx, body, "broadcaster_id"),
        user_field(ctx, body, "moderator_id", needed=False),
        body.string("reason") or "",
        body.integer("duration"),
    )
    return Data([row])


def role_endpoint(path: str, make: Callable[[Services, str, str], object]) -> Endpoint:
    """POST {"user_id", "broadcaster_id"}: the user gets a role in the channel."""

    def handler(ctx: Ctx) -> Data:
        body = fields(ctx, "user_id", "broadcaster_id")
        return Data([make(ctx.services, user(ctx, body, "user_id"), user(ctx, body, "broadcaster_id"))])

    return _post(path, handler)


def block(services: Services, user_id: str, target_user_id: str) -> users.BlockRow:
    """A block between two named users (the builders' wording for a bad pair)."""
    if user_id == target_user_id:
        raise BadRequest('"user_id" and "target_user_id" must be different users')
    checks.user(services, "user_id", user_id)
    checks.user(services, "target_user_id", target_user_id)
    return users.block(services, user_id, target_user_id)


def post_block(ctx: Ctx) -> Data:
    body = fields(ctx, "user_id", "target_user_id")
    return Data([block(ctx.services, user(ctx, body, "user_id"), user(ctx, body, "target_user_id"))])


def post_app_token(ctx: Ctx) -> Data:
    body = optional_body(ctx, "scopes", "client_id")
    issued = controller(ctx.services).issue_token(None, strings(body, "scopes"), body.string("client_id"))
    return Data([issued])


def post_user_token(ctx: Ctx) -> Data:
    body = fields(ctx, "user_id", "scopes", "client_id")
    user_id = user(ctx, body, "user_id")
    issued = controller(ctx.services).issue_token(user_id, strings(body, "scopes"), body.string("client_id"))
    return Data([issued])


def post_expire(ctx: Ctx) -> NoContent:
    token = required(fields(ctx, "token"), "token")
    session.require_known(session.expire_token(ctx.services, token), token)
    return NoContent()


def post_revoke(ctx: Ctx) -> NoContent:
    token = required(fields(ctx, "token"), "token")
    session.require_known(session.revoke_token(ctx.services, token), token)
    return NoContent()


def _post(path: str, handler: Handler) -> Endpoint:
    return Endpoint("POST", path, handler, auth=Auth.NONE)


ENDPOINTS = (
    Endpoint("GET", "/info", info, auth=Auth.NONE),
    Endpoint("GET", "/clock", get_clock, auth=Auth.NONE),
    _post("/clock/advance", advance_clock),
    _post("/reset", reset),
    _post("/users", post_user),
    _post("/streams", post_stream),
    _post("/clients", post_client),
    _post("/follows", post_follow),
    _post("/subscriptions", post_subscription),
    _post("/bans", post_ban),
    role_endpoint("/moderators", moderators.add_moderator),
    role_endpoint("/vips", vips.add_vip),
    role_endpoint("/editors", channels.add_editor),
    _post("/blocks", post_block),
    _post("/tokens/app", post_app_token),
    _post("/tokens/user", post_user_token),
    _post("/tokens/expire", post_expire),
    _post("/tokens/revoke", post_revoke),
)

CONTROL = Api(name="control", prefixes=("/_mock",), endpoints=ENDPOINTS, errors=ErrorStyle.HELIX)
