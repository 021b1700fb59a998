"""The id.twitch.tv endpoint table (dev.twitch.tv/docs/authentication): authorize + consent,
token, device + activation, validate, revoke, userinfo, keys and discovery, plus twitch-cli's
`user_token` shortcut, all served under `/oauth2` and `/auth` (discovery also at the root).
Parameters may come in the query string, a urlencoded body or a multipart body."""

from __future__ import annotations

from twitch_mock.core.errors import BadRequest, NotFound
from twitch_mock.core.scopes import parse_scopes, unknown_scopes
from twitch_mock.domain import authorizations, users
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Api, Auth, Endpoint, ErrorStyle
from twitch_mock.http.results import Empty, Json
from twitch_mock.oauth import device
from twitch_mock.oauth.authorize import authorize, consent
from twitch_mock.oauth.grants import token
from twitch_mock.oauth.oidc import access_token_of, discovery, keys, userinfo
from twitch_mock.oauth.tokens import expires_in, issue_user_token, user_token_body


def user_token_shortcut(ctx: Ctx) -> Json:
    """twitch-cli's `POST /auth/authorize?grant_type=user_token&client_id&client_secret&user_id&scope`:
    a user token minted directly (pyTwitchAPI's `mock_authenticate`). Messages are twitch-cli's."""
    form = ctx.form
    if form.get("grant_type") != "user_token" or not all(
        form.get(k) for k in ("client_id", "client_secret", "user_id")
    ):
        raise BadRequest("missing required parameter")
    scopes = parse_scopes(form.get("scope"))
    if unknown_scopes(scopes):
        raise BadRequest("Invalid scopes requested")
    client = ctx.store.auth.client(form.require("client_id"))
    if client is None or client.secret is None or client.secret != form.get("client_secret"):
        raise BadRequest("Client ID/Secret invalid")
    user_id = form.require("user_id")
    if not users.exists(ctx.conn, user_id):
        raise BadRequest("User ID invalid")
    authorizations.authorize(ctx.services, client.id, user_id)
    issued = issue_user_token(ctx.services, client.id, user_id, scopes)
    return Json(user_token_body(issued, ctx.clock.now()))


def validate(ctx: Ctx) -> Json:
    """GET /validate with `OAuth` (or `Bearer`): the token's facts and its real remaining lifetime.
    App tokens have no `login`/`user_id` keys; `scopes` is null when the token has none."""
    found = access_token_of(ctx)
    body: dict[str, object] = {"client_id": found.client_id}
    if found.user_id is not None:
        user = users.get(ctx.conn, found.user_id)
        body["login"] = user.login if user else ""
    body["scopes"] = list(found.scopes) or None
    if found.user_id is not None:
        body["user_id"] = found.user_id
    body["expires_in"] = expires_in(found, ctx.clock.now())
    return Json(body)


def revoke(ctx: Ctx) -> Empty:
    """POST /revoke with `client_id` and `token`: 200 with an empty body. An access token dies
    alone (its refresh token keeps working); a refresh token given here dies too."""
    client_id = ctx.form.get("client_id")
    if client_id is None:
        raise BadRequest("missing client id")
    if ctx.store.auth.client(client_id) is None:
        raise NotFound("client does not exist")
    raw = ctx.form.get("token")
    if raw is None:
        raise BadRequest("missing oauth token")
    access = ctx.store.auth.token(raw)
    if access is not None and access.client_id == client_id and access.expires_at > ctx.clock.now():
        ctx.store.auth.delete_token(raw)
        return Empty()
    refresh = ctx.store.auth.refresh_token(raw)
    if refresh is not None and refresh.client_id == client_id:
        ctx.store.auth.delete_refresh_token(raw)
        return Empty()
    raise BadRequest("Invalid token")


DISCOVERY = "/.well-known/openid-configuration"

ENDPOINTS = (
    Endpoint("GET", "/authorize", authorize, auth=Auth.NONE),
    Endpoint("POST", "/authorize", user_token_shortcut, auth=Auth.NONE),
    Endpoint("POST", "/consent", consent, auth=Auth.NONE),
    Endpoint("POST", "/token", token, auth=Auth.NONE),
    Endpoint("POST", "/device", device.start, auth=Auth.NONE),
    Endpoint("GET", "/activate", device.activation_page, auth=Auth.NONE),
    Endpoint("POST", "/activate", device.activate, auth=Auth.NONE),
    Endpoint("GET", "/validate", validate, auth=Auth.NONE),
    Endpoint("POST", "/revoke", revoke, auth=Auth.NONE),
    Endpoint("GET", "/userinfo", userinfo, auth=Auth.NONE),
    Endpoint("GET", "/keys", keys, auth=Auth.NONE),
    Endpoint("GET", DISCOVERY, discovery, auth=Auth.NONE),
)

OAUTH = Api(name="oauth", prefixes=("/oauth2", "/auth"), endpoints=ENDPOINTS, errors=ErrorStyle.OAUTH)

# OIDC discovery at the server root too (the dispatcher matches an empty prefix by exact path only).
OIDC_ROOT = Api(
    name="oidc-root",
    prefixes=("",),
    endpoints=(Endpoint("GET", DISCOVERY, discovery, auth=Auth.NONE),),
    errors=ErrorStyle.OAUTH,
)
