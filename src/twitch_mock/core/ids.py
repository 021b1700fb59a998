"""Ids, secrets and random choices. Generated worlds use a seeded `random.Random`, so the same seed
gives the same data; anything minted at run time (tokens, new polls) uses the system's randomness,
so a restarted server never re-issues a value it issued before."""

from __future__ import annotations

import os
import random
import string
import time
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

_ALNUM_LOWER = string.ascii_lowercase + string.digits
_ALNUM = string.ascii_letters + string.digits
# The random part of `ordered_guid`s (message, poll and choice ids, which need to be unique, not
# secret): seeded from the OS once, it costs no system call per id as SystemRandom does.
_ORDERED = random.Random()
os.register_at_fork(after_in_child=_ORDERED.seed)  # a forked child draws its own bits


_VARIANT = {digit: "89ab"[int(digit, 16) % 4] for digit in "0123456789abcdef"}  # random -> variant


def _uuid4(h: str) -> str:
    """32 hex digits as an 8-4-4-4-12 UUID with the version 4 and variant bits set."""
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}"


class Ids:
    """Makes Twitch-shaped ids and secrets from one source of randomness."""

    def __init__(self, rng: random.Random | None = None) -> None:
        self.rng = rng if rng is not None else random.SystemRandom()

    @classmethod
    def seeded(cls, seed: int | str) -> Ids:
        return cls(random.Random(seed))

    def numeric(self, digits: int = 9) -> str:
        """A numeric id as text, like user, game and video ids ("141981764")."""
        return str(self.rng.randrange(10 ** (digits - 1), 10**digits))

    def guid(self) -> str:
        """A lowercase 8-4-4-4-12 UUID (version 4 bits set), like poll and reward ids."""
        return _uuid4(f"{self.rng.getrandbits(128):032x}")

    def ordered_guid(self) -> str:
        """A `guid` whose first 48 bits are the wall clock's milliseconds (the rest random, version 4
        bits set): rows keyed by these are inserted next to each other, so a commit rewrites one
        page of the key's index, not one random page per row. A seeded source gives plain `guid`s
        (the same seed, the same ids)."""
        if not isinstance(self.rng, random.SystemRandom):
            return self.guid()
        return _uuid4(f"{time.time_ns() // 1_000_000 % (1 << 48):012x}{_ORDERED.getrandbits(80):020x}")

    def ordered_guids(self, count: int) -> list[str]:
        """`count` ordered guids at once (one clock reading, one draw of random bits): the
        message ids of one event's notifications."""
        if not isinstance(self.rng, random.SystemRandom):
            return [self.guid() for _ in range(count)]
        t = f"{time.time_ns() // 1_000_000 % (1 << 48):012x}"
        head = f"{t[:8]}-{t[8:12]}-4"
        bits = f"{_ORDERED.getrandbits(80 * count):0{20 * count}x}"
        # as _uuid4(t + 20 random digits): the digit after the 12 of time gives way to the 4
        return [
            f"{head}{bits[n + 1 : n + 4]}-{_VARIANT[bits[n + 4]]}{bits[n + 5 : n + 8]}-{bits[n + 8 : n + 20]}"
            for n in range(0, 20 * count, 20)
        ]

    def secret(self, length: int = 30) -> str:
        """Lowercase a-z0-9, the alphabet of Twitch client ids, secrets and tokens."""
        return "".join(self.rng.choices(_ALNUM_LOWER, k=length))

    def mixed(self, length: int) -> str:
        return "".join(self.rng.choices(_ALNUM, k=length))

    def upper(self, length: int) -> str:
        return "".join(self.rng.choices(string.ascii_uppercase, k=length))

    def choice(self, items: Sequence[T]) -> T:
        return self.rng.choice(items)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def between(self, low: int, high: int) -> int:
        """An integer in [low, high]."""
        return self.rng.randint(low, high)

    def sample(self, items: Sequence[T], k: int) -> list[T]:
        return self.rng.sample(list(items), min(k, len(items)))
