"""Extension transactions (dev.twitch.tv/docs/api/reference/#get-extension-transactions): Bits
products that viewers bought in an extension, with the product as it was when bought.

This module owns the extension_transactions table."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from twitch_mock.core.errors import NotFound
from twitch_mock.domain import checks
from twitch_mock.domain.extension_products import BitsProductRow, Cost
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows, person

PRODUCT_TYPE = "BITS_IN_EXTENSION"
NOT_FOUND = "One or more of the transaction IDs specified using the id query parameter were not found"


@dataclass(frozen=True, slots=True)
class TransactionRow:
    TABLE: ClassVar[str] = "extension_transactions"
    id: str
    extension_id: str
    broadcaster_id: str
    user_id: str
    sku: str
    amount: int
    display_name: str
    in_development: bool
    expiration: str
    broadcast: bool
    timestamp: str


@dataclass(frozen=True, slots=True)
class ProductData:
    sku: str
    domain: str
    cost: Cost
    inDevelopment: bool
    displayName: str
    expiration: str
    broadcast: bool


@dataclass(frozen=True, slots=True)
class Transaction:
    """A Get Extension Transactions item."""

    id: str
    timestamp: str
    broadcaster_id: str
    broadcaster_login: str
    broadcaster_name: str
    user_id: str
    user_login: str
    user_name: str
    product_type: str
    product_data: ProductData


@dataclass(frozen=True, slots=True)
class _Flat:
    id: str
    timestamp: str
    broadcaster_id: str
    broadcaster_login: str
    broadcaster_name: str
    user_id: str
    user_login: str
    user_name: str
    extension_id: str
    sku: str
    amount: int
    display_name: str
    in_development: bool
    expiration: str
    broadcast: bool


@dataclass(frozen=True, slots=True)
class Product:
    name: str
    bits: int
    sku: str
    in_development: bool


@dataclass(frozen=True, slots=True)
class BitsTransactionCreate(Event):
    """EventSub `extension.bits_transaction.create` v1: a viewer bought a Bits product."""

    TYPE: ClassVar[str] = "extension.bits_transaction.create"
    id: str
    extension_client_id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    user_id: str
    user_login: str
    user_name: str
    product: Product


FLAT = Select(
    _Flat,
    "extension_transactions t JOIN users b ON b.id = t.broadcaster_id JOIN users u ON u.id = t.user_id",
    alias="t",
    **person("broadcaster", "b"),
    **person("user", "u"),
)
ORDER = Order.of("t.timestamp DESC", "t.id")


def _shown(f: _Flat) -> Transaction:
    data = ProductData(
        f.sku, f"twitch.ext.{f.extension_id}", Cost(f.amount), f.in_development, f.display_name, f.expiration,
        f.broadcast,
    )  # fmt: skip
    return Transaction(
        f.id, f.timestamp, f.broadcaster_id, f.broadcaster_login, f.broadcaster_name, f.user_id, f.user_login,
        f.user_name, PRODUCT_TYPE, data,
    )  # fmt: skip


def transactions(
    conn: sqlite3.Connection, extension_id: str, ids: Sequence[str] | None, window: Window
) -> Slice[Transaction]:
    """Newest first; with `ids`, exactly those (404 when one is not the extension's)."""
    if ids:
        wanted = list(dict.fromkeys(ids))
        marks = ",".join("?" * len(wanted))
        found = FLAT.all(
            conn, f"t.extension_id = ? AND t.id IN ({marks})", [extension_id, *wanted], ORDER.sql()
        )
        if len(found) != len(wanted):
            raise NotFound(NOT_FOUND)
        return Slice([_shown(f) for f in found])
    page = FLAT.page(conn, window, ORDER, "t.extension_id = ?", (extension_id,))
    return Slice([_shown(f) for f in page.rows], page.first, page.last, page.more, page.backwards)


def buy(s: Services, product: BitsProductRow, broadcaster_id: str, user_id: str) -> TransactionRow:
    """A viewer buys a Bits product in a channel, publishing `extension.bits_transaction.create`
    (the builder a control route exposes; generated purchases are rows the generator writes)."""
    user, broadcaster = checks.pair(s, user_id, broadcaster_id)
    row = TransactionRow(
        s.ids.guid(), product.extension_id, broadcaster_id, user_id, product.sku, product.amount,
        product.display_name, product.in_development, product.expiration, product.is_broadcast, s.now(),
    )  # fmt: skip
    insert_rows(s.conn, "INSERT", [row])
    s.publish(
        BitsTransactionCreate(
            row.id,
            row.extension_id,
            broadcaster.id,
            broadcaster.login,
            broadcaster.display_name,
            user.id,
            user.login,
            user.display_name,
            Product(row.display_name, row.amount, row.sku, row.in_development),
        )
    )
    return row
