"""Helix Games (dev.twitch.tv/docs/api/reference/#get-games): Get Games, Get Top Games."""

from __future__ import annotations

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import categories
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Data, Page

MAX_GAMES = 100


def get_games(ctx: Ctx) -> Data:
    ids, names, igdb_ids = (ctx.query.all(name, MAX_GAMES) for name in ("id", "name", "igdb_id"))
    if not (ids or names or igdb_ids):
        raise BadRequest("The request must specify the id or name or igdb_id query parameter")
    if len(ids) + len(names) + len(igdb_ids) > MAX_GAMES:
        raise BadRequest(
            "The combined number of game IDs (id and igdb_id) and game names that you specify in the "
            f"request must not exceed {MAX_GAMES}"
        )
    return Data(categories.games(ctx.conn, ids, names, igdb_ids))


def get_top_games(ctx: Ctx) -> Page:
    return Page(categories.top_games(ctx.conn, ctx.window))


ENDPOINTS = (
    Endpoint("GET", "/games", get_games, auth=Auth.EITHER),
    Endpoint("GET", "/games/top", get_top_games, auth=Auth.EITHER, first=(20, 100), before=True),
)
