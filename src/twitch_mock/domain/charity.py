"""Charity campaigns and their donations (dev.twitch.tv/docs/api/reference/#get-charity-campaign,
#get-charity-campaign-donations). A broadcaster runs at most one campaign; its `current_amount` is
the sum of its stored donations, so the two endpoints always agree. Only partners and affiliates
can run one (403 otherwise, as Twitch answers).

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.errors import Forbidden
from twitch_mock.domain import users
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, person

NOT_ELIGIBLE = "The broadcaster is not a partner or affiliate"


@dataclass(frozen=True, slots=True)
class CampaignRow:
    TABLE: ClassVar[str] = "charity_campaigns"
    id: str
    broadcaster_id: str
    charity_name: str
    charity_description: str
    charity_logo: str
    charity_website: str
    currency: str
    decimal_places: int
    target_amount: int | None
    started_at: str


@dataclass(frozen=True, slots=True)
class DonationRow:
    TABLE: ClassVar[str] = "charity_donations"
    id: str
    campaign_id: str
    user_id: str
    amount: int
    created_at: str


@dataclass(frozen=True, slots=True)
class Amount:
    value: int
    decimal_places: int
    currency: str


@dataclass(frozen=True, slots=True)
class Campaign:
    """A Get Charity Campaign item."""

    id: str
    broadcaster_id: str
    broadcaster_login: str
    broadcaster_name: str
    charity_name: str
    charity_description: str
    charity_logo: str
    charity_website: str
    current_amount: Amount
    target_amount: Amount | None


@dataclass(frozen=True, slots=True)
class Donation:
    """A Get Charity Campaign Donations item."""

    id: str
    campaign_id: str
    user_id: str
    user_login: str
    user_name: str
    amount: Amount


@dataclass(frozen=True, slots=True)
class _CampaignLine:
    id: str
    broadcaster_id: str
    broadcaster_login: str
    broadcaster_name: str
    charity_name: str
    charity_description: str
    charity_logo: str
    charity_website: str
    current: int
    target: int | None
    decimal_places: int
    currency: str


@dataclass(frozen=True, slots=True)
class _DonationLine:
    id: str
    campaign_id: str
    user_id: str
    user_login: str
    user_name: str
    value: int
    decimal_places: int
    currency: str


CAMPAIGN = Select(
    _CampaignLine,
    "charity_campaigns c JOIN users u ON u.id = c.broadcaster_id",
    alias="c",
    **person("broadcaster", "u"),
    current="(SELECT COALESCE(sum(amount), 0) FROM charity_donations WHERE campaign_id = c.id)",
    target="c.target_amount",
)
DONATION = Select(
    _DonationLine,
    "charity_donations d JOIN charity_campaigns c ON c.id = d.campaign_id JOIN users u ON u.id = d.user_id",
    alias="d",
    **person("user", "u"),
    value="d.amount",
    decimal_places="c.decimal_places",
    currency="c.currency",
)
DONATION_ORDER = Order.of("d.created_at DESC", "d.id")


def _eligible(conn: sqlite3.Connection, broadcaster_id: str) -> None:
    user = users.record(conn, broadcaster_id)
    if user is None or not user.broadcaster_type:
        raise Forbidden(NOT_ELIGIBLE)


def campaigns(conn: sqlite3.Connection, broadcaster_id: str) -> list[Campaign]:
    """The broadcaster's running campaign ([] when there is none)."""
    _eligible(conn, broadcaster_id)
    found = CAMPAIGN.one(conn, "c.broadcaster_id = ?", (broadcaster_id,))
    if found is None:
        return []
    target = None if found.target is None else Amount(found.target, found.decimal_places, found.currency)
    return [
        Campaign(
            found.id,
            found.broadcaster_id,
            found.broadcaster_login,
            found.broadcaster_name,
            found.charity_name,
            found.charity_description,
            found.charity_logo,
            found.charity_website,
            Amount(found.current, found.decimal_places, found.currency),
            target,
        )
    ]


def donations(conn: sqlite3.Connection, broadcaster_id: str, window: Window) -> Slice[Donation]:
    """A page of the donations to the broadcaster's running campaign, newest first."""
    _eligible(conn, broadcaster_id)
    page = DONATION.page(conn, window, DONATION_ORDER, "c.broadcaster_id = ?", (broadcaster_id,))
    rows = [
        Donation(
            d.id,
            d.campaign_id,
            d.user_id,
            d.user_login,
            d.user_name,
            Amount(d.value, d.decimal_places, d.currency),
        )
        for d in page.rows
    ]
    return Slice(rows, page.first, page.last, page.more, page.backwards)
