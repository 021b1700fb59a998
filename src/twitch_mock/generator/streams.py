"""Stream keys (dev.twitch.tv/docs/api/reference/#get-stream-key): every generated channel gets
its stored key, so Get Stream Key answers the same key on every call."""

from __future__ import annotations

from twitch_mock.domain.streams import StreamKeyRow
from twitch_mock.generator.plan import Plan


def stream_keys(plan: Plan) -> list[StreamKeyRow]:
    return [StreamKeyRow(user.id, f"live_{user.id}_{plan.ids.mixed(30)}") for user in plan.users]
