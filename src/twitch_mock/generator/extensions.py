"""Extensions (dev.twitch.tv/docs/api/reference/#get-extensions): three, made by the first batch
(the all-units user's), each a client (its id is the extension's id) with a released version,
some with a newer one in test, one secret, a global configuration segment, Bits products when
Bits are enabled, and installations: the all-units user installs and activates every one (a
panel, an overlay, a component) and buys Bits products in them; a few other casters install one.
O(1) rows but the installations, O(casters / 10)."""

from __future__ import annotations

import orjson

from twitch_mock.core.clock import rfc3339
from twitch_mock.domain.extension_products import BitsProductRow
from twitch_mock.domain.extensions import (
    ConfigurationRow,
    ExtensionClientRow,
    ExtensionRow,
    new_secret,
)
from twitch_mock.domain.transactions import TransactionRow
from twitch_mock.domain.user_extensions import InstallRow, SlotRow
from twitch_mock.generator.plan import DAY, Plan
from twitch_mock.store.rows import Row

# (name, types, bits enabled, chat support, the slot the all-units user activates it in)
EXTENSIONS = (
    ("Stream Stats Panel", ["panel", "mobile"], False, False, ("panel", "1")),
    ("Viewer Poll Overlay", ["overlay", "mobile"], True, True, ("overlay", "1")),
    ("Leaderboard Component", ["component", "panel"], True, False, ("component", "1")),
)
PRODUCTS = (
    ("boost", 100, "Boost"),
    ("sound_alert", 250, "Sound alert"),
    ("mega.bundle", 1000, "Mega bundle"),
)
STAR_PURCHASES = 8
OTHER_INSTALL_SHARE = 0.1


def extensions(plan: Plan) -> list[list[Row]]:
    if not plan.has_star:
        return []
    clients: list[Row] = []
    versions: list[Row] = []
    secrets: list[Row] = []
    segments: list[Row] = []
    products: list[Row] = []
    installs: list[Row] = []
    slots: list[Row] = []
    bought: list[Row] = []
    for n, (name, types, bits, chat, (kind, slot)) in enumerate(EXTENSIONS):
        author = plan.users[0 if n == 0 else plan.anyone()]
        extension_id = plan.ids.secret(30)
        made = plan.ago(plan.rng.random() * 300 * DAY + 30 * DAY)
        clients.append(ExtensionClientRow(extension_id, plan.ids.secret(30), name, False, True, made))
        versions.append(_version(extension_id, "1.0.0", "Released", author.id, name, types, bits, chat, made))
        if plan.rng.random() < 0.5:
            newer = plan.ago(plan.rng.random() * 10 * DAY)
            versions.append(
                _version(extension_id, "1.1.0", "InTest", author.id, name, types, bits, chat, newer)
            )
        secrets.append(new_secret(plan.ids, extension_id, plan.now - DAY))
        config = orjson.dumps({"theme": plan.ids.choice(["dark", "light"])}).decode()
        segments.append(ConfigurationRow(extension_id, "global", "", config, "1"))
        if bits:
            products += [
                BitsProductRow(extension_id, sku, cost, label, False, "", sku == "boost")
                for sku, cost, label in PRODUCTS
            ]
        users = [0] + [c for c in plan.casters if c and plan.rng.random() < OTHER_INSTALL_SHARE]
        for index in users:
            user = plan.users[index]
            installs.append(InstallRow(user.id, extension_id, "1.0.0", plan.since(index)))
            x, y = (100, 200) if kind == "component" else (None, None)
            if plan.is_star(index):
                slots.append(SlotRow(user.id, kind, slot, extension_id, "1.0.0", x, y))
                segments.append(
                    ConfigurationRow(extension_id, "broadcaster", user.id, '{"enabled":true}', "1")
                )
        if bits and len(plan.users) > 1:
            bought += _purchases(plan, extension_id, products[-len(PRODUCTS) :])
    return [clients, versions, secrets, segments, products, installs, slots, bought]


def _version(
    extension_id: str, version: str, state: str, author_id: str, name: str, types: list[str], bits: bool,
    chat: bool, made: str,
) -> ExtensionRow:  # fmt: skip
    return ExtensionRow(
        id=extension_id,
        version=version,
        author_id=author_id,
        name=name,
        state=state,
        description=f"{name}: an extension of the mock world.",
        summary=f"{name} for your channel",
        viewer_summary=f"See {name} while you watch",
        support_email="support@example.com",
        bits_enabled=bits,
        has_chat_support=chat,
        can_install=True,
        request_identity_link=False,
        configuration_location="hosted",
        subscriptions_support_level="none",
        panel_height=300,
        types=orjson.dumps(types).decode(),
        created_at=made,
    )


def _purchases(plan: Plan, extension_id: str, products: list[Row]) -> list[Row]:
    star = plan.users[0]
    out: list[Row] = []
    for _ in range(STAR_PURCHASES):
        product = plan.ids.choice(products)
        assert isinstance(product, BitsProductRow)
        buyer = plan.others(0, 1)[0]
        out.append(
            TransactionRow(
                plan.ids.guid(),
                extension_id,
                star.id,
                plan.users[buyer].id,
                product.sku,
                product.amount,
                product.display_name,
                product.in_development,
                product.expiration,
                product.is_broadcast,
                rfc3339(plan.now - plan.rng.random() * min(30 * DAY, plan.ages[0], plan.ages[buyer])),
            )
        )
    return out
