"""Stream schedules (dev.twitch.tv/docs/api/reference/#get-channel-stream-schedule): the all-units
user and about a third of the partners stream weekly on a few fixed days. Each slot is one
recurring segment starting in the coming week, 2-4 hours long, in the channel's category; the
Helix layer repeats recurring segments week after week, so a handful of rows is enough."""

from __future__ import annotations

from twitch_mock.domain.names import TIMEZONES
from twitch_mock.domain.schedule import ScheduleSettingsRow, SegmentRow
from twitch_mock.generator.plan import DAY, HOUR, Plan
from twitch_mock.generator.texts import SCHEDULE_TITLES

PARTNER_SHARE = 0.3


def schedules(plan: Plan) -> tuple[list[SegmentRow], list[ScheduleSettingsRow]]:
    segments: list[SegmentRow] = []
    settings: list[ScheduleSettingsRow] = []
    for channel in plan.casters:
        star = plan.is_star(channel)
        if not star and (
            plan.users[channel].broadcaster_type != "partner" or plan.rng.random() >= PARTNER_SHARE
        ):
            continue
        settings.append(
            ScheduleSettingsRow(plan.users[channel].id, "UTC" if star else plan.ids.choice(TIMEZONES))
        )
        hour = plan.rng.randint(12, 22)
        for day in sorted(plan.rng.sample(range(7), 3 if star else plan.rng.randint(1, 4))):
            segments.append(_segment(plan, channel, day, hour))
    return segments, settings


def _segment(plan: Plan, channel: int, day: int, hour: int) -> SegmentRow:
    """A weekly slot at `hour` UTC, `day` days after today, moved a week on if that has passed."""
    user = plan.users[channel]
    start = plan.now // DAY * DAY + day * DAY + hour * HOUR
    if start <= plan.now:
        start += 7 * DAY
    length = plan.rng.randint(2, 4) * HOUR
    category = user.game_id or plan.ids.choice(plan.catalog.category_ids)
    return SegmentRow(
        id=plan.ids.guid(),
        broadcaster_id=user.id,
        start_time=plan.ahead(start - plan.now),
        end_time=plan.ahead(start + length - plan.now),
        title=plan.ids.choice(SCHEDULE_TITLES),
        category_id=category,
        is_recurring=True,
        canceled_until=None,
    )
