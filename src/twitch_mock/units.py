"""twitch-cli's `/units/<kind>` debug listings: the generated data, unauthenticated, with clean
field names (reference/twitch-cli-mock.md, section d). Paginated like Helix."""

from __future__ import annotations

from collections.abc import Callable

from twitch_mock.domain import analytics
from twitch_mock.domain.listings import KINDS, listing
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Api, Auth, Endpoint, ErrorStyle
from twitch_mock.http.results import Page, Text


def lister(kind: str) -> Callable[[Ctx], Page]:
    def list_units(ctx: Ctx) -> Page:
        return Page(listing(ctx.conn, kind, ctx.window))

    list_units.__name__ = f"list_{kind}"
    return list_units


def analytics_report(ctx: Ctx) -> Text:
    """The CSV behind a Get Extension / Game Analytics report URL (domain/analytics.py)."""
    q = ctx.query
    csv = analytics.report_csv(
        ctx.conn, q.require("kind"), q.require("id"), q.require("started_at"), q.require("ended_at")
    )
    return Text(csv, content_type="text/csv")


ENDPOINTS = (
    *(Endpoint("GET", f"/{kind}", lister(kind), auth=Auth.NONE, first=(100, 1000)) for kind in KINDS),
    Endpoint("GET", analytics.REPORT_PATH.removeprefix("/units"), analytics_report, auth=Auth.NONE),
)

UNITS = Api(name="units", prefixes=("/units",), endpoints=ENDPOINTS, errors=ErrorStyle.HELIX)
