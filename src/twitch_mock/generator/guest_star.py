"""Guest Star (dev.twitch.tv/docs/api/reference/#get-guest-star-session): the all-units user has
settings and a session in progress, with a guest in slot 1, one invited guest ready to join and
one who has not answered; about a tenth of the other affiliates and partners have changed their
settings."""

from __future__ import annotations

from collections.abc import Sequence

from twitch_mock.domain.guest_star_rows import InviteRow, SessionRow, SlotRow
from twitch_mock.domain.guest_star_settings import LAYOUTS, SettingsRow
from twitch_mock.generator.plan import MINUTE, Plan
from twitch_mock.store.rows import Row

SHARE = 0.1


def guest_star(plan: Plan) -> Sequence[Sequence[Row]]:
    settings: list[SettingsRow] = []
    sessions: list[SessionRow] = []
    invites: list[InviteRow] = []
    slots: list[SlotRow] = []
    for channel in plan.casters:
        star = plan.is_star(channel)
        if not star and plan.rng.random() >= SHARE:
            continue
        host = plan.users[channel].id
        count = 4 if star else plan.rng.randint(1, 6)
        layout = LAYOUTS[0] if star else plan.rng.choice(LAYOUTS[:2])
        settings.append(SettingsRow(host, True, count, True, layout, plan.ids.mixed(22).lower()))
        if not star:
            continue
        started = plan.rng.randint(10, 90) * MINUTE
        session = SessionRow(plan.ids.mixed(27), host, plan.ago(started), None)
        sessions.append(session)
        on = (True, True, True, True, True, True)
        slots.append(SlotRow(session.id, "0", host, session.started_at, True, 100, *on))
        guests = [plan.users[n].id for n in plan.others(channel, 3)]
        if guests:
            slots.append(SlotRow(session.id, "1", guests[0], plan.ago(started / 2), True, 80, *on))
        for guest, status in zip(guests[1:], ("READY", "INVITED"), strict=False):
            invites.append(
                InviteRow(session.id, guest, plan.ago(started / 4), status, True, True, True, True)
            )
    return settings, sessions, invites, slots
