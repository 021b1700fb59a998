"""Helix Teams family (dev.twitch.tv/docs/api/reference/#get-teams): Get Teams, Get Channel Teams."""

from __future__ import annotations

from twitch_mock.core.errors import BadRequest, NotFound
from twitch_mock.domain import teams, users
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Data


def get_teams(ctx: Ctx) -> Data:
    name, team = ctx.query.get("name"), ctx.query.get("id")
    if name is None and team is None:
        raise BadRequest("The name or id query parameter is required")
    if name is not None and team is not None:
        raise BadRequest("Specify either the name or id query parameter but not both")
    if team is not None and not team.isdigit():
        raise BadRequest("The ID in the id query parameter is not valid")
    found = teams.by_id(ctx.conn, team) if team is not None else teams.by_name(ctx.conn, name or "")
    if found is None:
        raise NotFound("The specified team was not found")
    return Data([found])


def get_channel_teams(ctx: Ctx) -> Data:
    broadcaster = ctx.query.require("broadcaster_id")
    if not users.exists(ctx.conn, broadcaster):
        raise NotFound("The broadcaster was not found")
    return Data(teams.channel_teams(ctx.conn, broadcaster))


ENDPOINTS = (
    Endpoint("GET", "/teams", get_teams, auth=Auth.EITHER),
    Endpoint("GET", "/teams/channel", get_channel_teams, auth=Auth.EITHER),
)
