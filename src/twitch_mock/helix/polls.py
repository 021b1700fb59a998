"""Helix Polls family (dev.twitch.tv/docs/api/reference/#get-polls): Get Polls, Create Poll, End
Poll. The rules (one running poll per channel, COMPLETED when time is up) are in domain/polls.py."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.core.errors import NotFound
from twitch_mock.domain import polls
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.params import missing
from twitch_mock.http.results import Data, Page

MAX_IDS = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class PollsQuery:
    id: list[str] = rule((), max_items=MAX_IDS)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceBody:
    title: str = rule(max_length=polls.MAX_CHOICE_TITLE, not_empty=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class CreatePollBody:
    broadcaster_id: str
    title: str = rule(max_length=polls.MAX_TITLE, not_empty=True)
    choices: list[ChoiceBody] = rule(min_items=polls.MIN_CHOICES, max_items=polls.MAX_CHOICES)
    duration: int = rule(minimum=polls.MIN_DURATION, maximum=polls.MAX_DURATION)
    channel_points_voting_enabled: bool = False
    channel_points_per_vote: int | None = rule(None, minimum=1, maximum=polls.MAX_POINTS_PER_VOTE)


@dataclass(frozen=True, slots=True, kw_only=True)
class EndPollBody:
    broadcaster_id: str
    id: str = rule(not_empty=True)
    status: str = rule(choices=polls.END_STATUSES)


def get_polls(ctx: Ctx) -> Page:
    query = ctx.parse_query(PollsQuery)
    polls.settle(ctx.services, ctx.user_id)
    page = polls.polls(ctx.services, ctx.user_id, ctx.window, query.id)
    if query.id and not page.rows and ctx.window.after is None:
        raise NotFound("None of the IDs in the id query parameters were found.")
    return Page(page)


def create_poll(ctx: Ctx) -> Data:
    body = ctx.parse(CreatePollBody)
    per_vote = None
    if body.channel_points_voting_enabled:
        if body.channel_points_per_vote is None:
            raise missing("channel_points_per_vote")
        per_vote = body.channel_points_per_vote
    choices = [c.title for c in body.choices]
    return Data([polls.create(ctx.services, ctx.user_id, body.title, choices, body.duration, per_vote)])


def end_poll(ctx: Ctx) -> Data:
    body = ctx.parse(EndPollBody)
    return Data([polls.end(ctx.services, ctx.user_id, body.id, body.status)])


MANAGE = "channel:manage:polls"
ENDPOINTS = (
    Endpoint(
        "GET",
        "/polls",
        get_polls,
        auth=Auth.USER,
        scopes=("channel:read:polls", MANAGE),
        owner="broadcaster_id",
        first=(20, 20),
    ),
    Endpoint("POST", "/polls", create_poll, auth=Auth.USER, scopes=(MANAGE,), owner="body.broadcaster_id"),
    Endpoint("PATCH", "/polls", end_poll, auth=Auth.USER, scopes=(MANAGE,), owner="body.broadcaster_id"),
)
