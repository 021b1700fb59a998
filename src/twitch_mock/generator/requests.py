"""What moderators find waiting in a batch's channels, made from the channel roles (generator/
relations.py) since it depends on who is banned and who moderates: unban requests from banned
users and users marked suspicious. The all-units channel gets a pending unban request from each
user it banned for good and two suspicious users (one monitored, one restricted, marked by its
first moderator); one in ten of the other permanent bans has a pending request too.

Its randomness is its own (seeded from the batch's first user), so adding it left the rest of a
seed's world as it was."""

from __future__ import annotations

from collections.abc import Sequence

from twitch_mock.core.ids import Ids
from twitch_mock.domain.suspicious_users import STATUSES, SuspiciousUserRow
from twitch_mock.domain.unban_requests import UnbanRequestRow
from twitch_mock.generator.plan import HOUR, Plan
from twitch_mock.generator.relations import ChannelRoles
from twitch_mock.store.rows import Row

SHARE = 0.1  # of the other channels' permanent bans have a pending unban request
PLEAS = (
    "I'm sorry, it won't happen again", "please unban me, I was joking", "that was my little brother",
    "I didn't know the rules, can I come back?", "I've changed, promise",
)  # fmt: skip


def moderation_requests(plan: Plan, roles: ChannelRoles) -> Sequence[Sequence[Row]]:
    ids = Ids.seeded(f"requests:{plan.batch}:{plan.users[0].id}")
    star = plan.users[0].id if plan.has_star else None
    requests = [
        UnbanRequestRow(
            ids.guid(),
            ban.broadcaster_id,
            ban.user_id,
            ids.choice(PLEAS),
            "pending",
            plan.ago(ids.rng.random() * 24 * HOUR),
        )
        for ban in roles.bans
        if ban.expires_at is None and (ban.broadcaster_id == star or ids.rng.random() < SHARE)
    ]
    return requests, _suspicious(plan, ids, roles, star)


def _suspicious(plan: Plan, ids: Ids, roles: ChannelRoles, star: str | None) -> list[SuspiciousUserRow]:
    if star is None:
        return []
    moderators = [m.user_id for m in roles.moderators if m.broadcaster_id == star]
    taken = {star, *moderators, *(b.user_id for b in roles.bans if b.broadcaster_id == star)}
    marker = moderators[0] if moderators else star
    count = min(len(plan.users) - 1, len(taken) + len(STATUSES))
    picked = [plan.users[n + 1].id for n in ids.rng.sample(range(len(plan.users) - 1), count)]
    chosen = [u for u in picked if u not in taken][: len(STATUSES)]
    return [
        SuspiciousUserRow(star, user, marker, status, plan.ago(ids.rng.random() * 2 * HOUR))
        for user, status in zip(chosen, STATUSES, strict=False)
    ]
