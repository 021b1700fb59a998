"""twitch-cli's `/units/<kind>` debug listings: the generated data, unauthenticated, with clean
field names (reference/twitch-cli-mock.md, section d). Paginated like Helix."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Api, Auth, Endpoint, ErrorStyle
from twitch_mock.http.results import Page
from twitch_mock.store import Store, Window

Lister = Callable[[Store, Window], Sequence[object]]

KINDS: dict[str, Lister] = {
    "clients": lambda s, w: s.world.unit_clients(w),
    "users": lambda s, w: s.world.unit_users(w),
    "categories": lambda s, w: s.world.unit_categories(w),
    "streams": lambda s, w: s.world.unit_streams(w),
    "subscriptions": lambda s, w: s.world.unit_subscriptions(w),
    "tags": lambda s, w: s.world.unit_tags(w),
    "teams": lambda s, w: s.world.unit_teams(w),
    "videos": lambda s, w: s.world.unit_videos(w),
}


def lister(kind: str) -> Callable[[Ctx], Page]:
    list_rows = KINDS[kind]

    def list_units(ctx: Ctx) -> Page:
        assert ctx.window is not None
        return Page(list(list_rows(ctx.store, ctx.window)))

    list_units.__name__ = f"list_{kind}"
    return list_units


ENDPOINTS = tuple(
    Endpoint("GET", f"/{kind}", lister(kind), auth=Auth.NONE, first=(100, 1000)) for kind in KINDS
)

UNITS = Api(name="units", prefixes=("/units",), endpoints=ENDPOINTS, errors=ErrorStyle.HELIX)
