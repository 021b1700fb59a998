"""Game analytics owners (dev.twitch.tv/docs/api/reference/#get-game-analytics): the all-units
user owns the first two categories of the catalogue, so Get Game Analytics has reports for them.
(Extension analytics follow from the extensions a user wrote: generator/extensions.py.)"""

from __future__ import annotations

from twitch_mock.domain.analytics import GameOwnerRow
from twitch_mock.generator.plan import Plan

STAR_GAMES = 2


def game_owners(plan: Plan) -> list[GameOwnerRow]:
    if not plan.has_star:
        return []
    return [GameOwnerRow(plan.users[0].id, game) for game in plan.catalog.category_ids[:STAR_GAMES]]
