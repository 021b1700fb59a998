"""`GET /oauth2/authorize` and its consent page (dev.twitch.tv/docs/authentication/getting-tokens-oauth/
#authorization-code-grant-flow, #implicit-grant-flow, and getting-tokens-oidc).

The client and an exact registered `redirect_uri` are checked first: without them the answer is a
JSON error page, and a redirect_uri that is not registered sends the browser to the client's first
registered URI with `error=redirect_mismatch`. Every later error, and a denial, is redirected with
`error` and `error_description` in the query (even for implicit flows), as Twitch does. Success puts
a code in the query, or tokens in the fragment.

Mock-only: `mock_login=<login or id>` on the URL, or the `auto_approve` setting, approves as that
user in one redirect (headless tests); otherwise a consent page lets a person pick a user."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

from twitch_mock.core.errors import BadRequest
from twitch_mock.core.scopes import join_scopes, parse_scopes, unknown_scopes
from twitch_mock.domain import authorizations
from twitch_mock.domain.users import User
from twitch_mock.http.context import Ctx
from twitch_mock.http.results import Html, Redirect
from twitch_mock.oauth.oidc import OPENID, Grant, id_token, issuer, valid_claims_json
from twitch_mock.oauth.pages import (
    chosen_user,
    csrf_field,
    csrf_ok,
    csrf_refused,
    find_user,
    hidden_fields,
    page,
    prefix_of,
    scope_items,
    user_picker,
)
from twitch_mock.oauth.tokens import issue_user_token
from twitch_mock.store.auth import AuthCode, Client

MOCK_LOGIN = "mock_login"
MISMATCH = "Parameter redirect_uri does not match registered URI"
RESPONSE_TYPES = frozenset(
    frozenset(t.split()) for t in ("code", "token", "id_token", "token id_token", "code id_token")
)
DENIED = "The user denied you access"
CONSENT = "consent"  # the CSRF token's purpose


class Refused(Exception):
    """An authorize error that goes back to the client as a redirect."""

    def __init__(self, redirect: Redirect) -> None:
        super().__init__(redirect.location)
        self.redirect = redirect


@dataclass(frozen=True, slots=True)
class AuthRequest:
    client: Client
    redirect_uri: str
    response_type: str
    scopes: tuple[str, ...]
    state: str | None
    nonce: str | None
    claims: str | None

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self.response_type.split())

    def fields(self) -> dict[str, str | None]:
        """The request as the consent form's hidden fields."""
        return {
            "client_id": self.client.id,
            "redirect_uri": self.redirect_uri,
            "response_type": self.response_type,
            "scope": join_scopes(self.scopes),
            "state": self.state,
            "nonce": self.nonce,
            "claims": self.claims,
        }


def with_params(uri: str, params: dict[str, str | None], fragment: bool = False) -> str:
    """`uri` with `params` added to its query (kept) or put in its fragment."""
    encoded = urlencode({k: v for k, v in params.items() if v is not None})
    scheme, netloc, path, query, frag = urlsplit(uri)
    if fragment:
        return urlunsplit((scheme, netloc, path, query, encoded))
    return urlunsplit((scheme, netloc, path, f"{query}&{encoded}" if query else encoded, frag))


def refuse(uri: str, error: str, description: str, state: str | None) -> Refused:
    params = {"error": error, "error_description": description, "state": state}
    return Refused(Redirect(with_params(uri, params)))


def parse_request(ctx: Ctx) -> AuthRequest:
    """The validated authorization request (BadRequest for JSON errors, Refused for redirects)."""
    form = ctx.form
    client_id = form.get("client_id")
    if client_id is None:
        raise BadRequest("missing client id")
    client = ctx.store.auth.client(client_id)
    if client is None:
        raise BadRequest("invalid client")
    state = form.get("state")
    redirect_uri = form.get("redirect_uri")
    if redirect_uri is None or redirect_uri not in client.redirect_uris:
        if not client.redirect_uris:
            raise BadRequest(MISMATCH)
        raise refuse(client.redirect_uris[0], "redirect_mismatch", MISMATCH, state)
    response_type = " ".join((form.get("response_type") or "").split())
    scopes = parse_scopes(form.get("scope"))
    if frozenset(response_type.split()) not in RESPONSE_TYPES or (
        "id_token" in response_type and OPENID not in scopes
    ):
        raise refuse(redirect_uri, "unsupported_response_type", "Response type is not supported", state)
    if client.is_public:
        raise refuse(
            redirect_uri, "unauthorized_client", "Public clients may only use the device code flow", state
        )
    bad = unknown_scopes(scopes)
    if bad:
        raise refuse(redirect_uri, "invalid_scope", f"invalid scope requested: '{bad[0]}'", state)
    claims = form.get("claims")
    if not valid_claims_json(claims):
        raise refuse(redirect_uri, "invalid_request", "Parameter claims is not valid JSON", state)
    return AuthRequest(client, redirect_uri, response_type, tuple(scopes), state, form.get("nonce"), claims)


def approve(ctx: Ctx, req: AuthRequest, user: User) -> Redirect:
    """Finish the flow as `user`: a code in the query, or tokens in the fragment. The user has
    authorized the client (`user.authorization.grant` the first time)."""
    authorizations.authorize(ctx.services, req.client.id, user.id)
    if req.kinds == {"code"}:
        return Redirect(with_params(req.redirect_uri, {"code": new_code(ctx, req, user), **_scope(req)}))
    out: dict[str, str | None] = {}
    if "code" in req.kinds:
        out["code"] = new_code(ctx, req, user)
    access: str | None = None
    if "token" in req.kinds:
        lifetime = ctx.settings.lifetimes.implicit_token
        issued = issue_user_token(
            ctx.services, req.client.id, user.id, req.scopes, refreshable=False, lifetime=lifetime
        )
        access = out["access_token"] = issued.access.token
        if req.claims and issued.access.grant_id:
            ctx.store.auth.set_grant_claims(issued.access.grant_id, req.claims)
    if "id_token" in req.kinds:
        grant = Grant(req.client.id, user.id, req.scopes)
        out["id_token"] = id_token(
            ctx.services, issuer(ctx), grant, nonce=req.nonce, claims_json=req.claims, access_token=access
        )
    out.update(_scope(req))
    if access:
        out["token_type"] = "bearer"
    return Redirect(with_params(req.redirect_uri, out, fragment=True))


def _scope(req: AuthRequest) -> dict[str, str | None]:
    return {"scope": join_scopes(req.scopes), "state": req.state}


def new_code(ctx: Ctx, req: AuthRequest, user: User) -> str:
    now = ctx.clock.now()
    code = AuthCode(
        code=ctx.ids.secret(30),
        client_id=req.client.id,
        user_id=user.id,
        redirect_uri=req.redirect_uri,
        scopes=req.scopes,
        nonce=req.nonce,
        claims=req.claims,
        issued_at=now,
        expires_at=now + ctx.settings.lifetimes.auth_code,
    )
    ctx.store.auth.add_auth_code(code)
    return code.code


def auto_approver(ctx: Ctx) -> User | None:
    """The user named by `mock_login`, else by the auto_approve setting; None shows the page."""
    name = ctx.query.get(MOCK_LOGIN) or ctx.settings.auto_approve
    if name is None:
        return None
    user = find_user(ctx, name)
    if user is None:
        raise BadRequest(f"{MOCK_LOGIN} / auto-approve names no user: {name}")
    return user


def authorize(ctx: Ctx) -> Redirect | Html:
    """GET /authorize. `force_verify` is accepted; the mock keeps no sign-in session, so the page
    shows every time unless auto-approve applies (which wins, so headless runs never stop)."""
    try:
        req = parse_request(ctx)
        user = auto_approver(ctx)
        if user is None:
            return consent_page(ctx, req)
        with ctx.store.transaction():
            return approve(ctx, req, user)
    except Refused as refused:
        return refused.redirect


def consent_page(ctx: Ctx, req: AuthRequest) -> Html:
    return page(
        "Authorize",
        "consent",
        client_name=req.client.name,
        scopes_html=scope_items(req.scopes),
        action=prefix_of(ctx) + "/consent",
        hidden_html=hidden_fields(req.fields()) + "\n" + csrf_field(CONSENT, list(req.fields().values())),
        picker_html=user_picker(ctx),
        redirect_uri=req.redirect_uri,
    )


def consent(ctx: Ctx) -> Redirect | Html:
    """POST /consent: the consent form's Authorize or Deny."""
    try:
        req = parse_request(ctx)
    except Refused as refused:
        return refused.redirect
    if not csrf_ok(ctx, CONSENT, list(req.fields().values())):
        return csrf_refused()
    if ctx.form.get("decision") != "authorize":
        return refuse(req.redirect_uri, "access_denied", DENIED, req.state).redirect
    user = chosen_user(ctx)
    if user is None:
        raise BadRequest("no such user: pick one from the list or type an existing login or id")
    return approve(ctx, req, user)
