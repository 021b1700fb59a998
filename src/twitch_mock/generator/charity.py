"""Charity campaigns (dev.twitch.tv/docs/api/reference/#get-charity-campaign): the all-units user
and about a fifth of the other affiliates and partners run one, in USD, most with a fundraising
goal, with donations from other users (the all-units user's span more than one page)."""

from __future__ import annotations

from twitch_mock.domain.charity import CampaignRow, DonationRow
from twitch_mock.generator.plan import DAY, Plan

SHARE = 0.2
CHARITIES = (
    ("Code for Kids", "Teaching children to program, one laptop at a time."),
    ("Ocean Cleanup Fund", "Removing plastic from the world's oceans."),
    ("Food Bank Network", "Meals for families in need."),
    ("Wildlife Rescue", "Caring for injured and orphaned animals."),
)  # fmt: skip
LOGO = "https://abc.cloudfront.net/ppgf/1000/100.png"


def charity(plan: Plan) -> tuple[list[CampaignRow], list[DonationRow]]:
    campaigns: list[CampaignRow] = []
    donations: list[DonationRow] = []
    for channel in plan.casters:
        star = plan.is_star(channel)
        if not star and plan.rng.random() >= SHARE:
            continue
        name, description = plan.ids.choice(CHARITIES)
        started = plan.rng.random() * min(plan.ages[channel], 14 * DAY)
        campaign = CampaignRow(
            id=plan.ids.guid(),
            broadcaster_id=plan.users[channel].id,
            charity_name=name,
            charity_description=description,
            charity_logo=LOGO,
            charity_website="https://www.example.com",
            currency="USD",
            decimal_places=2,
            target_amount=None
            if not star and plan.rng.random() < 0.2
            else plan.rng.randrange(1000, 10000) * 100,
            started_at=plan.ago(started),
        )
        campaigns.append(campaign)
        count = 30 if star else plan.rng.randint(0, 8)
        for donor in plan.others(channel, count):
            donations.append(
                DonationRow(
                    plan.ids.guid(),
                    campaign.id,
                    plan.users[donor].id,
                    plan.rng.choice((500, 1000, 2000, 2500, 5000, 10000)),
                    plan.ago(plan.rng.random() * started),
                )
            )
    return campaigns, donations
