"""Helix Channel Points family (dev.twitch.tv/docs/api/reference/#create-custom-rewards): Get,
Create, Update and Delete Custom Reward, Get Custom Reward Redemption, Update Redemption Status.
Only the client that created a reward may change it or its redemptions (`CreatedBy`); the rules
are in domain/channel_points.py."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import channel_points as points
from twitch_mock.domain import redemptions
from twitch_mock.domain.channel_points import RewardChanges
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.policies import CreatedBy
from twitch_mock.http.results import Data, NoContent, Page

MAX_IDS = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class RewardsQuery:
    id: list[str] = rule((), max_items=MAX_IDS)
    only_manageable_rewards: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class RedemptionsQuery:
    reward_id: str
    status: str | None = rule(None, choices=redemptions.REDEMPTION_STATUSES)
    id: list[str] = rule((), max_items=MAX_IDS)
    sort: str = rule("OLDEST", choices=("OLDEST", "NEWEST"))


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateRedemptionsQuery:
    reward_id: str
    id: list[str] = rule(max_items=MAX_IDS)


@dataclass(frozen=True, slots=True, kw_only=True)
class RewardBody:
    """Update Custom Reward's body: every field optional."""

    title: str | None = rule(None, min_length=1, max_length=points.MAX_TITLE)
    cost: int | None = rule(None, minimum=1)
    prompt: str | None = rule(None, max_length=points.MAX_PROMPT)
    is_enabled: bool | None = None
    background_color: str | None = None
    is_user_input_required: bool | None = None
    is_max_per_stream_enabled: bool | None = None
    max_per_stream: int | None = None
    is_max_per_user_per_stream_enabled: bool | None = None
    max_per_user_per_stream: int | None = None
    is_global_cooldown_enabled: bool | None = None
    global_cooldown_seconds: int | None = None
    is_paused: bool | None = None
    should_redemptions_skip_request_queue: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateRewardBody(RewardBody):
    title: str = rule(min_length=1, max_length=points.MAX_TITLE)
    cost: int = rule(minimum=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class RedemptionStatusBody:
    status: str = rule(choices=("FULFILLED", "CANCELED"))


def _changes(body: RewardBody) -> RewardChanges:
    return RewardChanges(**asdict(body))


def get_custom_reward(ctx: Ctx) -> Data:
    query = ctx.parse_query(RewardsQuery)
    assert ctx.token is not None
    client = ctx.token.client_id if query.only_manageable_rewards else None
    return Data(points.rewards(ctx.services, ctx.user_id, query.id, client))


def create_custom_rewards(ctx: Ctx) -> Data:
    body = ctx.parse(CreateRewardBody)
    assert ctx.token is not None
    return Data([points.create(ctx.services, ctx.user_id, ctx.token.client_id, _changes(body))])


def update_custom_reward(ctx: Ctx) -> Data:
    reward_id = ctx.query.require("id")
    body = ctx.parse(RewardBody)
    return Data([points.update(ctx.services, ctx.user_id, reward_id, _changes(body))])


def delete_custom_reward(ctx: Ctx) -> NoContent:
    points.delete(ctx.services, ctx.user_id, ctx.query.require("id"))
    return NoContent()


def get_custom_reward_redemption(ctx: Ctx) -> Page:
    query = ctx.parse_query(RedemptionsQuery)
    if query.status is None and not query.id:
        raise BadRequest(
            "The status query parameter is required if you didn't specify the id query parameter."
        )
    page = redemptions.reward_redemptions(
        ctx.services,
        ctx.user_id,
        query.reward_id,
        ctx.window,
        status=query.status,
        ids=list(dict.fromkeys(query.id)),
        newest_first=query.sort == "NEWEST",
    )
    return Page(page)


def update_redemption_status(ctx: Ctx) -> Data:
    query = ctx.parse_query(UpdateRedemptionsQuery)
    body = ctx.parse(RedemptionStatusBody)
    ids = list(dict.fromkeys(query.id))
    return Data(
        redemptions.set_redemption_status(ctx.services, ctx.user_id, query.reward_id, ids, body.status)
    )


READ, MANAGE = "channel:read:redemptions", "channel:manage:redemptions"
REWARDS, REDEMPTIONS = "/channel_points/custom_rewards", "/channel_points/custom_rewards/redemptions"
BY_CREATOR, REWARD_BY_CREATOR = CreatedBy(points.creator), CreatedBy(points.creator, "reward_id")
ENDPOINTS = (
    Endpoint(
        "GET", REWARDS, get_custom_reward, auth=Auth.USER, scopes=(READ, MANAGE), owner="broadcaster_id"
    ),
    Endpoint(
        "POST", REWARDS, create_custom_rewards, auth=Auth.USER, scopes=(MANAGE,), owner="broadcaster_id"
    ),
    Endpoint(
        "PATCH",
        REWARDS,
        update_custom_reward,
        auth=Auth.USER,
        scopes=(MANAGE,),
        owner="broadcaster_id",
        policy=BY_CREATOR,
    ),
    Endpoint(
        "DELETE",
        REWARDS,
        delete_custom_reward,
        auth=Auth.USER,
        scopes=(MANAGE,),
        owner="broadcaster_id",
        policy=BY_CREATOR,
    ),
    Endpoint(
        "GET",
        REDEMPTIONS,
        get_custom_reward_redemption,
        auth=Auth.USER,
        scopes=(READ, MANAGE),
        owner="broadcaster_id",
        first=(20, 50),
        policy=REWARD_BY_CREATOR,
    ),
    Endpoint(
        "PATCH",
        REDEMPTIONS,
        update_redemption_status,
        auth=Auth.USER,
        scopes=(MANAGE,),
        owner="broadcaster_id",
        policy=REWARD_BY_CREATOR,
    ),
)
