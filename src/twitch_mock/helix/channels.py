"""Helix Channels family (dev.twitch.tv/docs/api/reference/#get-channel-information): Get Channel
Information, Modify Channel Information (the framework's pilot: a query schema read, a body
schema, the domain doing the rules, and `channel.update` published through the outbox), Get Channel
Editors, Get Followed Channels, Get Channel Followers, and Start Commercial (#start-commercial,
which Twitch files under Ads; `channel.ad_break.begin`)."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.core.errors import BadRequest, Unauthorized
from twitch_mock.domain import channels, commercials, follows, moderators, users
from twitch_mock.domain.channels import CCL_IDS, MAX_TAG_LENGTH, MAX_TAGS, ChannelChanges
from twitch_mock.http.body import parse, rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Data, NoContent, Page
from twitch_mock.store.paging import Slice

MAX_CHANNELS = 100
READ_FOLLOWERS = "moderator:read:followers"
UNTRUSTED_USER_ID = (
    "The user_id parameter was specified but either the user access token is missing the "
    f"{READ_FOLLOWERS} scope or the user is not the broadcaster or moderator for the specified channel"
)
CHANGEABLE = (
    "game_id", "broadcaster_language", "title", "delay", "tags", "content_classification_labels",
    "is_branded_content",
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelsQuery:
    broadcaster_id: list[str] = rule(max_items=MAX_CHANNELS)


@dataclass(frozen=True, slots=True, kw_only=True)
class LabelChange:
    id: str = rule(choices=CCL_IDS)
    is_enabled: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ModifyChannelBody:
    game_id: str | None = None
    broadcaster_language: str | None = None
    title: str | None = None
    delay: int | None = None
    tags: list[str] | None = rule(None, max_items=MAX_TAGS, max_length=MAX_TAG_LENGTH)
    content_classification_labels: list[LabelChange] | None = None
    is_branded_content: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowersQuery:
    broadcaster_id: str
    user_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowedQuery:
    user_id: str
    broadcaster_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CommercialBody:
    broadcaster_id: str = rule(not_empty=True)
    length: int = rule(minimum=1, maximum=commercials.MAX_LENGTH)


def get_channel_information(ctx: Ctx) -> Data:
    query = ctx.parse_query(ChannelsQuery)
    return Data(channels.channels_json(ctx.conn, list(dict.fromkeys(query.broadcaster_id))))


def modify_channel_information(ctx: Ctx) -> NoContent:
    body = ctx.parse(ModifyChannelBody)
    labels = body.content_classification_labels
    changes = ChannelChanges(
        game_id=body.game_id,
        broadcaster_language=body.broadcaster_language,
        title=body.title,
        delay=body.delay,
        tags=body.tags,
        labels=None if labels is None else [(label.id, label.is_enabled) for label in labels],
        is_branded_content=body.is_branded_content,
    )
    if changes == ChannelChanges():
        raise BadRequest(f"The request body must change at least one of: {', '.join(CHANGEABLE)}")
    channels.modify(ctx.services, ctx.user_id, changes)
    return NoContent()


def get_channel_editors(ctx: Ctx) -> Data:
    return Data(channels.editors(ctx.conn, ctx.user_id))


def get_followed_channels(ctx: Ctx) -> Page:
    query = ctx.parse_query(FollowedQuery)
    total = follows.followed_count(ctx.conn, query.user_id)
    page = follows.followed(ctx.conn, query.user_id, ctx.window, query.broadcaster_id)
    return Page(page, {"total": total})


def _trusted(ctx: Ctx, broadcaster_id: str) -> bool:
    """The token's user (not the user_id parameter) is the broadcaster or one of their moderators,
    and the token has the scope: only then does Twitch list the followers."""
    token = ctx.token
    if token is None or token.user_id is None or not ctx.has_scope(READ_FOLLOWERS):
        return False
    return moderators.is_moderator(ctx.conn, broadcaster_id, token.user_id)


def get_channel_followers(ctx: Ctx) -> Page:
    query = ctx.parse_query(FollowersQuery)
    if not users.exists(ctx.conn, query.broadcaster_id):
        raise BadRequest("The broadcaster_id query parameter is not valid")
    total = {"total": follows.follower_count(ctx.conn, query.broadcaster_id)}
    if not _trusted(ctx, query.broadcaster_id):
        if query.user_id is not None:
            raise Unauthorized(UNTRUSTED_USER_ID)
        return Page(Slice([]), total)
    return Page(follows.followers(ctx.conn, query.broadcaster_id, ctx.window, query.user_id), total)


def start_commercial(ctx: Ctx) -> Data:
    """The JSON body as documented; `broadcaster_id` and `length` in the query (as some clients send
    them) fill in what the body leaves out."""
    sent = {name: ctx.query.get(name) for name in ("broadcaster_id", "length")}
    if ctx.request.body.strip():
        sent |= {k: v for k, v in ctx.body.fields.items() if v is not None}
    body = parse(CommercialBody, sent)
    if body.broadcaster_id != ctx.user_id:
        raise Unauthorized("The ID in broadcaster_id must match the user ID in the user access token")
    return Data([commercials.start(ctx.services, body.broadcaster_id, body.length)])


ENDPOINTS = (
    Endpoint("GET", "/channels", get_channel_information, auth=Auth.EITHER),
    Endpoint(
        "PATCH",
        "/channels",
        modify_channel_information,
        auth=Auth.USER,
        scopes=("channel:manage:broadcast",),
        owner="broadcaster_id",
    ),
    Endpoint(
        "GET",
        "/channels/editors",
        get_channel_editors,
        auth=Auth.USER,
        scopes=("channel:read:editors",),
        owner="broadcaster_id",
    ),
    Endpoint(
        "GET",
        "/channels/followed",
        get_followed_channels,
        auth=Auth.USER,
        scopes=("user:read:follows",),
        owner="user_id",
        first=(20, 100),
    ),
    # An app token, or a user token without the scope or of someone who isn't the broadcaster or a
    # moderator, still gets the `total` (reference notes; pyTwitchAPI issue #262).
    Endpoint(
        "GET",
        "/channels/followers",
        get_channel_followers,
        auth=Auth.EITHER,
        scopes=(READ_FOLLOWERS,),
        scopes_optional=True,
        first=(20, 100),
    ),
    Endpoint(
        "POST",
        "/channels/commercial",
        start_commercial,
        auth=Auth.USER,
        scopes=("channel:edit:commercial",),
    ),
)
