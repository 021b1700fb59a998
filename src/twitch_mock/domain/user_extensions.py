"""A broadcaster's extensions (dev.twitch.tv/docs/api/reference/#get-user-extensions): the ones
installed, and the slots they are active in: panel 1-3, overlay 1, component 1-2 (a component
also has its x, y position).

This module owns user_extensions and user_extension_slots."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Final

import orjson

from twitch_mock.core.errors import BadRequest, NotFound, malformed
from twitch_mock.core.omit import OMIT, Omit, Sparse
from twitch_mock.domain import checks
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows

SLOTS: Final = {"panel": ("1", "2", "3"), "overlay": ("1",), "component": ("1", "2")}
NOT_FOUND = "An extension with the specified id and version values was not found"
MAX_POSITION = 8000  # a component's x and y, in hundredths of a percent of the video (0-8000)


@dataclass(frozen=True, slots=True)
class InstallRow:
    TABLE: ClassVar[str] = "user_extensions"
    user_id: str
    extension_id: str
    extension_version: str
    created_at: str


@dataclass(frozen=True, slots=True)
class SlotRow:
    TABLE: ClassVar[str] = "user_extension_slots"
    user_id: str
    slot_type: str
    slot: str
    extension_id: str
    extension_version: str
    x: int | None = None
    y: int | None = None


@dataclass(frozen=True, slots=True)
class Installed:
    """A Get User Extensions item."""

    id: str
    version: str
    name: str
    can_activate: bool
    type: list[str]


@dataclass(frozen=True, slots=True)
class Slot(Sparse):
    """One slot of Get User Active Extensions: `{"active": false}` when empty."""

    active: bool
    id: str | Omit = OMIT
    version: str | Omit = OMIT
    name: str | Omit = OMIT
    x: int | Omit = OMIT
    y: int | Omit = OMIT


@dataclass(frozen=True, slots=True)
class ActiveExtensions(Sparse):
    """Get User Active Extensions' `data`: every slot by type and number."""

    panel: dict[str, Slot]
    overlay: dict[str, Slot]
    component: dict[str, Slot]


@dataclass(frozen=True, slots=True)
class _InstalledRow:
    id: str
    version: str
    name: str
    state: str
    author_id: str
    types: str
    active: bool


INSTALLED = Select(
    _InstalledRow,
    "user_extensions i JOIN extensions e ON e.id = i.extension_id AND e.version = i.extension_version",
    id="e.id",
    version="e.version",
    name="e.name",
    state="e.state",
    author_id="e.author_id",
    types="e.types",
    active="EXISTS (SELECT 1 FROM user_extension_slots s "
    "WHERE s.user_id = i.user_id AND s.extension_id = e.id)",
)


def _types(types: str) -> list[str]:
    return [t for t in orjson.loads(types) if isinstance(t, str)]


def installed(conn: sqlite3.Connection, user_id: str, include_inactive: bool) -> list[Installed]:
    """The user's installed extensions, by name; only the active ones unless `include_inactive`.
    An extension can be activated when it is released, or when the user is its author (testing)."""
    return [
        Installed(r.id, r.version, r.name, r.state == "Released" or r.author_id == user_id, _types(r.types))
        for r in INSTALLED.all(conn, "i.user_id = ?", (user_id,), "e.name, e.id")
        if include_inactive or r.active
    ]


def active(conn: sqlite3.Connection, user_id: str) -> ActiveExtensions:
    """Every slot of the user, filled or not."""
    filled = {
        (r[0], r[1]): r
        for r in conn.execute(
            "SELECT s.slot_type, s.slot, s.extension_id, s.extension_version, COALESCE(e.name, ''), s.x, s.y "
            "FROM user_extension_slots s LEFT JOIN extensions e ON e.id = s.extension_id "
            "AND e.version = s.extension_version WHERE s.user_id = ?",
            (user_id,),
        )
    }
    out: dict[str, dict[str, Slot]] = {}
    for kind, slots in SLOTS.items():
        out[kind] = {}
        for slot in slots:
            r = filled.get((kind, slot))
            if r is None:
                out[kind][slot] = Slot(False)
            elif kind == "component":
                out[kind][slot] = Slot(True, r[2], r[3], r[4], r[5] or 0, r[6] or 0)
            else:
                out[kind][slot] = Slot(True, r[2], r[3], r[4])
    return ActiveExtensions(out["panel"], out["overlay"], out["component"])


def install(s: Services, user_id: str, extension_id: str, version: str) -> InstallRow:
    checks.user(s, "user_id", user_id)
    if not s.conn.execute(
        "SELECT 1 FROM extensions WHERE id = ? AND version = ?", (extension_id, version)
    ).fetchone():
        raise NotFound(NOT_FOUND)
    row = InstallRow(user_id, extension_id, version, s.now())
    insert_rows(s.conn, "INSERT OR REPLACE", [row])
    return row


def update(s: Services, user_id: str, changes: Mapping[str, Any]) -> ActiveExtensions:
    """Update User Extensions: each slot named is filled (`active: true`, an installed extension's
    id and version, of a type the extension supports) or emptied (`active: false`); all or none."""
    rows: list[SlotRow] = []
    cleared: list[tuple[str, str]] = []
    for kind, slots in changes.items():
        if kind not in SLOTS:
            raise malformed("data", f"the slot types are panel, overlay and component, not {kind!r}")
        if not isinstance(slots, dict):
            raise malformed(f"data.{kind}", "the value must be an object")
        for slot, value in slots.items():
            if slot not in SLOTS[kind]:
                raise malformed(
                    f"data.{kind}", f"the {kind} slots are {', '.join(SLOTS[kind])}, not {slot!r}"
                )
            found = _slot(s.conn, user_id, kind, slot, value)
            if found is None:
                cleared.append((kind, slot))
            else:
                rows.append(found)
    for kind, slot in cleared:
        s.conn.execute(
            "DELETE FROM user_extension_slots WHERE user_id = ? AND slot_type = ? AND slot = ?",
            (user_id, kind, slot),
        )
    insert_rows(s.conn, "INSERT OR REPLACE", rows)
    _no_twice(s.conn, user_id)
    return active(s.conn, user_id)


def _slot(conn: sqlite3.Connection, user_id: str, kind: str, slot: str, value: Any) -> SlotRow | None:
    name = f"data.{kind}.{slot}"
    if not isinstance(value, dict) or not isinstance(value.get("active"), bool):
        raise malformed(name, 'the value must be an object with a boolean "active"')
    if not value["active"]:
        return None
    extension_id, version = value.get("id"), value.get("version")
    if not isinstance(extension_id, str) or not isinstance(version, str) or not extension_id or not version:
        raise malformed(name, 'an active slot needs the extension\'s "id" and "version"')
    found = next(
        (i for i in installed(conn, user_id, True) if (i.id, i.version) == (extension_id, version)), None
    )
    if found is None:
        raise NotFound(NOT_FOUND)
    if kind not in found.type:
        raise malformed(name, f"the extension cannot be activated in {kind} slots")
    if not found.can_activate:
        raise BadRequest("The extension cannot be activated")
    x, y = (_position(name, value, "x"), _position(name, value, "y")) if kind == "component" else (None, None)
    return SlotRow(user_id, kind, slot, extension_id, version, x, y)


def _position(name: str, value: dict[str, Any], axis: str) -> int:
    got = value.get(axis, 0)
    if isinstance(got, bool) or not isinstance(got, int) or not 0 <= got <= MAX_POSITION:
        raise malformed(f"{name}.{axis}", f"the value must be an integer from 0 to {MAX_POSITION}")
    return got


def _no_twice(conn: sqlite3.Connection, user_id: str) -> None:
    twice = conn.execute(
        "SELECT slot_type FROM user_extension_slots WHERE user_id = ? "
        "GROUP BY slot_type, extension_id HAVING COUNT(*) > 1",
        (user_id,),
    ).fetchone()
    if twice is not None:
        raise malformed("data", f"an extension may be active in one {twice[0]} slot only")
