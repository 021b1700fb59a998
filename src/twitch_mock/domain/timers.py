"""Moments the mock's clock will pass at which the world announces something that no read settles:
the `timers` table (store/schema/v3/timers.sql), one row per (kind, key), indexed by when it is due,
so it survives restarts and a due row is found without a scan. A family sets a timer when it starts
something that ends on its own (a Hype Train: `hype_train.end` at its `expires_at`), moves it when
the end moves, and clears it when the thing ends another way. `take_due` removes the due rows in
the caller's transaction, so each fires exactly once however many clock jumps pass it.

Polls and predictions need no rows here: their stored status records whether their end (or lock)
was announced, and `polls.settle_due` / `predictions.due` find those whose time is up from their own
indexed columns. domain/wiring.py runs all of it when the clock moves and once a second while a
server runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.domain.services import Services


@dataclass(frozen=True, slots=True)
class TimerRow:
    """A timers row, for what is written in bulk (the generator's current Hype Train)."""

    TABLE: ClassVar[str] = "timers"
    kind: str
    key: str
    due_at: str


def set_timer(s: Services, kind: str, key: str, due_at: str) -> None:
    """`kind` fires for `key` when the mock's clock reaches `due_at` (RFC3339), replacing the time set
    before."""
    s.conn.execute(
        "INSERT INTO timers (kind, key, due_at) VALUES (?, ?, ?)"
        " ON CONFLICT (kind, key) DO UPDATE SET due_at = excluded.due_at",
        (kind, key, due_at),
    )


def clear_timer(s: Services, kind: str, key: str) -> None:
    s.conn.execute("DELETE FROM timers WHERE kind = ? AND key = ?", (kind, key))


def take_due(s: Services) -> list[tuple[str, str, str]]:
    """(kind, key, due_at) of every timer due now, oldest first, removed from the table."""
    return [
        (str(kind), str(key), str(due_at))
        for kind, key, due_at in s.conn.execute(
            "DELETE FROM timers WHERE due_at <= ? RETURNING kind, key, due_at", (s.now(),)
        ).fetchall()
    ]


def next_due(s: Services) -> str | None:
    row = s.conn.execute("SELECT min(due_at) FROM timers").fetchone()
    return None if row is None or row[0] is None else str(row[0])
