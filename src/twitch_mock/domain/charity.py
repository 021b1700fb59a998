"""Charity campaigns and their donations (dev.twitch.tv/docs/api/reference/#get-charity-campaign,
#get-charity-campaign-donations). A broadcaster runs at most one campaign; its `current_amount` is
the sum of its stored donations, so the two endpoints always agree. Only partners and affiliates
can run one (403 otherwise, as Twitch answers). `start_campaign`, `donate` and `stop_campaign`
(builders for tests and the control API) publish `channel.charity_campaign.start`, `.donate` and
`.progress`, and `.stop`.

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.errors import BadRequest, Conflict, Forbidden
from twitch_mock.domain import checks, users
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows, person

NOT_ELIGIBLE = "The broadcaster is not a partner or affiliate"
CURRENCY = re.compile(r"[A-Z]{3}")


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


# --- builders: a campaign's life, for tests and the control API -----------------------------------


@dataclass(frozen=True, slots=True)
class CharityDonate(Event):
    """EventSub `channel.charity_campaign.donate` v1."""

    TYPE: ClassVar[str] = "channel.charity_campaign.donate"
    VERSION: ClassVar[str] = "1"
    id: str
    campaign_id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    user_id: str
    user_login: str
    user_name: str
    charity_name: str
    charity_description: str
    charity_logo: str
    charity_website: str
    amount: Amount


@dataclass(frozen=True, slots=True)
class CharityProgress(Event):
    """EventSub `channel.charity_campaign.progress` v1 (`id` is the campaign's; like start and stop,
    and unlike donate, the broadcaster triple is `broadcaster_id/login/name`)."""

    TYPE: ClassVar[str] = "channel.charity_campaign.progress"
    VERSION: ClassVar[str] = "1"
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
class CharityStart(Event):
    """EventSub `channel.charity_campaign.start` v1."""

    TYPE: ClassVar[str] = "channel.charity_campaign.start"
    VERSION: ClassVar[str] = "1"
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
    started_at: str


@dataclass(frozen=True, slots=True)
class CharityStop(Event):
    """EventSub `channel.charity_campaign.stop` v1."""

    TYPE: ClassVar[str] = "channel.charity_campaign.stop"
    VERSION: ClassVar[str] = "1"
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
    stopped_at: str


@dataclass(frozen=True, slots=True)
class CampaignSpec:
    charity_name: str
    target_amount: int | None = None  # minor units
    charity_description: str = ""
    charity_logo: str = ""
    charity_website: str = ""
    currency: str = "USD"
    decimal_places: int = 2


def start_campaign(s: Services, broadcaster_id: str, spec: CampaignSpec) -> Campaign:
    """The broadcaster starts a campaign (`channel.charity_campaign.start`)."""
    _eligible(s.conn, broadcaster_id)
    if CAMPAIGN.one(s.conn, "c.broadcaster_id = ?", (broadcaster_id,)) is not None:
        raise Conflict("The broadcaster is already running a charity campaign")
    if not spec.charity_name.strip():
        raise BadRequest('"charity_name" must not be empty')
    if spec.target_amount is not None:
        checks.number("target_amount", spec.target_amount, 1, 2**31 - 1)
    checks.matches("currency", spec.currency, CURRENCY, "an ISO-4217 code such as USD")
    checks.number("decimal_places", spec.decimal_places, 0, 4)
    now = s.now()
    row = CampaignRow(
        s.ids.guid(), broadcaster_id, spec.charity_name, spec.charity_description, spec.charity_logo,
        spec.charity_website, spec.currency, spec.decimal_places, spec.target_amount, now,
    )  # fmt: skip
    insert_rows(s.conn, "INSERT", [row])
    campaign = campaigns(s.conn, broadcaster_id)[0]
    s.publish(CharityStart(*_fields(campaign), now))
    return campaign


def donate(s: Services, broadcaster_id: str, user_id: str, amount: int) -> Donation:
    """`user_id` donates `amount` (minor units) to the broadcaster's campaign
    (`channel.charity_campaign.donate`, then `.progress`)."""
    found = campaigns(s.conn, broadcaster_id)
    if not found:
        raise BadRequest("The broadcaster is not running a charity campaign")
    donor = checks.user(s, "user_id", user_id)
    checks.number("amount", amount, 1, 2**31 - 1)
    campaign = found[0]
    row = DonationRow(s.ids.guid(), campaign.id, user_id, amount, s.now())
    insert_rows(s.conn, "INSERT", [row])
    value = Amount(amount, campaign.current_amount.decimal_places, campaign.current_amount.currency)
    s.publish(
        CharityDonate(
            row.id,
            campaign.id,
            campaign.broadcaster_id,
            campaign.broadcaster_login,
            campaign.broadcaster_name,
            donor.id,
            donor.login,
            donor.display_name,
            campaign.charity_name,
            campaign.charity_description,
            campaign.charity_logo,
            campaign.charity_website,
            value,
        )
    )
    s.publish(CharityProgress(*_fields(campaigns(s.conn, broadcaster_id)[0])))
    return Donation(row.id, campaign.id, donor.id, donor.login, donor.display_name, value)


def stop_campaign(s: Services, broadcaster_id: str) -> None:
    """The campaign ends (`channel.charity_campaign.stop`); like Twitch, it and its donations are no
    longer available."""
    found = campaigns(s.conn, broadcaster_id)
    if not found:
        raise BadRequest("The broadcaster is not running a charity campaign")
    s.conn.execute("DELETE FROM charity_campaigns WHERE id = ?", (found[0].id,))
    s.publish(CharityStop(*_fields(found[0]), s.now()))


def _fields(c: Campaign) -> tuple[str, str, str, str, str, str, str, str, Amount, Amount | None]:
    return (
        c.id, c.broadcaster_id, c.broadcaster_login, c.broadcaster_name, c.charity_name,
        c.charity_description, c.charity_logo, c.charity_website, c.current_amount, c.target_amount,
    )  # fmt: skip
