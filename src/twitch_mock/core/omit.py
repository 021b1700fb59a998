"""Fields Twitch leaves out of a response in some cases (Get Users' `email` without
`user:read:email`). A row class that has such fields derives from `Sparse`; a field whose value is
`OMIT` is not serialised at all (http/render.py)."""

from __future__ import annotations

from typing import Final


class Omit:
    __slots__ = ()

    def __repr__(self) -> str:
        return "OMIT"

    def __bool__(self) -> bool:
        return False


OMIT: Final = Omit()


class Sparse:
    """Marker base of row dataclasses with fields that may be `OMIT`."""

    __slots__ = ()
