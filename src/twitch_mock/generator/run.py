"""`generate`: one batch of the fake world, written in one transaction (a failure writes nothing).

A run reads the batch number from meta, seeds its randomness with "<seed>:<batch>", makes sure the
fixed catalogue exists (categories, tags, team, clients), then adds `count` users and everything
around them, and issues a fresh app access token for the confidential client. The steps and their
order are fixed, so the same seed on a fresh database gives the same world."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Any

from twitch_mock.core.clock import Clock
from twitch_mock.core.ids import Ids
from twitch_mock.domain import users
from twitch_mock.generator.analytics import game_owners
from twitch_mock.generator.bits import cheers
from twitch_mock.generator.catalog import Catalog, ensure_catalog
from twitch_mock.generator.channel_points import channel_points
from twitch_mock.generator.charity import charity
from twitch_mock.generator.chat import chat
from twitch_mock.generator.chatmod import chatmod
from twitch_mock.generator.drops import entitlements
from twitch_mock.generator.extensions import extensions
from twitch_mock.generator.goals import goals
from twitch_mock.generator.guest_star import guest_star
from twitch_mock.generator.hypetrain import hype_trains
from twitch_mock.generator.media import media
from twitch_mock.generator.moderation import moderation
from twitch_mock.generator.people import channel_tags, chat_settings, make_users
from twitch_mock.generator.plan import Plan
from twitch_mock.generator.power_ups import power_ups
from twitch_mock.generator.relations import blocks, channel_roles, follows, team_members
from twitch_mock.generator.requests import moderation_requests
from twitch_mock.generator.schedule import schedules
from twitch_mock.generator.streams import stream_keys
from twitch_mock.generator.votes import votes
from twitch_mock.settings import Lifetimes
from twitch_mock.store import Store
from twitch_mock.store.auth import Token
from twitch_mock.store.rows import Row, insert_rows

Progress = Callable[[str, int, int], None]

META_BATCHES = "generate.batches"
META_ALL_UNITS = "generate.all_units_user_id"


@dataclass(frozen=True, slots=True)
class Generation:
    """What a run made: the clients to use, a fresh app token, the all-units user and this batch."""

    client_id: str
    client_secret: str
    public_client_id: str
    app_token: str
    all_units_user_id: str
    user_ids: tuple[str, ...]
    batch: int
    seed: int
    counts: dict[str, int]  # rows created per table (tables that got none are left out)


def generate(
    store: Store,
    *,
    count: int = 25,
    seed: int | None = None,
    clock: Clock,
    progress: Progress | None = None,
    lifetimes: Lifetimes | None = None,
) -> Generation:
    """Add a batch of `count` users and their world. `progress` hears each step as (step, 0, 1) when
    it starts and (step, 1, 1) when it is done; `lifetimes` sets the app token's (Twitch's by default)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if seed is None:
        seed = random.SystemRandom().randrange(2**31)
    report = progress or _quiet
    with store.transaction():
        batch = int(store.meta.get(META_BATCHES) or 0) + 1
        ids, now = Ids.seeded(f"{seed}:{batch}"), clock.now()
        counts: dict[str, int] = {}
        with _step(report, "catalogue"):
            catalog = ensure_catalog(store, ids, now, counts)
        with _step(report, "users"):
            plan = _users(store, ids, now, batch, count, catalog, counts)
        for name, make in CONTENT_STEPS:
            with _step(report, name):
                _put(store, counts, *make(plan))
        with _step(report, "app token"):
            token = _app_token(store, catalog.client_id, now, (lifetimes or Lifetimes()).app_token)
            counts["tokens"] = 1
        store.meta.set(META_BATCHES, str(batch))
        store.meta.set(f"generate.seed.{batch}", str(seed))
        if plan.has_star:
            store.meta.set(META_ALL_UNITS, plan.users[0].id)
        all_units = store.meta.get(META_ALL_UNITS) or ""
    return Generation(
        client_id=catalog.client_id,
        client_secret=catalog.client_secret,
        public_client_id=catalog.public_client_id,
        app_token=token,
        all_units_user_id=all_units,
        user_ids=tuple(u.id for u in plan.users),
        batch=batch,
        seed=seed,
        counts=counts,
    )


def _users(
    store: Store, ids: Ids, now: float, batch: int, count: int, catalog: Catalog, counts: dict[str, int]
) -> Plan:
    """Step 1: the batch's users (logins and ids new to the database) and their channels."""
    taken = (users.logins(store.db.conn), set(users.ids(store.db.conn)))
    made, ages = make_users(ids, now, batch, count, catalog.category_ids, taken)
    users.insert(store.db.conn, made)
    counts["users"] = len(made)
    plan = Plan.build(ids, now, batch, made, ages, catalog)
    _put(store, counts, channel_tags(plan), chat_settings(plan))
    return plan


def _relationships(plan: Plan) -> list[Sequence[Row]]:
    # in this order: each draws on the seed's randomness
    made: list[Sequence[Row]] = [follows(plan), blocks(plan)]
    roles = channel_roles(plan)
    return [*made, *_groups(roles), team_members(plan), *moderation_requests(plan, roles)]


def _groups(made: Any) -> list[Sequence[Row]]:
    """The row lists of a step's result dataclass, in field order (which is foreign-key order)."""
    return [getattr(made, f.name) for f in fields(made)]


# What hangs off the batch's users, step by step in foreign-key order: (name, rows to insert).
CONTENT_STEPS: tuple[tuple[str, Callable[[Plan], Sequence[Sequence[Row]]]], ...] = (
    ("relationships", _relationships),
    ("streams and videos", lambda plan: _groups(media(plan))),
    ("channel points", channel_points),
    ("polls and predictions", lambda plan: _groups(votes(plan))),
    ("schedules and drops", lambda plan: (*schedules(plan), entitlements(plan))),
    ("moderation", moderation),
    ("cheers", lambda plan: (cheers(plan),)),
    ("chat", chat),
    ("stream keys", lambda plan: (stream_keys(plan),)),
    ("charity", charity),
    ("goals", lambda plan: (goals(plan),)),
    ("hype trains", lambda plan: _groups(hype_trains(plan))),
    ("guest star", guest_star),
    ("power-ups", lambda plan: (power_ups(plan),)),
    ("chat moderation", chatmod),
    ("extensions", extensions),
    ("game analytics", lambda plan: (game_owners(plan),)),
)


@contextmanager
def _step(report: Progress, name: str) -> Iterator[None]:
    """Report a step as (name, 0, 1) when it starts and (name, 1, 1) when it is done."""
    report(name, 0, 1)
    yield
    report(name, 1, 1)


def _put(store: Store, counts: dict[str, int], *groups: Sequence[Row]) -> None:
    for rows in groups:
        if rows:
            table = rows[0].TABLE
            counts[table] = counts.get(table, 0) + insert_rows(store.db.conn, "INSERT", rows)


def _app_token(store: Store, client_id: str, now: float, lifetime: int) -> str:
    """A new app access token; minted from system randomness like every token, never from the seed."""
    token = Ids().secret(30)
    store.auth.add_token(Token(token, client_id, None, (), now, now + lifetime, None))
    return token


def _quiet(step: str, done: int, total: int) -> None:
    pass
