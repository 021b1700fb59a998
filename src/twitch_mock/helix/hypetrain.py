"""Helix Hype Train family (dev.twitch.tv/docs/api/reference/#get-hype-train-status): Get Hype Train
Status. (Get Hype Train Events, GET /hypetrain/events, is decommissioned: 410, see helix/__init__.py.)"""

from __future__ import annotations

from twitch_mock.domain import hypetrain
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Data


def get_hype_train_status(ctx: Ctx) -> Data:
    return Data([hypetrain.status(ctx.conn, ctx.user_id, ctx.clock.now())])


ENDPOINTS = (
    Endpoint(
        "GET",
        "/hypetrain/status",
        get_hype_train_status,
        auth=Auth.USER,
        scopes=("channel:read:hype_train",),
        owner="broadcaster_id",
    ),
)
