"""Helix's token-bucket rate limit (dev.twitch.tv/docs/api/guide/#twitch-rate-limits): 800 points
a minute per client (app tokens) or per client and user (user tokens). Every response reports the
bucket in Ratelimit-* headers; refusing with 429 is opt-in (`--rate-limit N`)."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.core.errors import TooManyRequests

DEFAULT_LIMIT = 800


@dataclass(slots=True)
class Bucket:
    points: float
    updated: float


class RateLimiter:
    def __init__(self, limit: int | None) -> None:
        self.enforce = limit is not None
        self.limit = limit if limit is not None else DEFAULT_LIMIT
        self.buckets: dict[tuple[str, str], Bucket] = {}
        self._limit_header = (b"ratelimit-limit", str(self.limit).encode())

    def take(self, key: tuple[str, str], now: float) -> list[tuple[bytes, bytes]]:
        """Spend one point; the headers to send. Raises 429 (carrying the headers) when the
        bucket is empty and limits are enforced."""
        rate = self.limit / 60.0
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = self.buckets[key] = Bucket(float(self.limit), now)
        else:
            bucket.points = min(float(self.limit), bucket.points + (now - bucket.updated) * rate)
            bucket.updated = now
        refused = bucket.points < 1
        if not refused:
            bucket.points -= 1
        remaining = int(bucket.points)
        reset = int(now + (self.limit - bucket.points) / rate) if bucket.points < self.limit else int(now)
        headers = [
            self._limit_header,
            (b"ratelimit-remaining", b"%d" % remaining),
            (b"ratelimit-reset", b"%d" % reset),
        ]
        if refused and self.enforce:
            raise TooManyRequests("Request limit exceeded", {k.decode(): v.decode() for k, v in headers})
        return headers
