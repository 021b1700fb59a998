"""The plan of one `generate` batch: its seeded randomness, its users and the fixed catalogue, with the
small helpers every step uses to pick other users and to place events in time.

Times are `now` minus seeded offsets, so the same seed gives the same world apart from absolute
timestamps. Nothing here iterates a set of strings, whose order changes between processes."""

from __future__ import annotations

import random
from dataclasses import dataclass

from twitch_mock.core.clock import rfc3339
from twitch_mock.core.ids import Ids
from twitch_mock.domain.users import UserRecord
from twitch_mock.generator.catalog import Catalog

MINUTE = 60
HOUR = 3600
DAY = 86_400
# Twitch's longest poll and prediction window: the generated running ones last this long, and the
# next ad break of a generated stream is further away, so nothing generated falls due on the clock
# in the first ~25 minutes (a test recording every event hears only what it caused).
QUIET = 30 * MINUTE


@dataclass(frozen=True, slots=True)
class Plan:
    ids: Ids
    now: float
    batch: int
    users: tuple[UserRecord, ...]
    ages: tuple[float, ...]  # seconds since each user was created
    catalog: Catalog
    has_star: bool  # users[0] is the "all units" user (the first batch's first user)
    casters: tuple[int, ...]  # indexes of affiliates and partners: who can have subs and channel points

    @classmethod
    def build(
        cls, ids: Ids, now: float, batch: int, users: list[UserRecord], ages: list[float], catalog: Catalog
    ) -> Plan:
        casters = tuple(i for i, u in enumerate(users) if u.broadcaster_type)
        return cls(ids, now, batch, tuple(users), tuple(ages), catalog, batch == 1 and bool(users), casters)

    @property
    def rng(self) -> random.Random:
        return self.ids.rng

    def is_star(self, index: int) -> bool:
        return self.has_star and index == 0

    def ago(self, seconds: float) -> str:
        return rfc3339(self.now - seconds)

    def ahead(self, seconds: float) -> str:
        return rfc3339(self.now + seconds)

    def since(self, *indexes: int) -> str:
        """A moment after all these users were created (when two users met, say)."""
        return self.ago(self.rng.random() * min(self.ages[i] for i in indexes))

    def others(self, index: int, k: int) -> list[int]:
        """Up to k distinct random user indexes other than `index`, in random order."""
        n = len(self.users)
        picks = self.rng.sample(range(n - 1), min(k, n - 1))
        return [j + 1 if j >= index else j for j in picks]

    def anyone(self) -> int:
        return self.rng.randrange(len(self.users))

    def weighted(self, weights: tuple[int, ...]) -> int:
        """An index into `weights`, chosen in proportion to them."""
        return self.rng.choices(range(len(weights)), weights)[0]
