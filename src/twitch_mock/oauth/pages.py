"""The mock's HTML pages (the stand-ins for twitch.tv's consent and device-activation screens),
rendered from `templates/*.html` with `string.Template`; every value is HTML-escaped here."""

from __future__ import annotations

import hashlib
import hmac
import html
import secrets
from collections.abc import Sequence
from importlib import resources
from string import Template

from twitch_mock.domain import users
from twitch_mock.domain.users import User
from twitch_mock.http.context import Ctx
from twitch_mock.http.results import Html

PICKER_LIMIT = 100  # users listed in the picker; anyone else can be typed in by login or id

# CSRF: each form carries `nonce.mac`, the MAC (a key of this process) over the nonce, the page's
# purpose and what the page asked for. Another site can neither read the page (HTML answers carry no
# CORS allowance) nor forge the token, so its cross-origin form POST is refused.
CSRF_FIELD = "csrf_token"
CSRF_REFUSED = "This form did not come from a page of this mock, or the page is stale: open it again."
_CSRF_KEY = secrets.token_bytes(32)


def template(name: str) -> Template:
    text = resources.files("twitch_mock.oauth").joinpath(f"templates/{name}.html").read_text("utf-8")
    return Template(text)


def page(title: str, name: str, status: int = 200, **values: str) -> Html:
    """The `name` fragment inside the layout. Values ending in `_html` are already markup."""
    safe = {k: v if k.endswith("_html") else html.escape(v) for k, v in values.items()}
    body = template(name).substitute(safe)
    return Html(template("layout").substitute(title=html.escape(title), body_html=body), status)


def message(title: str, text: str, status: int = 200) -> Html:
    return page(title, "message", status, heading=title, text=text)


def prefix_of(ctx: Ctx) -> str:
    """`/oauth2` or `/auth`: the namespace the page was reached through, for its form actions."""
    return "/" + ctx.request.path.strip("/").split("/", 1)[0]


def hidden_fields(fields: dict[str, str | None]) -> str:
    return "\n".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in fields.items()
        if v is not None
    )


def user_picker(ctx: Ctx) -> str:
    """The user select, the login/id field and the Authorize/Deny buttons, shared by both pages."""
    listed = users.find(ctx.conn, ids=users.ids(ctx.conn, PICKER_LIMIT))
    options = "\n".join(
        f'<option value="{html.escape(u.id)}">{html.escape(u.display_name)} ({html.escape(u.login)}, '
        f"{html.escape(u.id)})</option>"
        for u in listed
    )
    return template("picker").substitute(options_html=options)


def scope_items(scopes: Sequence[str]) -> str:
    if not scopes:
        return "<li><em>no scopes: only your public profile</em></li>"
    return "\n".join(f"<li><code>{html.escape(s)}</code></li>" for s in scopes)


def find_user(ctx: Ctx, text: str | None) -> User | None:
    """A user by id or by login (the picker sends ids; people type either)."""
    if not text:
        return None
    return users.by_id_or_login(ctx.conn, text.strip())


def chosen_user(ctx: Ctx) -> User | None:
    """The user a submitted page signs in as: a typed login/id wins over the picker."""
    typed = ctx.form.get("login")
    return find_user(ctx, typed if typed and typed.strip() else ctx.form.get("user_id"))


def _mac(purpose: str, nonce: str, parts: Sequence[str | None]) -> str:
    message = "\x1f".join([purpose, nonce, *("\x1e" if p is None else p for p in parts)])
    return hmac.new(_CSRF_KEY, message.encode(), hashlib.sha256).hexdigest()


def csrf_field(purpose: str, parts: Sequence[str | None] = ()) -> str:
    """The hidden input that binds a form to the page that showed it."""
    nonce = secrets.token_urlsafe(12)
    return hidden_fields({CSRF_FIELD: f"{nonce}.{_mac(purpose, nonce, parts)}"})


def csrf_ok(ctx: Ctx, purpose: str, parts: Sequence[str | None] = ()) -> bool:
    """Whether the submitted form carries a token this process made for the same page."""
    token = ctx.form.get(CSRF_FIELD) or ""
    nonce, _, mac = token.partition(".")
    return bool(nonce) and hmac.compare_digest(mac, _mac(purpose, nonce, parts))


def csrf_refused() -> Html:
    return message("Request refused", CSRF_REFUSED, 403)
