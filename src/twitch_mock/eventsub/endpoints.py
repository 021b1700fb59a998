"""Create, Get and Delete EventSub Subscription (dev.twitch.tv/docs/api/reference/, EventSub),
served under `/helix`, `/mock` and the server root (`/eventsub/subscriptions`, where twurple's
mock mode sends them), and the WebSocket controls under `/_mock/eventsub/...`: `GET sessions`,
`POST reconnect|close|subscription|keepalive` and `POST forward` (`{type, version, event,
session_id?, subscription_id?, message_id?, timestamp?, status?}`: a triggered event as a frame to
every connected session or to one; `twitch-mock event trigger -T websocket`).

Create checks, in order: the body, the type and version, the condition, the transport, the token
kind the transport needs, the grant of the condition's user (a.10), duplicates, limits (a.8)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from twitch_mock.core.errors import BadRequest, Conflict, Forbidden, Gone, NotFound, TooManyRequests, missing
from twitch_mock.domain import eventsub as store
from twitch_mock.domain import users
from twitch_mock.domain.eventsub import Subscription, SubscriptionCreated
from twitch_mock.eventsub.authorization import chat_bot_allowed, granted, has_groups
from twitch_mock.eventsub.forward import Forward, to_sessions
from twitch_mock.eventsub.runtime import EventSub
from twitch_mock.eventsub.types import FREE_TYPES, B, M, TypeSpec, condition_key, spec
from twitch_mock.eventsub.websocket import CLOSE_CODES, MAX_SUBSCRIPTIONS, Session
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Api, Auth, Endpoint, ErrorStyle
from twitch_mock.http.results import Data, Json, NoContent, Page
from twitch_mock.store.auth import Token
from twitch_mock.store.paging import Slice

PATH = "/eventsub/subscriptions"
MAX_TOTAL_COST = {"websocket": 10, "webhook": 10_000, "conduit": 10_000}
MAX_WEBSOCKET_SESSIONS = 3
MIN_SECRET, MAX_SECRET = 10, 100
FILTERS = ("status", "type", "user_id", "subscription_id", "conduit_id")  # conduit_id: 2026-04-17

INVALID_TYPE = "The combination of values in the type and version fields is not valid"
GONE = "This subscription type is not available."
MISSING_AUTH = "subscription missing proper authorization"
INVALID_METHOD = "The value specified in the 'method' field is not valid"
NO_SESSION = "websocket transport session does not exist or has already disconnected"
DIFFERENT_USERS = "websocket transport cannot have subscriptions created by different users"
TOO_MANY_SESSIONS = "number of websocket transports limit exceeded"
TOO_MANY_ON_SESSION = "maximum subscriptions per websocket transport exceeded"
COST_EXCEEDED = "maximum total cost exceeded"
ONE_FILTER = "The request may specify only one filter query parameter"
NOT_FOUND = "subscription not found"


def _runtime(ctx: Ctx) -> EventSub:
    return EventSub.of(ctx.services)


def _token(ctx: Ctx) -> Token:
    if ctx.token is None:  # the dispatcher authenticates every endpoint here
        raise BadRequest("OAuth token is missing")
    return ctx.token


# --- Create ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Transport:
    method: str
    session_id: str | None = None
    callback: str | None = None
    secret: str | None = None
    conduit_id: str | None = None


def _text(fields: dict[str, Any], name: str, label: str | None = None) -> str:
    value = fields.get(name)
    if value is None or value == "":
        raise missing(label or name)
    if not isinstance(value, str):
        raise BadRequest(f'The parameter "{label or name}" was malformed: the value must be a string')
    return value


def _type(fields: dict[str, Any]) -> tuple[TypeSpec, str]:
    name = _text(fields, "type")
    version = fields.get("version")
    if version is None or version == "":
        raise missing("version")
    if isinstance(version, int) and not isinstance(version, bool):
        version = str(version)  # clients that send 2 mean "2"
    if not isinstance(version, str):
        raise BadRequest(INVALID_TYPE)
    found = spec(name)
    if found is not None and version in found.gone:
        raise Gone(GONE)
    if found is None or version not in found.versions:
        raise BadRequest(INVALID_TYPE)
    return found, version


def _condition(ctx: Ctx, found: TypeSpec, fields: dict[str, Any]) -> dict[str, str]:
    raw = fields.get("condition")
    if raw is None:
        raise missing("condition")
    if not isinstance(raw, dict):
        raise BadRequest('The parameter "condition" was malformed: the value must be an object')
    condition: dict[str, str] = {}
    for name, value in raw.items():
        if name not in found.fields:
            raise BadRequest(f'The parameter "condition.{name}" is not valid for {found.type}')
        if value is None or value == "":
            continue
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise BadRequest(f'The parameter "condition.{name}" was malformed: the value must be a string')
        condition[name] = value
    for name in found.required:
        if name not in condition:
            raise missing(f"condition.{name}")
    if found.one_of and sum(1 for n in found.one_of if n in condition) != 1:
        names = " or ".join(f'"condition.{n}"' for n in found.one_of)
        raise BadRequest(f"Exactly one of {names} is required")
    for name, value in condition.items():
        if name.endswith("user_id") and not users.exists(ctx.conn, value):
            raise BadRequest(f'The parameter "condition.{name}" was malformed: the user does not exist')
    return condition


def _loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _transport(fields: dict[str, Any]) -> Transport:
    raw = fields.get("transport")
    if raw is None:
        raise missing("transport")
    if not isinstance(raw, dict):
        raise BadRequest('The parameter "transport" was malformed: the value must be an object')
    method = raw.get("method")
    if method is None or method == "":
        raise missing("transport.method")
    if method == "websocket":
        return Transport("websocket", session_id=_text(raw, "session_id", "transport.session_id"))
    if method == "conduit":
        return Transport("conduit", conduit_id=_text(raw, "conduit_id", "transport.conduit_id"))
    if method != "webhook":
        raise BadRequest(INVALID_METHOD)
    callback = _text(raw, "callback", "transport.callback")
    secret = _text(raw, "secret", "transport.secret")
    if not MIN_SECRET <= len(secret) <= MAX_SECRET or not secret.isascii():
        raise BadRequest("The secret must be between 10 and 100 ASCII characters")
    parts = urlsplit(callback)
    try:
        port = parts.port
    except ValueError:
        port = -1
    host = parts.hostname or ""
    # Twitch wants HTTPS on 443; a callback on this machine may be plain http on any port
    secure = parts.scheme == "https" and port in (None, 443) and bool(host)
    if not secure and not (parts.scheme in ("http", "https") and _loopback(host) and port != -1):
        raise BadRequest("The callback must be an HTTPS URL on port 443")
    return Transport("webhook", callback=callback, secret=secret)


def _authorizing_user(
    ctx: Ctx, found: TypeSpec, version: str, condition: dict[str, str], transport: Transport, token: Token
) -> str | None:
    """The user whose grant authorizes the subscription (403 when it is missing)."""
    if found.app_client is not None:
        if not token.is_app or condition.get(found.app_client) != token.client_id:
            raise Forbidden(MISSING_AUTH)
        return None
    if not found.needs_authorization():
        return token.user_id
    user = condition[found.authorizer or B]
    groups = found.scope_groups_for(version)
    if transport.method == "websocket":
        if user != token.user_id or not has_groups(token.scopes, groups):
            raise Forbidden(MISSING_AUTH)
    else:
        if not granted(ctx.services, token.client_id, user, groups):
            raise Forbidden(MISSING_AUTH)
        if found.chat and not chat_bot_allowed(ctx.services, token.client_id, condition):
            raise Forbidden(MISSING_AUTH)
    if found.mod and user != condition.get(B):
        from twitch_mock.domain import moderators

        if not moderators.is_moderator(ctx.conn, condition[B], condition[M]):
            raise Forbidden(MISSING_AUTH)
    return user


def _cost(ctx: Ctx, found: TypeSpec, condition: dict[str, str], token: Token, transport: Transport) -> int:
    if found.type not in FREE_TYPES:
        return 0
    named = set(condition.values())
    if transport.method == "websocket":
        return 0 if token.user_id in named else 1
    auth = ctx.store.auth
    return 0 if any(auth.has_authorized(token.client_id, u) for u in named) else 1


def _session(ctx: Ctx, transport: Transport, token: Token) -> Session:
    runtime = _runtime(ctx)
    session = runtime.websocket.live(transport.session_id or "")
    if session is None:
        raise BadRequest(NO_SESSION)
    user = token.user_id or ""
    if session.user_id is not None and (session.user_id, session.client_id) != (user, token.client_id):
        raise BadRequest(DIFFERENT_USERS)
    if store.count_session(ctx.conn, session.id) >= MAX_SUBSCRIPTIONS:
        raise TooManyRequests(TOO_MANY_ON_SESSION)
    held = store.session_users(ctx.conn, token.client_id, user) - {session.id}
    if len(held) >= MAX_WEBSOCKET_SESSIONS:
        raise TooManyRequests(TOO_MANY_SESSIONS)
    return session


def create_eventsub_subscription(ctx: Ctx) -> Data:
    fields = ctx.body.fields
    token = _token(ctx)
    found, version = _type(fields)
    condition = _condition(ctx, found, fields)
    transport = _transport(fields)
    if transport.method == "websocket" and found.webhook_only:
        raise BadRequest(INVALID_TYPE + " for the websocket transport")
    if transport.method == "conduit" and found.webhook_only:
        raise BadRequest(INVALID_TYPE + " for the conduit transport")
    if found.type == "drop.entitlement.grant" and fields.get("is_batching_enabled") is not True:
        raise BadRequest('The parameter "is_batching_enabled" must be true for drop.entitlement.grant')
    if transport.method == "websocket" and token.is_app:
        raise BadRequest("auth must use user access token to create websocket subscription")
    if transport.method != "websocket" and not token.is_app:
        raise BadRequest(f"auth must use app access token to create {transport.method} subscription")
    runtime = _runtime(ctx)
    exists = runtime.conduit_exists
    if transport.method == "conduit" and exists and not exists(token.client_id, transport.conduit_id or ""):
        raise BadRequest("The conduit does not exist or is not owned by this client")
    user = _authorizing_user(ctx, found, version, condition, transport, token)
    ws_user = token.user_id if transport.method == "websocket" else None
    existing = store.duplicate(ctx.conn, token.client_id, ws_user, found.type, version, condition)
    if existing is not None:
        raise Conflict(f"subscription already exists, id={existing.id}")
    session = _session(ctx, transport, token) if transport.method == "websocket" else None
    cost = _cost(ctx, found, condition, token, transport)
    total, total_cost = store.totals(ctx.conn, token.client_id, ws_user)
    maximum = MAX_TOTAL_COST[transport.method]
    if total_cost + cost > maximum:
        raise TooManyRequests(COST_EXCEEDED)
    now = ctx.services.now()
    sub = Subscription(
        n=0,
        id=ctx.ids.guid(),
        client_id=token.client_id,
        user_id=user,
        status=store.PENDING if transport.method == "webhook" else store.ENABLED,
        type=found.type,
        version=version,
        condition=condition,
        match_key=condition_key(found, condition),
        method=transport.method,
        session_id=transport.session_id,
        callback=transport.callback,
        secret=transport.secret,
        conduit_id=transport.conduit_id,
        connected_at=session.connected_at if session else None,
        created_at=now,
        cost=cost,
    )
    store.insert(ctx.conn, sub)
    if session is not None:
        runtime.websocket.bind(session, token.client_id, token.user_id or "")
    ctx.services.publish(SubscriptionCreated(sub.id))
    extra = {"total": total + 1, "total_cost": total_cost + cost, "max_total_cost": maximum}
    return Data([sub.to_json()], extra, status=202)


# --- Get / Delete ------------------------------------------------------------------------------


def get_eventsub_subscriptions(ctx: Ctx) -> Page:
    token = _token(ctx)
    ws_user = None if token.is_app else token.user_id
    given = [name for name in FILTERS if ctx.query.get(name) is not None]
    if len(given) > 1:
        raise BadRequest(ONE_FILTER)
    where, args = "", []
    if given:
        name = given[0]
        value = ctx.query.get(name) or ""
        if name == "status":
            if value not in store.STATUSES:
                raise BadRequest('The parameter "status" was malformed: the value must be a valid status')
            where, args = "status = ?", [value]
        elif name == "type":
            if spec(value) is None:
                raise BadRequest(
                    'The parameter "type" was malformed: the value must be a valid subscription type'
                )
            where, args = "type = ?", [value]
        elif name == "user_id":
            where = "EXISTS (SELECT 1 FROM json_each(condition) WHERE json_each.value = ?)"
            args = [value]
        elif name == "conduit_id":
            where, args = "conduit_id = ?", [value]
        else:
            where, args = "id = ?", [value]
    page = store.page(ctx.conn, ctx.window, token.client_id, ws_user, where, args)
    total, total_cost = store.totals(ctx.conn, token.client_id, ws_user)
    maximum = MAX_TOTAL_COST["websocket" if ws_user else "webhook"]
    rows: list[Any] = [sub.to_json() for sub in page.rows]
    shown = Slice(rows, page.first, page.last, page.more, page.backwards)
    return Page(shown, {"total": total, "total_cost": total_cost, "max_total_cost": maximum})


def delete_eventsub_subscription(ctx: Ctx) -> NoContent:
    token = _token(ctx)
    subscription_id = ctx.query.get("id")
    if not subscription_id:
        raise missing("id")
    sub = store.get(ctx.conn, subscription_id)
    mine = sub is not None and sub.client_id == token.client_id
    if sub is not None and mine:
        mine = (
            (sub.method == "websocket" and sub.user_id == token.user_id)
            if not token.is_app
            else sub.method != "websocket"
        )
    if sub is None or not mine:
        raise NotFound(NOT_FOUND)
    store.delete(ctx.conn, subscription_id)
    return NoContent()


ENDPOINTS = (
    Endpoint("POST", PATH, create_eventsub_subscription, auth=Auth.EITHER),
    Endpoint("GET", PATH, get_eventsub_subscriptions, auth=Auth.EITHER, first=(100, 100)),
    Endpoint("DELETE", PATH, delete_eventsub_subscription, auth=Auth.EITHER),
)

EVENTSUB = Api(
    name="eventsub",
    prefixes=("/helix", "/mock", ""),
    endpoints=ENDPOINTS,
    errors=ErrorStyle.HELIX,
    helix_auth=True,
    rate_limited=True,
)


# --- the WebSocket controls (/_mock/eventsub/...) ----------------------------------------------


RECONNECT_PENDING = "EventSub WebSocket session {} is already reconnecting: connect to its reconnect_url"


def _control_session(ctx: Ctx) -> Session:
    session_id = _param(ctx, "session_id")
    runtime = _runtime(ctx)
    if session_id:
        return runtime.websocket.named(str(session_id))
    sessions = runtime.websocket.connected()
    if not sessions:
        raise NotFound("No connected EventSub WebSocket session")
    return sessions[-1]


def _param(ctx: Ctx, name: str) -> Any:
    value = ctx.query.get(name)
    if value is None and ctx.request.body:
        value = ctx.body.fields.get(name)
    return value


def control_sessions(ctx: Ctx) -> Json:
    runtime = _runtime(ctx)
    found = [
        {
            "id": s.id,
            "connected_at": s.connected_at,
            "keepalive_timeout_seconds": s.keepalive,
            "client_id": s.client_id,
            "user_id": s.user_id,
            "keepalive_enabled": s.keepalive_enabled,
        }
        for s in runtime.websocket.connected()
    ]
    return Json({"data": found})


def control_reconnect(ctx: Ctx) -> Json:
    session = _control_session(ctx)
    if session.reconnect_id is not None:  # one `session_reconnect` per session, as on Twitch
        raise Conflict(RECONNECT_PENDING.format(session.id))
    url = _runtime(ctx).websocket.reconnect(session)
    return Json({"session_id": session.id, "reconnect_url": url})


def control_close(ctx: Ctx) -> Json:
    session = _control_session(ctx)
    reason = _param(ctx, "reason")
    try:
        code = int(reason) if reason is not None else 4000
    except (TypeError, ValueError):
        code = -1
    if code not in CLOSE_CODES:
        raise BadRequest('The parameter "reason" was malformed: a close code from 4000 to 4007')
    _runtime(ctx).websocket.close(session, code)
    return Json({"session_id": session.id, "code": code})


def control_subscription_status(ctx: Ctx) -> Json:
    subscription_id = _param(ctx, "id") or _param(ctx, "subscription_id")
    status = _param(ctx, "status")
    if not subscription_id:
        raise missing("id")
    if not status:
        raise missing("status")
    if status not in store.STATUSES:
        raise BadRequest('The parameter "status" was malformed: the value must be a valid status')
    if not _runtime(ctx).set_status(str(subscription_id), str(status)):
        raise NotFound(NOT_FOUND)
    return Json({"id": subscription_id, "status": status})


def control_keepalive(ctx: Ctx) -> Json:
    session = _control_session(ctx)
    enabled = _param(ctx, "enabled")
    on = enabled if isinstance(enabled, bool) else str(enabled).lower() not in ("false", "0", "no", "off")
    _runtime(ctx).websocket.set_keepalive(session, on)
    return Json({"session_id": session.id, "keepalive_enabled": on})


def control_forward(ctx: Ctx) -> Json:
    """`twitch-mock event trigger -T websocket`: a triggered event as a frame to every connected
    session, or to `session_id` (eventsub/forward.py)."""
    fields = ctx.body.fields
    kind = _text(fields, "type")
    version = _text(fields, "version")
    event = fields.get("event")
    if not isinstance(event, dict):
        raise missing("event") if event is None else BadRequest('The parameter "event" must be an object')
    status = fields.get("status") or store.ENABLED
    if status not in store.STATUSES:
        raise BadRequest('The parameter "status" was malformed: the value must be a valid status')
    flags = {name: fields.get(name) for name in ("subscription_id", "message_id", "timestamp")}
    for name, value in flags.items():
        if value is not None and not isinstance(value, str):
            raise BadRequest(f'The parameter "{name}" was malformed: the value must be a string')
    forward = Forward(kind, version, event, str(status), **flags)
    session_id = fields.get("session_id")
    return Json({"data": to_sessions(_runtime(ctx), forward, str(session_id) if session_id else None)})


CONTROL_ENDPOINTS = (
    Endpoint("GET", "/eventsub/sessions", control_sessions, auth=Auth.NONE),
    Endpoint("POST", "/eventsub/reconnect", control_reconnect, auth=Auth.NONE),
    Endpoint("POST", "/eventsub/close", control_close, auth=Auth.NONE),
    Endpoint("POST", "/eventsub/subscription", control_subscription_status, auth=Auth.NONE),
    Endpoint("POST", "/eventsub/keepalive", control_keepalive, auth=Auth.NONE),
    Endpoint("POST", "/eventsub/forward", control_forward, auth=Auth.NONE),
)

EVENTSUB_CONTROL = Api(name="eventsub-control", prefixes=("/_mock",), endpoints=CONTROL_ENDPOINTS)
