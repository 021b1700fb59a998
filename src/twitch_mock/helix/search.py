"""Helix Search (dev.twitch.tv/docs/api/reference/#search-categories): Search Categories, Search
Channels (the matching rules are in domain/search.py)."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.domain import search
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Page


@dataclass(frozen=True, slots=True, kw_only=True)
class CategoriesQuery:
    query: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelsQuery:
    query: str
    live_only: bool = False


def search_categories(ctx: Ctx) -> Page:
    return Page(search.categories(ctx.conn, ctx.parse_query(CategoriesQuery).query, ctx.window))


def search_channels(ctx: Ctx) -> Page:
    query = ctx.parse_query(ChannelsQuery)
    return Page(search.channels(ctx.conn, query.query, query.live_only, ctx.window))


ENDPOINTS = (
    Endpoint("GET", "/search/categories", search_categories, auth=Auth.EITHER, first=(20, 100)),
    Endpoint("GET", "/search/channels", search_channels, auth=Auth.EITHER, first=(20, 100)),
)
