"""The device code flow's first half (dev.twitch.tv/docs/authentication/getting-tokens-oauth/
#device-code-grant-flow): `POST /oauth2/device`, and the mock's stand-in for twitch.tv/activate,
where a person enters the code, picks a user and approves or denies. Polling is in grants.py.

`verification_uri` points at this mock's own activation page, in the form a real 2025 capture shows
(`…/activate?device-code=<user_code>`, no `public=true`). With the auto_approve setting the code is
approved at once, so headless device-flow clients finish on their first poll; `mock_login` on the
activation page approves without the form."""

from __future__ import annotations

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import authorizations
from twitch_mock.domain.users import User
from twitch_mock.http.context import Ctx
from twitch_mock.http.results import Html, Json
from twitch_mock.oauth.authorize import MOCK_LOGIN
from twitch_mock.oauth.clients import find_client
from twitch_mock.oauth.grants import requested_scopes
from twitch_mock.oauth.pages import (
    chosen_user,
    csrf_field,
    csrf_ok,
    csrf_refused,
    find_user,
    message,
    page,
    prefix_of,
    user_picker,
)
from twitch_mock.store.auth import DeviceCode

INTERVAL = 5
ACTIVATE = "activate"  # the CSRF token's purpose


def start(ctx: Ctx) -> Json:
    """POST /device with `client_id` and optional `scopes` (plural; `scope` is tolerated)."""
    client = find_client(ctx)
    scopes = requested_scopes(ctx, "scopes" if ctx.form.get("scopes") is not None else "scope")
    now = ctx.clock.now()
    user_code = ctx.ids.upper(8)
    while ctx.store.auth.device_code(user_code=user_code) is not None:
        user_code = ctx.ids.upper(8)
    code = DeviceCode(
        ctx.ids.mixed(40), user_code, client.id, tuple(scopes), now, now + ctx.settings.lifetimes.device_code
    )
    ctx.store.auth.add_device_code(code)
    if ctx.settings.auto_approve:
        user = find_user(ctx, ctx.settings.auto_approve)
        if user is None:
            raise BadRequest(f"auto-approve names no user: {ctx.settings.auto_approve}")
        ctx.store.auth.set_device_status(code.device_code, "approved", user.id)
    uri = f"{ctx.request.origin}{prefix_of(ctx)}/activate?device-code={user_code}"
    return Json(
        {
            "device_code": code.device_code,
            "expires_in": int(code.expires_at - now),
            "interval": INTERVAL,
            "user_code": user_code,
            "verification_uri": uri,
        }
    )


def activation_form(ctx: Ctx, user_code: str = "", error: str = "", status: int = 200) -> Html:
    return page(
        "Activate",
        "activate",
        status,
        error=error,
        action=prefix_of(ctx) + "/activate",
        user_code=user_code,
        csrf_html=csrf_field(ACTIVATE),
        picker_html=user_picker(ctx),
    )


def activation_page(ctx: Ctx) -> Html:
    """GET /activate[?device-code=ABCDEFGH][&mock_login=<login or id>]."""
    user_code = ctx.query.get("device-code", "") or ""
    name = ctx.query.get(MOCK_LOGIN)
    if name is None or not user_code:
        return activation_form(ctx, user_code)
    user = find_user(ctx, name)
    if user is None:
        return activation_form(ctx, user_code, f"No user {name}.", 400)
    with ctx.store.transaction():
        return decide(ctx, user_code, user, approve=True)


def activate(ctx: Ctx) -> Html:
    """POST /activate: the activation form's Authorize or Deny."""
    if not csrf_ok(ctx, ACTIVATE):
        return csrf_refused()
    user_code = (ctx.form.get("user_code") or "").strip().upper()
    user = chosen_user(ctx)
    if user is None:
        return activation_form(ctx, user_code, "Pick a user or type an existing login or id.", 400)
    return decide(ctx, user_code, user, approve=ctx.form.get("decision") == "authorize")


def decide(ctx: Ctx, user_code: str, user: User, approve: bool) -> Html:
    found = ctx.store.auth.device_code(user_code=user_code)
    if found is None or found.status != "pending" or found.expires_at <= ctx.clock.now():
        return activation_form(ctx, user_code, "That code is invalid, expired or already used.", 400)
    ctx.store.auth.set_device_status(found.device_code, "approved" if approve else "denied", user.id)
    if approve:
        authorizations.authorize(ctx.services, found.client_id, user.id)
    client = ctx.store.auth.client(found.client_id)
    app = client.name if client else found.client_id
    if approve:
        return message("Device connected", f"{app} can now act as {user.display_name}.")
    return message("Access denied", f"{app} was not given access.")
