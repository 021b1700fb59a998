"""The store's side of cursor pagination: which slice of a query's ordered rows to fetch."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Window:
    """Rows [offset, offset + limit) of an ordered result. Stores fetch `fetch` rows (one more than
    asked) so the caller can tell whether more follow."""

    offset: int
    limit: int

    @property
    def fetch(self) -> int:
        return self.limit + 1
