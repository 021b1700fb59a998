"""The control API under `/_mock`: the `MockTwitch` operations over HTTP, for tests written in other
languages. JSON bodies in, `{"data": [...]}` out, Helix-shaped errors for bad input; no auth (the
server binds loopback only). Fields that name a user take an id or a login. Routes are listed in
the README's "Control API" section."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from twitch_mock.control import dashboard, powers, session
from twitch_mock.control.builders import BUILDERS, USER_FIELDS, Builder, Field
from twitch_mock.control.session import controller
from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import users
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


def builder_endpoint(builder: Builder[Any, Any]) -> Endpoint:
    """POST /_mock<route>: the builder's parameters as a JSON body (control/builders.py)."""
    spec = builder.fields
    names = [f.name for f in spec]
    read = fields if any(f.required for f in spec) else optional_body

    def handler(ctx: Ctx) -> Data:
        body = read(ctx, *names)
        given: dict[str, Any] = {}
        for f in spec:
            value = _field(ctx, body, f)
            if value is not None:
                given[f.name] = value
        args = [given.pop(f.name) for f in spec if f.required]
        return Data([builder.make(ctx.services, *args, **given)])

    handler.__name__ = f"post_{builder.command}"
    return _post(builder.route, handler)


def _field(ctx: Ctx, body: Body, f: Field) -> Any:
    if f.kind is list:
        return strings(body, f.name) if f.name in body else None
    if f.kind is bool:
        return body.boolean(f.name, required=f.required)
    if f.kind is int:
        return body.integer(f.name, required=f.required)
    if f.name in USER_FIELDS:
        return user_field(ctx, body, f.name, needed=f.required)
    return required(body, f.name) if f.required else body.string(f.name)


def post_app_token(ctx: Ctx) -> Data:
    body = optional_body(ctx, "scopes", "client_id")
    issued = controller(ctx.services).issue_token(None, strings(body, "scopes"), body.string("client_id"))
    return Data([issued])


def post_user_token(ctx: Ctx) -> Data:
    body = fields(ctx, "user_id", "scopes", "client_id")
    user_id = user_field(ctx, body, "user_id")
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
    *(builder_endpoint(b) for b in BUILDERS),
    _post("/tokens/app", post_app_token),
    _post("/tokens/user", post_user_token),
    _post("/tokens/expire", post_expire),
    _post("/tokens/revoke", post_revoke),
    *powers.ENDPOINTS,
    *dashboard.ENDPOINTS,
)

CONTROL = Api(name="control", prefixes=("/_mock",), endpoints=ENDPOINTS, errors=ErrorStyle.HELIX)
