"""Custom reward redemptions (dev.twitch.tv/docs/api/reference/#get-custom-reward-redemption,
#update-redemption-status): viewers redeem a channel's rewards (domain/channel_points.py); the
broadcaster's app fulfills or cancels them, only from UNFULFILLED. A redemption shows its reward
as the reward is now. Deleting a reward deletes its redemptions (the foreign key cascades).

This module owns this table: its row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from twitch_mock.core.errors import BadRequest, NotFound
from twitch_mock.domain.channel_points import (
    REWARD_NOT_FOUND,
    require_affiliate,
    reward_state,
    shown,
    the_reward,
)
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows

REDEMPTION_STATUSES = ("UNFULFILLED", "FULFILLED", "CANCELED")
REDEMPTIONS_NOT_FOUND = "All of the redemptions specified using the id query parameter were not found."
NOT_UNFULFILLED = (
    "The redemptions specified using the id query parameter were not found or their statuses weren't "
    "marked as UNFULFILLED."
)


@dataclass(frozen=True, slots=True)
class RedemptionRow:
    TABLE: ClassVar[str] = "redemptions"
    id: str
    reward_id: str
    broadcaster_id: str
    user_id: str
    user_input: str
    status: str
    redeemed_at: str


@dataclass(frozen=True, slots=True)
class RedeemedReward:
    id: str
    title: str
    prompt: str
    cost: int


@dataclass(frozen=True, slots=True)
class Redemption:
    """A Get Custom Reward Redemption item (`reward` as the reward is now)."""

    broadcaster_id: str
    broadcaster_login: str
    broadcaster_name: str
    id: str
    user_id: str
    user_name: str
    user_login: str
    reward: RedeemedReward
    user_input: str
    status: str
    redeemed_at: str


@dataclass(frozen=True, slots=True)
class _RedemptionRecord:
    broadcaster_id: str
    broadcaster_login: str
    broadcaster_name: str
    id: str
    user_id: str
    user_name: str
    user_login: str
    reward_id: str
    reward_title: str
    reward_prompt: str
    reward_cost: int
    user_input: str
    status: str
    redeemed_at: str


@dataclass(frozen=True, slots=True)
class RedemptionEvent(Event):
    """The payload of `channel.channel_points_custom_reward_redemption.add` / `.update`."""

    id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    user_id: str
    user_login: str
    user_name: str
    user_input: str
    status: str  # unfulfilled | fulfilled | canceled
    reward: RedeemedReward
    redeemed_at: str


@dataclass(frozen=True, slots=True)
class RedemptionAdd(RedemptionEvent):
    TYPE: ClassVar[str] = "channel.channel_points_custom_reward_redemption.add"


@dataclass(frozen=True, slots=True)
class RedemptionUpdate(RedemptionEvent):
    TYPE: ClassVar[str] = "channel.channel_points_custom_reward_redemption.update"


REDEMPTION = Select(
    _RedemptionRecord,
    "redemptions x JOIN custom_rewards r ON r.id = x.reward_id JOIN users b ON b.id = x.broadcaster_id "
    "JOIN users u ON u.id = x.user_id",
    alias="x",
    broadcaster_login="b.login",
    broadcaster_name="b.display_name",
    user_name="u.display_name",
    user_login="u.login",
    reward_title="r.title",
    reward_prompt="r.prompt",
    reward_cost="r.cost",
)
OLDEST_FIRST, NEWEST_FIRST = Order.of("x.redeemed_at", "x.id"), Order.of("x.redeemed_at DESC", "x.id DESC")


def redemptions(
    conn: sqlite3.Connection,
    reward_id: str,
    window: Window,
    *,
    status: str | None = None,
    ids: Sequence[str] = (),
    newest_first: bool = False,
) -> Slice[Redemption]:
    where, args = "x.reward_id = ?", [reward_id]
    if status is not None:
        where += " AND x.status = ?"
        args.append(status)
    if ids:
        where += f" AND x.id IN ({','.join('?' * len(ids))})"
        args += ids
    page = REDEMPTION.page(conn, window, NEWEST_FIRST if newest_first else OLDEST_FIRST, where, args)
    return Slice([_redemption(r) for r in page.rows], page.first, page.last, page.more, page.backwards)


def _redemption(r: _RedemptionRecord) -> Redemption:
    return Redemption(
        r.broadcaster_id,
        r.broadcaster_login,
        r.broadcaster_name,
        r.id,
        r.user_id,
        r.user_name,
        r.user_login,
        RedeemedReward(r.reward_id, r.reward_title, r.reward_prompt, r.reward_cost),
        r.user_input,
        r.status,
        r.redeemed_at,
    )


def set_redemption_status(
    s: Services, broadcaster_id: str, reward_id: str, ids: Sequence[str], status: str
) -> list[Redemption]:
    """Fulfill or cancel the reward's UNFULFILLED redemptions among `ids` (404 when there are none);
    publishes `...custom_reward_redemption.update` for each."""
    if status not in ("FULFILLED", "CANCELED"):
        raise BadRequest(f"The value in the status field is not valid: {status}")
    require_affiliate(s.conn, broadcaster_id)
    the_reward(s.conn, broadcaster_id, reward_id, "reward_id")
    marks = ",".join("?" * len(ids))
    changed = [
        r[0]
        for r in s.conn.execute(
            "UPDATE redemptions SET status = ? WHERE reward_id = ? AND status = 'UNFULFILLED' "
            f"AND id IN ({marks}) RETURNING id",
            (status, reward_id, *ids),
        ).fetchall()
    ]
    if not changed:
        raise NotFound(NOT_UNFULFILLED)
    page = redemptions(s.conn, reward_id, Window(len(changed)), ids=changed)
    for r in page.rows:
        s.publish(RedemptionUpdate(*_redemption_fields(r)))
    return page.rows


def redeem(s: Services, reward_id: str, user_id: str, user_input: str = "") -> Redemption:
    """A viewer redeems a reward (for the control API and `MockTwitch`): it must be enabled, not
    paused, in stock, within the viewer's per-stream maximum while live, and take input when it
    requires it; publishes `...redemption.add`."""
    state = reward_state(s.conn, reward_id)
    if state is None:
        raise NotFound(REWARD_NOT_FOUND.format("reward_id"))
    reward = shown(s, state)
    if not reward.is_enabled or reward.is_paused or not reward.is_in_stock:
        raise BadRequest("The reward cannot be redeemed now (disabled, paused or out of stock)")
    if reward.is_user_input_required and not user_input.strip():
        raise BadRequest('The reward requires "user_input"')
    if (
        user_id == reward.broadcaster_id
        or not s.conn.execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone()
    ):
        raise BadRequest(f'The user in "user_id" cannot redeem this reward: {user_id}')
    if reward.max_per_user_per_stream_setting.is_enabled and state.current_stream is not None:
        mine = s.conn.execute(
            "SELECT count(*) FROM redemptions x JOIN streams st ON st.user_id = x.broadcaster_id "
            "WHERE x.reward_id = ? AND x.user_id = ? AND x.redeemed_at >= st.started_at",
            (reward_id, user_id),
        ).fetchone()[0]
        if mine >= reward.max_per_user_per_stream_setting.max_per_user_per_stream:
            raise BadRequest("The user has redeemed this reward the most times allowed in this stream")
    row = RedemptionRow(
        s.ids.guid(), reward_id, reward.broadcaster_id, user_id, user_input, "UNFULFILLED", s.now()
    )
    insert_rows(s.conn, "INSERT", [row])
    made = redemptions(s.conn, reward_id, Window(1), ids=[row.id]).rows[0]
    s.publish(RedemptionAdd(*_redemption_fields(made)))
    return made


def _redemption_fields(r: Redemption) -> tuple[Any, ...]:
    return (
        r.id, r.broadcaster_id, r.broadcaster_login, r.broadcaster_name, r.user_id, r.user_login, r.user_name,
        r.user_input, r.status.lower(), r.reward, r.redeemed_at,
    )  # fmt: skip


def reward_redemptions(
    s: Services,
    broadcaster_id: str,
    reward_id: str,
    window: Window,
    *,
    status: str | None,
    ids: Sequence[str],
    newest_first: bool,
) -> Slice[Redemption]:
    """Get Custom Reward Redemption: a page of the channel's reward's redemptions (404 when `ids`
    were asked for and none is there)."""
    require_affiliate(s.conn, broadcaster_id)
    the_reward(s.conn, broadcaster_id, reward_id, "reward_id")
    page = redemptions(s.conn, reward_id, window, status=status, ids=ids, newest_first=newest_first)
    if ids and not page.rows and window.after is None and window.before is None:
        raise NotFound(REDEMPTIONS_NOT_FOUND)
    return page
