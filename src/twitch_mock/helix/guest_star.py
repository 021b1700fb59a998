"""Helix Guest Star family (dev.twitch.tv/docs/api/reference/#get-channel-guest-star-settings,
BETA): channel settings, sessions, invites, slots and slot settings, on domain/guest_star*.py. Get
Guest Star Session is also for the session's guests ("Guests must be either invited or assigned a
slot within the session"): `moderator_id` is the token's user (401), a moderator or a guest (403).
Everything is in the query, as Twitch's examples send it; Update Channel Guest Star Settings also
takes its settings as a JSON body (the reference's schema), the body winning."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.core.errors import Forbidden
from twitch_mock.domain import guest_star, guest_star_rows, guest_star_settings, guest_star_slots, moderators
from twitch_mock.domain.guest_star_rows import SlotChanges
from twitch_mock.domain.guest_star_settings import SettingsChanges
from twitch_mock.http.body import parse, rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.policies import Moderator
from twitch_mock.http.results import Data, NoContent

READ = (
    "channel:read:guest_star",
    "channel:manage:guest_star",
    "moderator:read:guest_star",
    "moderator:manage:guest_star",
)
MANAGE = ("channel:manage:guest_star", "moderator:manage:guest_star")
HOST = ("channel:manage:guest_star",)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelQuery:
    broadcaster_id: str = rule(not_empty=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class SettingsBody:
    is_moderator_send_live_enabled: bool | None = None
    slot_count: int | None = None
    is_browser_source_audio_enabled: bool | None = None
    group_layout: str | None = None
    regenerate_browser_sources: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionQuery:
    broadcaster_id: str = rule(not_empty=True)
    session_id: str = rule(not_empty=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class GuestQuery:
    broadcaster_id: str = rule(not_empty=True)
    session_id: str = rule(not_empty=True)
    guest_id: str = rule(not_empty=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class SlotQuery:
    broadcaster_id: str = rule(not_empty=True)
    session_id: str = rule(not_empty=True)
    guest_id: str = rule(not_empty=True)
    slot_id: str = rule(not_empty=True)
    should_reinvite_guest: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class MoveQuery:
    broadcaster_id: str = rule(not_empty=True)
    session_id: str = rule(not_empty=True)
    source_slot_id: str = rule(not_empty=True)
    destination_slot_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SlotSettingsQuery:
    broadcaster_id: str = rule(not_empty=True)
    session_id: str = rule(not_empty=True)
    slot_id: str = rule(not_empty=True)
    is_audio_enabled: bool | None = None
    is_video_enabled: bool | None = None
    is_live: bool | None = None
    volume: int | None = None


def _moderator(ctx: Ctx) -> str:
    """The moderator_id (the Moderator policy made sure it is the token's user)."""
    return ctx.user_id


def get_channel_guest_star_settings(ctx: Ctx) -> Data:
    query = ctx.parse_query(ChannelQuery)
    return Data([guest_star_settings.settings(ctx.services, query.broadcaster_id)])


def update_channel_guest_star_settings(ctx: Ctx) -> NoContent:
    query = ctx.parse_query(ChannelQuery)
    sent = {name: ctx.query.get(name) for name in SettingsBody.__dataclass_fields__}
    if ctx.request.body.strip():
        sent |= {k: v for k, v in ctx.body.fields.items() if v is not None}
    body = parse(SettingsBody, sent)
    changes = SettingsChanges(
        body.is_moderator_send_live_enabled,
        body.slot_count,
        body.is_browser_source_audio_enabled,
        body.group_layout,
        body.regenerate_browser_sources,
    )
    guest_star_settings.update_settings(ctx.services, query.broadcaster_id, changes)
    return NoContent()


def get_guest_star_session(ctx: Ctx) -> Data:
    query = ctx.parse_query(ChannelQuery)
    caster, user = query.broadcaster_id, ctx.user_id  # the owner check made moderator_id the token's
    if not (
        moderators.is_moderator(ctx.conn, caster, user) or guest_star_rows.is_guest(ctx.conn, caster, user)
    ):
        raise Forbidden("The user in moderator_id is not one of the broadcaster's moderators")
    return Data(guest_star_rows.active_session(ctx.conn, caster))


def create_guest_star_session(ctx: Ctx) -> Data:
    query = ctx.parse_query(ChannelQuery)
    return Data([guest_star.create_session(ctx.services, query.broadcaster_id)])


def end_guest_star_session(ctx: Ctx) -> Data:
    query = ctx.parse_query(SessionQuery)
    return Data([guest_star.end_session(ctx.services, query.broadcaster_id, query.session_id)])


def get_guest_star_invites(ctx: Ctx) -> Data:
    query = ctx.parse_query(SessionQuery)
    return Data(guest_star_slots.invites(ctx.conn, query.broadcaster_id, query.session_id))


def send_guest_star_invite(ctx: Ctx) -> NoContent:
    q = ctx.parse_query(GuestQuery)
    guest_star_slots.send_invite(ctx.services, q.broadcaster_id, _moderator(ctx), q.session_id, q.guest_id)
    return NoContent()


def delete_guest_star_invite(ctx: Ctx) -> NoContent:
    q = ctx.parse_query(GuestQuery)
    guest_star_slots.delete_invite(ctx.services, q.broadcaster_id, _moderator(ctx), q.session_id, q.guest_id)
    return NoContent()


def assign_guest_star_slot(ctx: Ctx) -> NoContent:
    q = ctx.parse_query(SlotQuery)
    guest_star_slots.assign_slot(
        ctx.services, q.broadcaster_id, _moderator(ctx), q.session_id, q.guest_id, q.slot_id
    )
    return NoContent()


def update_guest_star_slot(ctx: Ctx) -> NoContent:
    q = ctx.parse_query(MoveQuery)
    guest_star_slots.move_slot(
        ctx.services, q.broadcaster_id, _moderator(ctx), q.session_id, q.source_slot_id, q.destination_slot_id
    )
    return NoContent()


def delete_guest_star_slot(ctx: Ctx) -> NoContent:
    q = ctx.parse_query(SlotQuery)
    guest_star_slots.delete_slot(
        ctx.services, q.broadcaster_id, _moderator(ctx), q.session_id, q.guest_id, q.slot_id,
        q.should_reinvite_guest,
    )  # fmt: skip
    return NoContent()


def update_guest_star_slot_settings(ctx: Ctx) -> NoContent:
    q = ctx.parse_query(SlotSettingsQuery)
    changes = SlotChanges(q.is_audio_enabled, q.is_video_enabled, q.is_live, q.volume)
    guest_star_slots.update_slot_settings(
        ctx.services, q.broadcaster_id, _moderator(ctx), q.session_id, q.slot_id, changes
    )
    return NoContent()


PATH = "/guest_star"
ENDPOINTS = (
    Endpoint(
        "GET",
        f"{PATH}/channel_settings",
        get_channel_guest_star_settings,
        auth=Auth.USER,
        scopes=READ,
        policy=Moderator(),
    ),
    Endpoint(
        "PUT",
        f"{PATH}/channel_settings",
        update_channel_guest_star_settings,
        auth=Auth.USER,
        scopes=HOST,
        owner="broadcaster_id",
    ),
    Endpoint(
        "GET", f"{PATH}/session", get_guest_star_session, auth=Auth.USER, scopes=READ, owner="moderator_id"
    ),
    Endpoint(
        "POST",
        f"{PATH}/session",
        create_guest_star_session,
        auth=Auth.USER,
        scopes=HOST,
        owner="broadcaster_id",
    ),
    Endpoint(
        "DELETE",
        f"{PATH}/session",
        end_guest_star_session,
        auth=Auth.USER,
        scopes=HOST,
        owner="broadcaster_id",
    ),
    Endpoint(
        "GET", f"{PATH}/invites", get_guest_star_invites, auth=Auth.USER, scopes=READ, policy=Moderator()
    ),
    Endpoint(
        "POST", f"{PATH}/invites", send_guest_star_invite, auth=Auth.USER, scopes=MANAGE, policy=Moderator()
    ),
    Endpoint(
        "DELETE",
        f"{PATH}/invites",
        delete_guest_star_invite,
        auth=Auth.USER,
        scopes=MANAGE,
        policy=Moderator(),
    ),
    Endpoint(
        "POST", f"{PATH}/slot", assign_guest_star_slot, auth=Auth.USER, scopes=MANAGE, policy=Moderator()
    ),
    Endpoint(
        "PATCH", f"{PATH}/slot", update_guest_star_slot, auth=Auth.USER, scopes=MANAGE, policy=Moderator()
    ),
    Endpoint(
        "DELETE", f"{PATH}/slot", delete_guest_star_slot, auth=Auth.USER, scopes=MANAGE, policy=Moderator()
    ),
    Endpoint(
        "PATCH",
        f"{PATH}/slot_settings",
        update_guest_star_slot_settings,
        auth=Auth.USER,
        scopes=MANAGE,
        policy=Moderator(),
    ),
)
