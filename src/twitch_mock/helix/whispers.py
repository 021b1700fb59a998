"""Helix Whispers family (dev.twitch.tv/docs/api/reference/#send-whisper): Send Whisper."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.domain import whispers
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import NoContent


@dataclass(frozen=True, slots=True, kw_only=True)
class WhisperBody:
    message: str


def send_whisper(ctx: Ctx) -> NoContent:
    to_user_id = ctx.query.require("to_user_id")
    body = ctx.parse(WhisperBody)
    whispers.send_whisper(ctx.services, ctx.user_id, to_user_id, body.message)
    return NoContent()


ENDPOINTS = (
    Endpoint(
        "POST",
        "/whispers",
        send_whisper,
        auth=Auth.USER,
        scopes=("user:manage:whispers",),
        owner="from_user_id",
    ),
)
