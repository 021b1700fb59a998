"""Extension Bits products (dev.twitch.tv/docs/api/reference/#get-extension-bits-products): what
viewers can buy with Bits in an extension.

This module owns extension_bits_products."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from twitch_mock.core.clock import parse_rfc3339, rfc3339
from twitch_mock.core.errors import BadRequest, malformed
from twitch_mock.domain.services import Services
from twitch_mock.store.rows import Select, insert_rows

SKU = re.compile(r"[A-Za-z0-9_.\-]{1,255}")
MAX_PRODUCT_NAME = 255


@dataclass(frozen=True, slots=True)
class BitsProductRow:
    TABLE: ClassVar[str] = "extension_bits_products"
    extension_id: str
    sku: str
    amount: int
    display_name: str
    in_development: bool
    expiration: str
    is_broadcast: bool


@dataclass(frozen=True, slots=True)
class Cost:
    amount: int
    type: str = "bits"


@dataclass(frozen=True, slots=True)
class BitsProduct:
    """A Get Extension Bits Products item."""

    sku: str
    cost: Cost
    in_development: bool
    display_name: str
    expiration: str
    is_broadcast: bool


PRODUCT = Select(BitsProductRow, "extension_bits_products")


# --- Bits products -----------------------------------------------------------------------------


def _product(r: BitsProductRow) -> BitsProduct:
    return BitsProduct(r.sku, Cost(r.amount), r.in_development, r.display_name, r.expiration, r.is_broadcast)


def products(conn: sqlite3.Connection, extension_id: str, include_all: bool, now: float) -> list[BitsProduct]:
    """The extension's products; without `include_all`, not those in development or expired."""
    where = "extension_id = ?"
    args: list[Any] = [extension_id]
    if not include_all:
        where += " AND NOT in_development AND (expiration = '' OR expiration > ?)"
        args.append(rfc3339(now))
    return [_product(r) for r in PRODUCT.all(conn, where, args, "sku")]


def update_product(s: Services, r: BitsProductRow) -> BitsProduct:
    if not SKU.fullmatch(r.sku):
        raise BadRequest(
            "The value in the sku field is not valid. The SKU may contain only alphanumeric characters, "
            "dashes (-), underscores (_), and periods (.)"
        )
    if r.amount < 1 or r.amount > 10_000:
        raise malformed("cost.amount", "the value must be from 1 to 10000")
    if not r.display_name.strip() or len(r.display_name) > MAX_PRODUCT_NAME:
        raise malformed("display_name", f"the value must be 1 to {MAX_PRODUCT_NAME} characters")
    if r.expiration:
        try:
            expiration = rfc3339(parse_rfc3339(r.expiration))
        except ValueError:
            raise malformed("expiration", "the value must be an RFC3339 timestamp") from None
        r = replace(r, expiration=expiration)
    insert_rows(s.conn, "INSERT OR REPLACE", [r])
    return _product(r)


def product(conn: sqlite3.Connection, extension_id: str, sku: str) -> BitsProductRow | None:
    return PRODUCT.one(conn, "extension_id = ? AND sku = ?", (extension_id, sku))
