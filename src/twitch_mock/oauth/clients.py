"""Client authentication at the token endpoint: client_secret_post only, with id.twitch.tv's
messages for each failure."""

from __future__ import annotations

from twitch_mock.core.errors import BadRequest, Forbidden
from twitch_mock.http.context import Ctx
from twitch_mock.store.auth import Client


def find_client(ctx: Ctx) -> Client:
    client_id = ctx.form.get("client_id")
    if client_id is None:
        raise BadRequest("missing client id")
    client = ctx.store.auth.client(client_id)
    if client is None:
        raise BadRequest("invalid client")
    return client


def confidential_client(ctx: Ctx) -> Client:
    """The client, which must send its secret."""
    client = find_client(ctx)
    secret = ctx.form.get("client_secret")
    if client.is_public or client.secret is None:
        raise BadRequest("invalid client: public clients may only use the device code flow")
    if secret is None:
        raise BadRequest("missing client secret")
    if secret != client.secret:
        raise Forbidden("invalid client secret")
    return client
