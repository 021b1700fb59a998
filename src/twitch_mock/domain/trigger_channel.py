"""Triggers of the channel and its stream (`twitch-mock event trigger`, domain/triggers.py): going
live and offline, channel and user updates, Shield Mode, shoutouts, ad breaks, drops, and an
app's authorization granted or revoked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import (
    authorizations,
    channels,
    chat_notices,
    commercials,
    entitlements,
    shield_mode,
    streams,
    users,
)
from twitch_mock.domain.services import Services
from twitch_mock.domain.trigger_flags import Handler, Trigger, live, viewer_id


def _stream_up(s: Services, t: Trigger) -> None:
    streams.create_stream(s, t.broadcaster, title=t.description, game_id=t.game_id or t.item_id)


def _stream_down(s: Services, t: Trigger) -> None:
    live(s, t.broadcaster)
    streams.end_stream(s, t.broadcaster)


def _channel_update(s: Services, t: Trigger) -> None:
    title = t.description or f"Mock title {s.ids.between(1000, 9999)}"
    channels.modify(s, t.broadcaster, channels.ChannelChanges(title=title, game_id=t.game_id or t.item_id))


def _user_update(s: Services, t: Trigger) -> None:
    user = t.viewer or t.broadcaster
    users.update_description(s, user, t.description or f"Updated {s.now()}")


def _shield(s: Services, t: Trigger, active: bool) -> None:
    if active and shield_mode.status(s.conn, t.broadcaster).is_active:
        shield_mode.update(s, t.broadcaster, t.broadcaster, False)
    if not active and not shield_mode.status(s.conn, t.broadcaster).is_active:
        shield_mode.update(s, t.broadcaster, t.broadcaster, True)
    shield_mode.update(s, t.broadcaster, t.broadcaster, active)


def _shoutout(s: Services, t: Trigger, outgoing: bool) -> None:
    other = viewer_id(s, t)
    sender, receiver = (t.broadcaster, other) if outgoing else (other, t.broadcaster)
    live(s, sender)
    chat_notices.send_shoutout(s, sender, receiver, sender)


def _ad_break(s: Services, t: Trigger) -> None:
    live(s, t.broadcaster)
    commercials.start(s, t.broadcaster, t.cost or 30)


def _drop(s: Services, t: Trigger) -> None:
    game = t.game_id or t.item_id
    if game is None:
        row = s.conn.execute("SELECT id FROM categories ORDER BY id LIMIT 1").fetchone()
        if row is None:
            raise BadRequest('No category to grant a drop in; give "game_id"')
        game = str(row[0])
    entitlements.grant(s, viewer_id(s, t), game)


def _client(s: Services, t: Trigger) -> str:
    if t.client_id is not None:
        if s.store.auth.client(t.client_id) is None:
            raise BadRequest(f"No client has the id {t.client_id}")
        return t.client_id
    found = next((c for c in s.store.auth.clients() if not c.is_public), None)
    if found is None:
        raise BadRequest('No client is registered; give "client_id"')
    return found.id


def _grant(s: Services, t: Trigger) -> None:
    client, viewer = _client(s, t), viewer_id(s, t)
    if authorizations.is_authorized(s, client, viewer):
        authorizations.disconnect(s, viewer, client)
    authorizations.authorize(s, client, viewer)


def _revoke(s: Services, t: Trigger) -> None:
    client, viewer = _client(s, t), viewer_id(s, t)
    authorizations.authorize(s, client, viewer)
    authorizations.disconnect(s, viewer, client)


def _unsupported(s: Services, t: Trigger) -> None:
    raise BadRequest("extension.bits_transaction.create is not simulated: the mock has no extensions")


KINDS: Final[Mapping[str, tuple[str, Handler]]] = {
    "shield-mode-begin": ("channel.shield_mode.begin", lambda s, t: _shield(s, t, True)),
    "shield-mode-end": ("channel.shield_mode.end", lambda s, t: _shield(s, t, False)),
    "shoutout-create": ("channel.shoutout.create", lambda s, t: _shoutout(s, t, True)),
    "shoutout-received": ("channel.shoutout.receive", lambda s, t: _shoutout(s, t, False)),
    "stream-change": ("channel.update", _channel_update),
    "streamup": ("stream.online", _stream_up),
    "streamdown": ("stream.offline", _stream_down),
    "user-update": ("user.update", _user_update),
    "ad-break-begin": ("channel.ad_break.begin", _ad_break),
    "drop": ("drop.entitlement.grant", _drop),
    "grant": ("user.authorization.grant", _grant),
    "revoke": ("user.authorization.revoke", _revoke),
    "transaction": ("extension.bits_transaction.create", _unsupported),
}
