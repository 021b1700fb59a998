"""Helix Channels family (dev.twitch.tv/docs/api/reference/#get-channel-information): Get Channel
Information, Modify Channel Information. The pilot of the framework: a query schema read, a body
schema, the domain doing the rules, and `channel.update` published through the outbox."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import channels
from twitch_mock.domain.channels import CCL_IDS, MAX_TAG_LENGTH, MAX_TAGS, ChannelChanges
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Data, NoContent

MAX_CHANNELS = 100
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


def get_channel_information(ctx: Ctx) -> Data:
    query = ctx.parse_query(ChannelsQuery)
    return Data(channels.channels(ctx.conn, list(dict.fromkeys(query.broadcaster_id))))


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
)
