"""Custom Power-ups (dev.twitch.tv/docs/api/reference/#get-custom-power-up): the all-units user
sells three (one with a per-stream limit, one paused), about a fifth of the other affiliates and
partners one or two."""

from __future__ import annotations

from twitch_mock.domain.power_ups import PowerUpRow
from twitch_mock.generator.plan import DAY, Plan

SHARE = 0.2
OFFERS = (
    ("Hydrate!", "Make me drink a glass of water", 100),
    ("Pick the next map", "Name the map we play next", 500),
    ("Play a sound", "", 200),
    ("Spin the wheel", "", 1000),
)
COLORS = ("#9147FF", "#00C7AC", "#FF6905", "#1E69FF")


def power_ups(plan: Plan) -> list[PowerUpRow]:
    rows: list[PowerUpRow] = []
    for channel in plan.casters:
        star = plan.is_star(channel)
        if not star and plan.rng.random() >= SHARE:
            continue
        offers = OFFERS[:3] if star else plan.rng.sample(OFFERS, plan.rng.randint(1, 2))
        for n, (title, prompt, bits) in enumerate(offers):
            limited = star and n == 0
            rows.append(
                PowerUpRow(
                    id=plan.ids.guid(),
                    broadcaster_id=plan.users[channel].id,
                    title=title,
                    prompt=prompt,
                    bits=bits,
                    background_color=plan.rng.choice(COLORS),
                    is_enabled=True,
                    is_user_input_required=bool(prompt),
                    max_per_stream_enabled=limited,
                    max_per_stream=10 if limited else 0,
                    max_per_user_per_stream_enabled=False,
                    max_per_user_per_stream=0,
                    global_cooldown_enabled=n == 1,
                    global_cooldown_seconds=300 if n == 1 else 0,
                    is_paused=star and n == 2,
                    created_at=plan.ago(plan.rng.random() * min(plan.ages[channel], 90 * DAY) + n),
                )
            )
    return rows
