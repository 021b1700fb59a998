"""Back to the seeded state by regenerating: every generation batch is made again from the seed and
user count the database recorded for it, after every unit is deleted, all in one transaction.

`twitch-mock reset` works this way on a database file (a running server sees the result), and so
does `MockTwitch.reset()` for a database too big to snapshot in memory. The same seeds give the
same users, ids, logins and clients; times are taken afresh from the clock and tokens are new."""

from __future__ import annotations

from twitch_mock.core.clock import Clock
from twitch_mock.domain import users
from twitch_mock.generator import Generation, generate
from twitch_mock.store import Store


class ReseedError(Exception):
    """The database doesn't record how it was generated."""


def reseed(store: Store, clock: Clock) -> list[Generation]:
    with store.transaction():
        plan = []
        for batch, count in users.batches(store.db.conn):
            seed = store.meta.get(f"generate.seed.{batch}")
            if seed is None:
                raise ReseedError(f"the database doesn't record the seed of generation batch {batch}")
            plan.append((int(seed), count))
        store.wipe()
        return [generate(store, count=count, seed=seed, clock=clock) for seed, count in plan]
