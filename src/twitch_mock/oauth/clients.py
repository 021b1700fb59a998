"""Clients (registered applications, dev.twitch.tv/docs/authentication/register-app): registering
one, and client authentication at the token endpoint: client_secret_post only, with id.twitch.tv's
messages for each failure. Public clients have no secret and may only use the device code flow."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from twitch_mock.core.clock import rfc3339
from twitch_mock.core.errors import BadRequest, Conflict, Forbidden
from twitch_mock.domain.services import Services
from twitch_mock.http.context import Ctx
from twitch_mock.store.auth import Client

PUBLIC_ONLY = "invalid client: public clients may only use the device code flow"


def register_client(
    services: Services,
    name: str,
    redirect_uris: Sequence[str] = (),
    public: bool = False,
    *,
    client_id: str | None = None,
    secret: str | None = None,
) -> Client:
    """Create a client with a 30-character id (and secret, unless public), like Twitch's, or with
    the id and secret given. Redirect URIs must be absolute http(s) URLs. Bad input is a 400, a
    taken id a 409. The one way clients are registered: the CLI, the control API and MockTwitch."""
    if not name.strip():
        raise BadRequest('Missing required parameter "name"')
    for uri in redirect_uris:
        parts = urlsplit(uri)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise BadRequest(f'The value of "redirect_uris" must be absolute http(s) URLs, not {uri!r}')
    if public and secret:
        raise BadRequest("A public client has no secret")
    client_id = client_id or services.ids.secret(30)
    if services.store.auth.client(client_id) is not None:
        raise Conflict(f"A client with id {client_id} already exists")
    client = Client(
        id=client_id,
        secret=None if public else secret or services.ids.secret(30),
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
