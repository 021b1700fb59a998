"""Helix Moderation family, what moderators do about users beyond bans
(dev.twitch.tv/docs/api/reference/#warn-chat-user): Warn Chat User, Add / Remove Suspicious Status
(#add-suspicious-status-to-chat-user), Get / Resolve Unban Requests (#get-unban-requests), and Get
Moderated Channels (#get-moderated-channels, the moderators table read the other way)."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.core.errors import Forbidden, Unauthorized
from twitch_mock.domain import chat_warnings, moderators, suspicious_users, unban_requests
from twitch_mock.domain.suspicious_users import STATUSES
from twitch_mock.domain.unban_requests import RESOLUTIONS
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.policies import Moderator
from twitch_mock.http.results import Data, Page

SUSPICIOUS = "moderator:manage:suspicious_users"
UNBAN = "moderator:manage:unban_requests"


@dataclass(frozen=True, slots=True, kw_only=True)
class WarningData:
    user_id: str = rule(not_empty=True)
    reason: str = rule(not_empty=True, max_length=chat_warnings.MAX_REASON)


@dataclass(frozen=True, slots=True, kw_only=True)
class WarnBody:
    data: WarningData


@dataclass(frozen=True, slots=True, kw_only=True)
class SuspiciousBody:
    user_id: str = rule(not_empty=True)
    status: str = rule(choices=STATUSES)


@dataclass(frozen=True, slots=True, kw_only=True)
class UnbanRequestsQuery:
    broadcaster_id: str
    status: str = rule(choices=unban_requests.STATUSES)
    user_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolveQuery:
    broadcaster_id: str
    unban_request_id: str
    status: str = rule(choices=RESOLUTIONS)
    resolution_text: str | None = rule(None, max_length=unban_requests.MAX_TEXT)


def warn_chat_user(ctx: Ctx) -> Data:
    warning = ctx.parse(WarnBody).data
    broadcaster = ctx.query.require("broadcaster_id")
    return Data([chat_warnings.warn(ctx.services, broadcaster, ctx.user_id, warning.user_id, warning.reason)])


def _acting_moderator(ctx: Ctx) -> tuple[str, str]:
    """(broadcaster, moderator); with an app token, the moderator must have granted the app the
    scope and moderate the channel (a user token is checked by the endpoint's policy)."""
    broadcaster, moderator = ctx.query.require("broadcaster_id"), ctx.query.require("moderator_id")
    token = ctx.token
    if token is not None and token.is_app:
        if not ctx.store.auth.has_grant(token.client_id, moderator, SUSPICIOUS):
            raise Unauthorized(f"The user in moderator_id has not granted this client the {SUSPICIOUS} scope")
        if not moderators.is_moderator(ctx.conn, broadcaster, moderator):
            raise Forbidden(
                "The user in the moderator_id query parameter is not one of the broadcaster's moderators"
            )
    return broadcaster, moderator


def add_suspicious_status_to_chat_user(ctx: Ctx) -> Data:
    body = ctx.parse(SuspiciousBody)
    broadcaster, moderator = _acting_moderator(ctx)
    return Data(
        [suspicious_users.set_status(ctx.services, broadcaster, moderator, body.user_id, body.status)]
    )


def remove_suspicious_status_from_chat_user(ctx: Ctx) -> Data:
    broadcaster, moderator = _acting_moderator(ctx)
    user = ctx.query.require("user_id")
    return Data([suspicious_users.set_status(ctx.services, broadcaster, moderator, user, None)])


def get_unban_requests(ctx: Ctx) -> Page:
    q = ctx.parse_query(UnbanRequestsQuery)
    return Page(unban_requests.unban_requests(ctx.conn, q.broadcaster_id, q.status, ctx.window, q.user_id))


def resolve_unban_requests(ctx: Ctx) -> Data:
    q = ctx.parse_query(ResolveQuery)
    resolved = unban_requests.resolve(
        ctx.services, q.broadcaster_id, ctx.user_id, q.unban_request_id, q.status, q.resolution_text
    )
    return Data([resolved])


def get_moderated_channels(ctx: Ctx) -> Page:
    return Page(moderators.moderated_channels(ctx.conn, ctx.user_id, ctx.window))


ENDPOINTS = (
    Endpoint(
        "POST",
        "/moderation/warnings",
        warn_chat_user,
        auth=Auth.USER,
        scopes=("moderator:manage:warnings",),
        policy=Moderator(),
    ),
    # An app token works when the moderator granted the app the scope (the handler checks it).
    Endpoint(
        "POST",
        "/moderation/suspicious_users",
        add_suspicious_status_to_chat_user,
        auth=Auth.EITHER,
        scopes=(SUSPICIOUS,),
        policy=Moderator(),
    ),
    Endpoint(
        "DELETE",
        "/moderation/suspicious_users",
        remove_suspicious_status_from_chat_user,
        auth=Auth.EITHER,
        scopes=(SUSPICIOUS,),
        policy=Moderator(),
    ),
    Endpoint(
        "GET",
        "/moderation/unban_requests",
        get_unban_requests,
        auth=Auth.USER,
        scopes=("moderator:read:unban_requests", UNBAN),
        policy=Moderator(),
        first=(20, 100),
    ),
    Endpoint(
        "PATCH",
        "/moderation/unban_requests",
        resolve_unban_requests,
        auth=Auth.USER,
        scopes=(UNBAN,),
        policy=Moderator(),
    ),
    Endpoint(
        "GET",
        "/moderation/channels",
        get_moderated_channels,
        auth=Auth.USER,
        scopes=("user:read:moderated_channels",),
        owner="user_id",
        first=(20, 100),
    ),
)
