"""Relationships between a batch's users: follows, blocks, bans and timeouts, moderators, editors,
VIPs, subscriptions and team membership.

Each user draws a small bounded set (never all pairs), so a batch of N users makes O(N) rows. Per
channel one sample of distinct users is cut into moderators, VIPs, editors, the banned and
subscribers, so nobody is both banned and a moderator or VIP, nor a moderator and a VIP, and
nobody relates to themselves. Only affiliates and partners have subscribers."""

from __future__ import annotations

from dataclasses import dataclass, field

from twitch_mock.domain.bans import BanRow
from twitch_mock.domain.channels import EditorRow
from twitch_mock.domain.follows import FollowRow
from twitch_mock.domain.moderators import ModeratorRow
from twitch_mock.domain.subscriptions import SubscriptionRow
from twitch_mock.domain.teams import TeamMemberRow
from twitch_mock.domain.users import BlockRow
from twitch_mock.domain.vips import VipRow
from twitch_mock.generator.plan import DAY, HOUR, Plan
from twitch_mock.generator.texts import BAN_REASONS

MAX_FOLLOWS = 10  # per user, plus the all-units channel for some
STAR_FOLLOWERS = 12  # users of the first batch who follow the all-units user
# How many moderators, VIPs, editors and banned users a channel gets: weights for 0, 1, 2, 3.
ROLE_WEIGHTS = ((40, 30, 20, 10), (50, 25, 15, 10), (75, 20, 5), (60, 25, 15))
SUB_WEIGHTS = (30, 25, 20, 10, 10, 5)  # subscribers of an affiliate or partner: weights for 0..5
STAR_ROLES = (3, 3, 2, 2)
STAR_SUBSCRIBERS = 6
TIERS = ("1000", "2000", "3000")
TIER_WEIGHTS = (80, 12, 8)
TIMEOUTS = (10 * 60, HOUR, DAY, 7 * DAY)


@dataclass(slots=True)
class ChannelRoles:
    moderators: list[ModeratorRow] = field(default_factory=list)
    vips: list[VipRow] = field(default_factory=list)
    editors: list[EditorRow] = field(default_factory=list)
    bans: list[BanRow] = field(default_factory=list)
    subscriptions: list[SubscriptionRow] = field(default_factory=list)


def follows(plan: Plan) -> list[FollowRow]:
    star_followers = set(plan.others(0, STAR_FOLLOWERS)) if plan.has_star else set()
    uid = [u.id for u in plan.users]
    rows: list[FollowRow] = []
    for user in range(len(uid)):
        channels = plan.others(user, plan.rng.randint(0, MAX_FOLLOWS))
        if user in star_followers and 0 not in channels:
            channels.append(0)
        rows += [FollowRow(uid[b], uid[user], plan.since(b, user)) for b in channels]
    return rows


def blocks(plan: Plan) -> list[BlockRow]:
    """A few users (4%) block one or two others."""
    rows: list[BlockRow] = []
    for user in range(len(plan.users)):
        if plan.rng.random() < 0.04:
            targets = plan.others(user, plan.rng.randint(1, 2))
            rows += [BlockRow(plan.users[user].id, plan.users[t].id, plan.since(user, t)) for t in targets]
    return rows


def channel_roles(plan: Plan) -> ChannelRoles:
    uid = [u.id for u in plan.users]
    roles = ChannelRoles()
    for channel, b in enumerate(uid):
        sizes = _role_sizes(plan, channel)
        mods, vips, editors, banned, subscribers = _cut(plan.others(channel, sum(sizes)), sizes)
        roles.moderators += [ModeratorRow(b, uid[u], plan.since(channel, u)) for u in mods]
        roles.vips += [VipRow(b, uid[u], plan.since(channel, u)) for u in vips]
        roles.editors += [EditorRow(b, uid[u], plan.since(channel, u)) for u in editors]
        roles.bans += [_ban(plan, channel, u, first=n == 0) for n, u in enumerate(banned)]
        star = plan.is_star(channel)
        roles.subscriptions += [
            _subscription(plan, channel, u, n == 0 and star) for n, u in enumerate(subscribers)
        ]
    return roles


def team_members(plan: Plan) -> list[TeamMemberRow]:
    """The all-units user and one in twenty of the others join the team."""
    team = plan.catalog.team_id
    return [
        TeamMemberRow(team, user.id)
        for n, user in enumerate(plan.users)
        if plan.is_star(n) or plan.rng.random() < 0.05
    ]


def _role_sizes(plan: Plan, channel: int) -> tuple[int, ...]:
    """How many moderators, VIPs, editors, banned users and subscribers the channel gets."""
    caster = bool(plan.users[channel].broadcaster_type)
    if plan.is_star(channel):
        return (*STAR_ROLES, STAR_SUBSCRIBERS)
    return (*(plan.weighted(w) for w in ROLE_WEIGHTS), plan.weighted(SUB_WEIGHTS) if caster else 0)


def _cut(picks: list[int], sizes: tuple[int, ...]) -> list[list[int]]:
    """Consecutive slices of `picks` of these sizes (shorter or empty when picks run out)."""
    cuts, start = [], 0
    for size in sizes:
        cuts.append(picks[start : start + size])
        start += size
    return cuts


def _ban(plan: Plan, channel: int, user: int, first: bool) -> BanRow:
    """A permanent ban or, for the channel's first ban (half the time; always on the all-units
    channel), a timeout that has not run out yet."""
    b = plan.users[channel].id
    reason = plan.ids.choice(BAN_REASONS)
    if first and (plan.is_star(channel) or plan.rng.random() < 0.5):
        length = plan.ids.choice(TIMEOUTS)
        served = plan.rng.random() * length * 0.9
        return BanRow(b, plan.users[user].id, b, reason, plan.ago(served), plan.ahead(length - served))
    return BanRow(b, plan.users[user].id, b, reason, plan.since(channel, user), None)


def _subscription(plan: Plan, channel: int, user: int, gift: bool) -> SubscriptionRow:
    """A subscription; one in five (and the all-units channel's first) is a gift from a third user."""
    gifter = None
    if gift or plan.rng.random() < 0.2:
        gifter = next((g for g in plan.others(channel, 2) if g != user), None)
    tier = "1000" if gifter is not None else TIERS[plan.weighted(TIER_WEIGHTS)]
    gifter_id = None if gifter is None else plan.users[gifter].id
    return SubscriptionRow(
        plan.users[channel].id,
        plan.users[user].id,
        tier,
        gifter is not None,
        gifter_id,
        plan.since(channel, user),
    )
