"""Clients (registered applications, dev.twitch.tv/docs/authentication/register-app): registering
one, and client authentication at the token endpoint: client_secret_post only, with id.twitch.tv's
messages for each failure. Public clients have no secret and may only use the device code flow."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from twitch_mock.core.clock import rfc3339
from twitch_mock.core.errors import BadRequest, Forbidden
from twitch_mock.http.context import Ctx, Services
from twitch_mock.store.auth import Client

PUBLIC_ONLY = "invalid client: public clients may only use the device code flow"


def register_client(
    services: Services, name: str, redirect_uris: Sequence[str] = (), public: bool = False
) -> Client:
    """Create a client with a 30-character id (and secret, unless public), like Twitch's.
    Redirect URIs must be absolute http(s) URLs; ValueError otherwise."""
    for uri in redirect_uris:
        parts = urlsplit(uri)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"not an absolute http(s) redirect URI: {uri!r}")
    if not name.strip():
        raise ValueError("a client needs a name")
    client = Client(
        id=services.ids.secret(30),
        secret=None if public else services.ids.secret(30),
        name=name.strip(),
        is_public=public,
        is_extension=False,
        created_at=rfc3339(services.clock.now()),
        redirect_uris=tuple(dict.fromkeys(redirect_uris)),
    )
    with services.store.transaction():
        services.store.auth.add_client(client)
    return client


def find_client(ctx: Ctx) -> Client:
    client_id = ctx.form.get("client_id")
    if client_id is None:
        raise BadRequest("missing client id")
    client = ctx.store.auth.client(client_id)
    if client is None:
        raise BadRequest("invalid client")
    return client


def client_with_secret(ctx: Ctx, client: Client) -> Client:
    """`client`, which must be confidential and send its secret."""
    if client.is_public or client.secret is None:
        raise BadRequest(PUBLIC_ONLY)
    secret = ctx.form.get("client_secret")
    if secret is None:
        raise BadRequest("missing client secret")
    if secret != client.secret:
        raise Forbidden("invalid client secret")
    return client


def confidential_client(ctx: Ctx) -> Client:
    """The client, which must send its secret."""
    return client_with_secret(ctx, find_client(ctx))
