"""Helix Goals family (dev.twitch.tv/docs/api/reference/#get-creator-goals): Get Creator Goals."""

from __future__ import annotations

from twitch_mock.domain import goals
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Data


def get_creator_goals(ctx: Ctx) -> Data:
    return Data(goals.goals(ctx.conn, ctx.user_id))


ENDPOINTS = (
    Endpoint(
        "GET",
        "/goals",
        get_creator_goals,
        auth=Auth.USER,
        scopes=("channel:read:goals",),
        owner="broadcaster_id",
    ),
)
