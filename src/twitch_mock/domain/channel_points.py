"""Channel points: custom rewards (dev.twitch.tv/docs/api/reference/#create-custom-rewards); their
redemptions are domain/redemptions.py's.

Only affiliates and partners have channel points. A reward may be changed, deleted, or have its
redemptions read and updated only by the client that created it (`creator`, used by the endpoint
tables' `CreatedBy`). `is_in_stock`, `cooldown_expires_at` and `redemptions_redeemed_current_stream`
are computed when read: a reward with a global cooldown is out of stock until its last redemption's
`redeemed_at` + cooldown; one with a per-stream maximum is out of stock once the live stream has
had that many redemptions; the per-stream count is null while the channel is offline.

This module owns this table: its row types, SQL and rules."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, ClassVar

from twitch_mock.core.clock import parse_rfc3339, rfc3339
from twitch_mock.core.errors import BadRequest, Forbidden, NotFound
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import converter, insert_rows

MAX_REWARDS, MAX_TITLE, MAX_PROMPT, MAX_COOLDOWN = 50, 45, 200, 604_800
DEFAULT_COLOR = "#9147FF"
COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
DEFAULT_IMAGE = "https://static-cdn.jtvnw.net/custom-reward-images/default-{}.png"
NOT_AFFILIATE = "The broadcaster is not a partner or affiliate."
TOO_MANY = "The request exceeds the maximum number of rewards allowed per channel."
DUPLICATE = "CREATE_CUSTOM_REWARD_DUPLICATE_REWARD"
DUPLICATE_UPDATE = "UPDATE_CUSTOM_REWARD_DUPLICATE_REWARD"
REWARD_NOT_FOUND = "The custom reward specified in the {} query parameter was not found."
REWARDS_NOT_FOUND = "All of the custom rewards specified using the id query parameter were not found."


@dataclass(frozen=True, slots=True)
class RewardRow:
    TABLE: ClassVar[str] = "custom_rewards"
    id: str
    broadcaster_id: str
    client_id: str
    title: str
    prompt: str
    cost: int
    background_color: str
    is_enabled: bool
    is_user_input_required: bool
    max_per_stream_enabled: bool
    max_per_stream: int
    max_per_user_per_stream_enabled: bool
    max_per_user_per_stream: int
    global_cooldown_enabled: bool
    global_cooldown_seconds: int
    is_paused: bool
    is_in_stock: bool  # not read: computed (see the module's docstring)
    should_redemptions_skip_request_queue: bool
    redemptions_redeemed_current_stream: int | None  # not read: computed
    cooldown_expires_at: str | None  # not read: computed
    created_at: str


@dataclass(frozen=True, slots=True)
class RewardChanges:
    """What Create and Update Custom Reward set; None leaves a field as it is (or its default)."""

    title: str | None = None
    cost: int | None = None
    prompt: str | None = None
    is_enabled: bool | None = None
    background_color: str | None = None
    is_user_input_required: bool | None = None
    is_max_per_stream_enabled: bool | None = None
    max_per_stream: int | None = None
    is_max_per_user_per_stream_enabled: bool | None = None
    max_per_user_per_stream: int | None = None
    is_global_cooldown_enabled: bool | None = None
    global_cooldown_seconds: int | None = None
    is_paused: bool | None = None
    should_redemptions_skip_request_queue: bool | None = None


# RewardChanges' names for RewardRow's columns where they differ
COLUMN_OF = {
    "is_max_per_stream_enabled": "max_per_stream_enabled",
    "is_max_per_user_per_stream_enabled": "max_per_user_per_stream_enabled",
    "is_global_cooldown_enabled": "global_cooldown_enabled",
}


@dataclass(frozen=True, slots=True)
class Image:
    url_1x: str
    url_2x: str
    url_4x: str


@dataclass(frozen=True, slots=True)
class MaxPerStream:
    is_enabled: bool
    max_per_stream: int


@dataclass(frozen=True, slots=True)
class MaxPerUserPerStream:
    is_enabled: bool
    max_per_user_per_stream: int


@dataclass(frozen=True, slots=True)
class GlobalCooldown:
    is_enabled: bool
    global_cooldown_seconds: int


@dataclass(frozen=True, slots=True)
class Reward:
    """A Get Custom Reward item."""

    broadcaster_id: str
    broadcaster_login: str
    broadcaster_name: str
    id: str
    title: str
    prompt: str
    cost: int
    image: Image | None  # null: the mock has no uploaded images, rewards show the default one
    default_image: Image
    background_color: str
    is_enabled: bool
    is_user_input_required: bool
    max_per_stream_setting: MaxPerStream
    max_per_user_per_stream_setting: MaxPerUserPerStream
    global_cooldown_setting: GlobalCooldown
    is_paused: bool
    is_in_stock: bool
    should_redemptions_skip_request_queue: bool
    redemptions_redeemed_current_stream: int | None
    cooldown_expires_at: str | None


@dataclass(frozen=True, slots=True)
class RewardState:
    """A reward's row with what its reads compute from (internal)."""

    row: RewardRow
    broadcaster_login: str
    broadcaster_name: str
    last_redeemed_at: str | None
    current_stream: int | None  # redemptions during the live stream; None when offline


# --- events ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Limit:
    is_enabled: bool
    value: int


@dataclass(frozen=True, slots=True)
class Cooldown:
    is_enabled: bool
    seconds: int


@dataclass(frozen=True, slots=True)
class RewardEvent(Event):
    """The payload of `channel.channel_points_custom_reward.add` / `.update` / `.remove`."""

    id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    is_enabled: bool
    is_paused: bool
    is_in_stock: bool
    title: str
    cost: int
    prompt: str
    is_user_input_required: bool
    should_redemptions_skip_request_queue: bool
    max_per_stream: Limit
    max_per_user_per_stream: Limit
    background_color: str
    image: Image | None
    default_image: Image
    global_cooldown: Cooldown
    cooldown_expires_at: str | None
    redemptions_redeemed_current_stream: int | None


@dataclass(frozen=True, slots=True)
class RewardAdd(RewardEvent):
    TYPE: ClassVar[str] = "channel.channel_points_custom_reward.add"


@dataclass(frozen=True, slots=True)
class RewardUpdate(RewardEvent):
    TYPE: ClassVar[str] = "channel.channel_points_custom_reward.update"


@dataclass(frozen=True, slots=True)
class RewardRemove(RewardEvent):
    TYPE: ClassVar[str] = "channel.channel_points_custom_reward.remove"


_ROW_COLUMNS = ", ".join(f'r."{f.name}"' for f in fields(RewardRow))
REWARD_SQL = f"""
SELECT {_ROW_COLUMNS}, u.login, u.display_name,
    (SELECT max(x.redeemed_at) FROM redemptions x WHERE x.reward_id = r.id),
    CASE WHEN st.user_id IS NOT NULL THEN
        (SELECT count(*) FROM redemptions x WHERE x.reward_id = r.id AND x.redeemed_at >= st.started_at)
    END
FROM custom_rewards r JOIN users u ON u.id = r.broadcaster_id
LEFT JOIN streams st ON st.user_id = r.broadcaster_id
"""
_ROW_WIDTH, _MAKE_ROW = len(fields(RewardRow)), converter(RewardRow)
# --- queries ---------------------------------------------------------------------------------


def creator(conn: sqlite3.Connection, reward_id: str) -> str | None:
    """The client that created the reward (None when there is no such reward): for `CreatedBy`."""
    row = conn.execute("SELECT client_id FROM custom_rewards WHERE id = ?", (reward_id,)).fetchone()
    return None if row is None else str(row[0])


def rewards(
    s: Services, broadcaster_id: str, ids: Sequence[str] = (), client_id: str | None = None
) -> list[Reward]:
    """The channel's rewards, oldest first: only those in `ids`, and those `client_id` created, when
    given (404 when `ids` were asked for and none is there)."""
    require_affiliate(s.conn, broadcaster_id)
    where, args = "r.broadcaster_id = ?", [broadcaster_id]
    if ids:
        where += f" AND r.id IN ({','.join('?' * len(ids))})"
        args += ids
    if client_id is not None:
        where += " AND r.client_id = ?"
        args.append(client_id)
    found = [shown(s, state) for state in _states(s.conn, where, args)]
    if ids and not found:
        raise NotFound(REWARDS_NOT_FOUND)
    return found


def _states(conn: sqlite3.Connection, where: str, args: Sequence[Any]) -> list[RewardState]:
    make, width = _MAKE_ROW, _ROW_WIDTH
    rows = conn.execute(f"{REWARD_SQL} WHERE {where} ORDER BY r.created_at, r.id", args)
    return [RewardState(make(row[:width]), *row[width:]) for row in rows]


def reward_state(conn: sqlite3.Connection, reward_id: str) -> RewardState | None:
    found = _states(conn, "r.id = ?", (reward_id,))
    return found[0] if found else None


def shown(s: Services, state: RewardState) -> Reward:
    r, now = state.row, s.clock.now()
    cooldown_until = None
    if r.global_cooldown_enabled and state.last_redeemed_at is not None:
        until = parse_rfc3339(state.last_redeemed_at) + r.global_cooldown_seconds
        cooldown_until = rfc3339(until) if until > now else None
    sold_out = (
        r.max_per_stream_enabled
        and state.current_stream is not None
        and state.current_stream >= r.max_per_stream
    )
    default = Image(*(DEFAULT_IMAGE.format(n) for n in (1, 2, 4)))
    return Reward(
        r.broadcaster_id,
        state.broadcaster_login,
        state.broadcaster_name,
        r.id,
        r.title,
        r.prompt,
        r.cost,
        None,
        default,
        r.background_color,
        r.is_enabled,
        r.is_user_input_required,
        MaxPerStream(r.max_per_stream_enabled, r.max_per_stream),
        MaxPerUserPerStream(r.max_per_user_per_stream_enabled, r.max_per_user_per_stream),
        GlobalCooldown(r.global_cooldown_enabled, r.global_cooldown_seconds),
        r.is_paused,
        cooldown_until is None and not sold_out,
        r.should_redemptions_skip_request_queue,
        state.current_stream,
        cooldown_until,
    )


# --- rules -----------------------------------------------------------------------------------


def require_affiliate(conn: sqlite3.Connection, broadcaster_id: str) -> None:
    """Channel points exist for affiliates and partners only (403 otherwise)."""
    row = conn.execute("SELECT broadcaster_type FROM users WHERE id = ?", (broadcaster_id,)).fetchone()
    if row is None or row[0] not in ("affiliate", "partner"):
        raise Forbidden(NOT_AFFILIATE)


def the_reward(
    conn: sqlite3.Connection, broadcaster_id: str, reward_id: str, param: str = "id"
) -> RewardState:
    """The channel's reward `reward_id` (404 naming the parameter `param` otherwise)."""
    found = reward_state(conn, reward_id)
    if found is None or found.row.broadcaster_id != broadcaster_id:
        raise NotFound(REWARD_NOT_FOUND.format(param))
    return found


def create(s: Services, broadcaster_id: str, client_id: str, changes: RewardChanges) -> Reward:
    """A new reward of the channel, owned by `client_id`; publishes `...custom_reward.add`."""
    require_affiliate(s.conn, broadcaster_id)
    if changes.title is None or changes.cost is None:
        raise BadRequest(
            'Missing required parameter "title"'
            if changes.title is None
            else 'Missing required parameter "cost"'
        )
    count = s.conn.execute("SELECT count(*) FROM custom_rewards WHERE broadcaster_id = ?", (broadcaster_id,))
    if count.fetchone()[0] >= MAX_REWARDS:
        raise BadRequest(TOO_MANY)
    blank = RewardRow(
        s.ids.guid(), broadcaster_id, client_id, "", "", 0, DEFAULT_COLOR, True, False, False, 0, False, 0,
        False, 0, False, True, False, None, None, s.now(),
    )  # fmt: skip
    row = _apply(blank, changes)
    _check(s.conn, row, DUPLICATE)
    insert_rows(s.conn, "INSERT", [row])
    made = shown(s, the_reward(s.conn, broadcaster_id, row.id))
    s.publish(RewardAdd(*_event_fields(made)))
    return made


def update(s: Services, broadcaster_id: str, reward_id: str, changes: RewardChanges) -> Reward:
    """Change only the fields given (booleans may be turned off); publishes `...custom_reward.update`
    when something changed."""
    require_affiliate(s.conn, broadcaster_id)
    current = the_reward(s.conn, broadcaster_id, reward_id)
    row = _apply(current.row, changes)
    if row == current.row:
        return shown(s, current)
    _check(s.conn, row, DUPLICATE_UPDATE)
    values = {
        f.name: getattr(row, f.name)
        for f in fields(RewardRow)
        if getattr(row, f.name) != getattr(current.row, f.name)
    }
    assignments = ", ".join(f'"{name}" = ?' for name in values)
    s.conn.execute(f"UPDATE custom_rewards SET {assignments} WHERE id = ?", (*values.values(), reward_id))
    updated = shown(s, the_reward(s.conn, broadcaster_id, reward_id))
    s.publish(RewardUpdate(*_event_fields(updated)))
    return updated


def delete(s: Services, broadcaster_id: str, reward_id: str) -> None:
    """Delete the reward and its redemptions; publishes `...custom_reward.remove`."""
    require_affiliate(s.conn, broadcaster_id)
    gone = shown(s, the_reward(s.conn, broadcaster_id, reward_id))
    s.conn.execute("DELETE FROM custom_rewards WHERE id = ?", (reward_id,))
    s.publish(RewardRemove(*_event_fields(gone)))


def _apply(row: RewardRow, changes: RewardChanges) -> RewardRow:
    given = {COLUMN_OF.get(f.name, f.name): getattr(changes, f.name) for f in fields(RewardChanges)}
    return replace(row, **{name: value for name, value in given.items() if value is not None})


def _check(conn: sqlite3.Connection, row: RewardRow, duplicate: str) -> None:
    """A reward's limits (Twitch's create/update rules), on the row as it would be written."""
    if not 1 <= len(row.title) <= MAX_TITLE or not row.title.strip():
        raise BadRequest(
            f"The title must contain a minimum of 1 character and a maximum of {MAX_TITLE} characters"
        )
    if len(row.prompt) > MAX_PROMPT:
        raise BadRequest(f"The prompt field is limited to a maximum of {MAX_PROMPT} characters")
    if row.cost < 1:
        raise BadRequest("The cost field must contain a minimum of 1 point")
    if not COLOR.fullmatch(row.background_color):
        raise BadRequest("The background_color field must be a hex color code, such as #9147FF")
    if row.max_per_stream_enabled and row.max_per_stream < 1:
        raise BadRequest("If is_max_per_stream_enabled is true, the minimum value for max_per_stream is 1")
    if row.max_per_user_per_stream_enabled and row.max_per_user_per_stream < 1:
        raise BadRequest(
            "If is_max_per_user_per_stream_enabled is true, the minimum value for "
            "max_per_user_per_stream is 1"
        )
    if row.global_cooldown_enabled and not 1 <= row.global_cooldown_seconds <= MAX_COOLDOWN:
        raise BadRequest(
            "If is_global_cooldown_enabled is true, the minimum value for global_cooldown_seconds is 1 "
            f"and the maximum is {MAX_COOLDOWN}"
        )
    taken = conn.execute(
        "SELECT 1 FROM custom_rewards WHERE broadcaster_id = ? AND lower(title) = lower(?) AND id != ?",
        (row.broadcaster_id, row.title, row.id),
    ).fetchone()
    if taken:
        raise BadRequest(duplicate)


def _event_fields(r: Reward) -> tuple[Any, ...]:
    return (
        r.id, r.broadcaster_id, r.broadcaster_login, r.broadcaster_name, r.is_enabled, r.is_paused,
        r.is_in_stock,
        r.title, r.cost, r.prompt, r.is_user_input_required, r.should_redemptions_skip_request_queue,
        Limit(r.max_per_stream_setting.is_enabled, r.max_per_stream_setting.max_per_stream),
        Limit(
            r.max_per_user_per_stream_setting.is_enabled,
            r.max_per_user_per_stream_setting.max_per_user_per_stream,
        ),
        r.background_color, r.image, r.default_image,
        Cooldown(r.global_cooldown_setting.is_enabled, r.global_cooldown_setting.global_cooldown_seconds),
        r.cooldown_expires_at, r.redemptions_redeemed_current_stream,
    )  # fmt: skip
