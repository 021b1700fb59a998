"""`twitch-mock token`: twitch-cli's `twitch token` (reference/twitch-cli-mock.md, section h;
dev.twitch.tv/docs/cli/token-command) pointed at the mock by default, or at any id.twitch.tv-shaped
service with `--auth-url` (the real one included).

Modes, in twitch-cli's precedence: revoke > validate > refresh > user token (`-u`, authorization
code flow through a local redirect server, or `--dcf`) > app token. Credentials come from the flags,
then the config file, then (mock only) the mock's `/units/clients`."""

from __future__ import annotations

import base64
import secrets
import time
import webbrowser
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

import click

from twitch_mock.commands import fail
from twitch_mock.commands.token_support import (
    Callback,
    Reply,
    TokenError,
    call,
    load_config,
    save_config,
    units_client,
)
from twitch_mock.settings import config_dir

DEFAULT_AUTH_URL = "http://localhost:8080/oauth2"
REAL_AUTH_URL = "https://id.twitch.tv/oauth2"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


class Session:
    """The resolved options of one run."""

    def __init__(self, auth_url: str, client_id: str | None, secret: str | None, overridden: bool) -> None:
        self.auth_url = auth_url.rstrip("/")
        self.client_id = client_id
        self.secret = secret
        self.overridden = overridden  # --client-id given: a refresh is not saved (twitch-cli)

    def need(self, secret: bool = True) -> str:
        if not self.client_id or (secret and not self.secret):
            raise TokenError(
                "No Client ID or Secret found: pass --client-id and --secret "
                f"(none saved for {self.auth_url}, and none found in the mock's /units/clients)"
            )
        return self.client_id

    def save(self, body: dict[str, Any]) -> None:
        expires_at = time.time() + int(body.get("expires_in") or 0)
        save_config(
            config_dir(),
            self.auth_url,
            {
                "access_token": body.get("access_token"),
                "refresh_token": body.get("refresh_token") or "",
                "scopes": body.get("scope") or [],
                "expires_at": int(expires_at),
            },
        )


def when(expires_in: int) -> str:
    return datetime.fromtimestamp(time.time() + expires_in, UTC).strftime("%a, %d %b %Y %H:%M:%S UTC")


def show(kind: str, body: dict[str, Any], refresh: bool = True) -> None:
    click.echo(f"{kind}: {body.get('access_token')}")
    if refresh:
        click.echo(f"Refresh Token: {body.get('refresh_token') or ''}")
    click.echo(f"Expires At: {when(int(body.get('expires_in') or 0))}")
    click.echo(f"Scopes: {body.get('scope') or []}")


def message_of(reply: Reply) -> str:
    return str(reply.json().get("message") or reply.text.strip() or f"HTTP {reply.status}")


def app_token(s: Session) -> None:
    params = {"grant_type": "client_credentials", "client_id": s.need(), "client_secret": s.secret}
    reply = call("POST", f"{s.auth_url}/token", params)
    if reply.status != 200:
        raise TokenError(f"API responded with an error while generating the app token: {message_of(reply)}")
    s.save(reply.json())
    click.echo("Successfully generated App Access Token.")
    show("App Access Token", reply.json(), refresh=False)


def revoke(s: Session, token: str) -> None:
    reply = call("POST", f"{s.auth_url}/revoke", {"client_id": s.need(secret=False), "token": token})
    if reply.status != 200:
        raise TokenError(f"API responded with an error while revoking token: [{reply.status}] {reply.text}")
    click.echo(f"Token {token} has been successfully revoked")


def validate(s: Session, token: str) -> None:
    reply = call("GET", f"{s.auth_url}/validate", headers={"Authorization": f"OAuth {token}"})
    body = reply.json()
    if reply.status != 200:
        raise TokenError(f"the token is not valid: {message_of(reply)}")
    user = body.get("user_id")
    click.echo(f"Client ID: {body.get('client_id')}")
    click.echo(f"Token Type: {'User Access Token' if user else 'App Access Token'}")
    if user:
        click.echo(f"User ID: {user}")
        click.echo(f"User Login: {body.get('login')}")
    expires_in = int(body.get("expires_in") or 0)
    click.echo(f"Expires In: {expires_in} ({when(expires_in)})")
    scopes = body.get("scopes") or []
    click.echo("Scopes:" + ("".join(f"\n- {scope}" for scope in scopes) if scopes else " None"))


def refresh(s: Session, refresh_token: str) -> None:
    params = {
        "grant_type": "refresh_token",
        "client_id": s.need(secret=False),
        "client_secret": s.secret,
        "refresh_token": refresh_token,
    }
    reply = call("POST", f"{s.auth_url}/token", params)
    if reply.status != 200:
        raise TokenError(f"Error with client while refreshing: [{reply.status} - `{reply.text.strip()}`]")
    if not s.overridden:
        s.save(reply.json())
    click.echo("Successfully refreshed Access Token.")
    show("Access Token", reply.json())


def authorization_url(s: Session, redirect: str, scopes: str, force: bool, state: str) -> str:
    query = {"response_type": "code", "client_id": s.need(), "redirect_uri": redirect}
    if scopes:
        query["scope"] = scopes
    query.update({"force_verify": "true" if force else "false", "state": state})
    return f"{s.auth_url}/authorize?" + urlencode(query)


def code_flow(s: Session, scopes: str, force: bool, ip: str, port: int, redirect_host: str) -> None:
    redirect = f"http://{redirect_host}:{port}"
    state = base64.urlsafe_b64encode(secrets.token_bytes(16)).rstrip(b"=").decode()
    url = authorization_url(s, redirect, scopes, force, state)
    with Callback(ip, port) as callback:
        click.echo(f"Open this URL to log in: {url}")
        probe = call("GET", url)  # with the mock's auto-approve this is already the redirect
        if probe.status in (301, 302, 303, 307) and (probe.location or "").startswith(redirect):
            callback.deliver(urlsplit(probe.location or "").query)
        elif probe.status >= 400:
            raise TokenError(f"the authorization request was refused: {message_of(probe)}")
        else:
            open_browser(url)
        click.echo("Waiting for authorization response ...")
        while not callback.arrived.wait(0.2):
            pass
    params = callback.params
    if params.get("error"):
        raise TokenError(f"Error! {params['error']} Error Details: {params.get('error_description', '')}")
    if params.get("state") != state:
        raise TokenError("Error processing request: state mismatch")
    exchange(s, redirect, params.get("code", ""))


def open_browser(url: str) -> None:
    click.echo("Opening browser. Press Ctrl+C to cancel...")
    try:
        opened = webbrowser.open(url)
    except Exception:
        opened = False
    if not opened:
        click.echo(f"Unable to open default browser. You can manually navigate to this URL: {url}")


def exchange(s: Session, redirect: str, code: str) -> None:
    params = {
        "grant_type": "authorization_code",
        "client_id": s.need(),
        "client_secret": s.secret,
        "redirect_uri": redirect,
        "code": code,
    }
    reply = call("POST", f"{s.auth_url}/token", params)
    if reply.status == 400 and "public" in message_of(reply).lower():
        raise TokenError(f"{message_of(reply)}. This client is Public: use `twitch-mock token -u --dcf`")
    if reply.status != 200:
        raise TokenError(f"API responded with an error while exchanging the code: {message_of(reply)}")
    finish(s, reply.json())


def finish(s: Session, body: dict[str, Any]) -> None:
    s.save(body)
    click.echo("Successfully generated User Access Token.")
    show("User Access Token", body)


def device_flow(s: Session, scopes: str) -> None:
    client_id = s.need(secret=False)
    reply = call("POST", f"{s.auth_url}/device", form={"client_id": client_id, "scopes": scopes})
    if reply.status != 200:
        raise TokenError(f"API responded with an error while starting the device flow: {message_of(reply)}")
    start = reply.json()
    interval, expires_in = int(start.get("interval", 5)), int(start.get("expires_in", 1800))
    click.echo("Started Device Code Flow login.")
    click.echo(f"Use this URL to log in: {start.get('verification_uri')}")
    click.echo(f"Use this code when prompted at the above URL: {start.get('user_code')}")
    click.echo(
        f"This system will check every {interval} seconds, and will expire after {expires_in // 60} minutes."
    )
    form = {
        "client_id": client_id,
        "scopes": scopes,
        "device_code": start.get("device_code"),
        "grant_type": DEVICE_GRANT,
    }
    deadline = time.monotonic() + expires_in
    while time.monotonic() < deadline:
        poll = call("POST", f"{s.auth_url}/token", form=form)
        if poll.status == 200:
            finish(s, poll.json())
            return
        time.sleep(interval)
    raise TokenError(
        "The Device Code used for getting access token has expired. "
        "Run token command again to generate a new user."
    )


def session(auth_url: str, client_id: str | None, secret: str | None, public: bool) -> Session:
    saved = load_config(config_dir(), auth_url.rstrip("/"))
    found_id = client_id or saved.get("client_id")
    found_secret = secret or saved.get("client_secret")
    if client_id or secret:
        save_config(
            config_dir(), auth_url.rstrip("/"), {"client_id": found_id, "client_secret": found_secret}
        )
    if not found_id and not auth_url.startswith(REAL_AUTH_URL):
        try:
            unit = units_client(auth_url, public)
        except TokenError:
            unit = None
        if unit:
            found_id, found_secret = unit["client_id"], unit["client_secret"]
    return Session(auth_url, found_id, found_secret, overridden=client_id is not None)


@click.command("token")
@click.option("-u", "--user-token", is_flag=True, help="A user token instead of an app token.")
@click.option("-s", "--scopes", default="", help="Space-separated scopes (user tokens only).")
@click.option("--forceverify", is_flag=True, help="Always show the consent page (force_verify=true).")
@click.option("-r", "--revoke", "revoke_token", default=None, help="Revoke this token.")
@click.option("-v", "--validate", "validate_token", default=None, help="Validate this token.")
@click.option("-R", "--refresh", "refresh_token", default=None, help="Refresh using this refresh token.")
@click.option("--client-id", default=None, help="Client id (overrides the saved one).")
@click.option("--secret", default=None, help="Client secret (overrides the saved one).")
@click.option("--ip", default="127.0.0.1", show_default=True, help="Address the local redirect server binds.")
@click.option(
    "-p", "--port", default=3000, show_default=True, type=click.IntRange(0, 65535), help="Its port."
)
@click.option("--redirect-host", default="localhost", show_default=True, help="Host in the redirect URL.")
@click.option("--dcf", is_flag=True, help="With -u: the device code flow instead of a local redirect.")
@click.option(
    "--auth-url", default=DEFAULT_AUTH_URL, show_default=True, help=f"Auth service, e.g. {REAL_AUTH_URL}."
)
def token_cmd(
    user_token: bool,
    scopes: str,
    forceverify: bool,
    revoke_token: str | None,
    validate_token: str | None,
    refresh_token: str | None,
    client_id: str | None,
    secret: str | None,
    ip: str,
    port: int,
    redirect_host: str,
    dcf: bool,
    auth_url: str,
) -> None:
    """Get, validate, refresh or revoke a token, as `twitch token` does, from the mock by default."""
    try:
        s = session(auth_url, client_id, secret, public=user_token and dcf)
        if revoke_token:
            revoke(s, revoke_token)
        elif validate_token:
            validate(s, validate_token)
        elif refresh_token:
            refresh(s, refresh_token)
        elif user_token and dcf:
            device_flow(s, scopes)
        elif user_token:
            code_flow(s, scopes, forceverify, ip, port, redirect_host)
        else:
            app_token(s)
    except TokenError as exc:
        fail(exc)
