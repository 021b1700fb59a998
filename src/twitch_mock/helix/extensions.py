"""Helix Extensions family (dev.twitch.tv/docs/api/reference/#get-extension-configuration-segment):
configuration segments, required configuration, PubSub and chat messages, live channels, secrets,
Get Extensions / Get Released Extensions, Bits products, and Get Extension Transactions (which
Twitch files under Bits). Most are called by the extension's backend with an extension JWT
(`Auth.EXTENSION`: the Client-Id names the extension, the JWT is signed with one of its secrets)."""

from __future__ import annotations

from dataclasses import dataclass

from twitch_mock.core.errors import BadRequest, Unauthorized
from twitch_mock.domain import extension_messages, extension_products, extensions, transactions
from twitch_mock.domain.extension_products import BitsProductRow
from twitch_mock.domain.extensions import SEGMENTS, Claims, ConfigurationRow
from twitch_mock.domain.extensions import RequiredConfigurationRow as Required
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.pagination import pagination
from twitch_mock.http.results import Data, NoContent, Page

NOT_AN_EXTENSION = "The ID in the Client-Id header must belong to an extension"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtensionQuery:
    extension_id: str
    extension_version: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SegmentsQuery:
    extension_id: str
    segment: list[str] = rule(choices=SEGMENTS)
    broadcaster_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SegmentBody:
    extension_id: str = rule(not_empty=True)
    segment: str = rule(choices=SEGMENTS)
    broadcaster_id: str | None = None
    content: str = ""
    version: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class BroadcasterQuery:
    broadcaster_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RequiredBody:
    extension_id: str = rule(not_empty=True)
    extension_version: str = rule(not_empty=True)
    required_configuration: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PubSubBody:
    target: list[str] = rule(min_items=1)
    broadcaster_id: str | None = None
    is_global_broadcast: bool = False
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatBody:
    text: str
    extension_id: str = rule(not_empty=True)
    extension_version: str = rule(not_empty=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class SecretQuery:
    extension_id: str
    delay: int = rule(extensions.SECRET_DELAY)


@dataclass(frozen=True, slots=True, kw_only=True)
class SecretsQuery:
    extension_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductsQuery:
    should_include_all: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CostBody:
    amount: int
    type: str = rule(choices=("bits",))


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductBody:
    sku: str
    cost: CostBody
    display_name: str
    in_development: bool = False
    expiration: str = ""
    is_broadcast: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class TransactionsQuery:
    extension_id: str
    id: list[str] | None = rule(None, max_items=100)


def _claims(ctx: Ctx, extension_id: str | None = None) -> Claims:
    """The request's JWT claims; `extension_id` (sent as a parameter) must be the JWT's extension."""
    claims = ctx.claims
    assert claims is not None, "an Auth.EXTENSION endpoint"
    if extension_id is not None and extension_id != claims.extension_id:
        raise Unauthorized("The ID in extension_id must match the extension ID in the Client-Id header")
    return claims


def _extension_app(ctx: Ctx) -> str:
    """The extension whose app token this is (Bits products)."""
    assert ctx.token is not None
    if not extensions.exists(ctx.conn, ctx.token.client_id):
        raise BadRequest(NOT_AN_EXTENSION)
    return ctx.token.client_id


def get_extension_configuration_segment(ctx: Ctx) -> Data:
    query = ctx.parse_query(SegmentsQuery)
    claims = _claims(ctx, query.extension_id)
    return Data(extensions.segments(ctx.conn, claims.extension_id, query.segment, query.broadcaster_id))


def set_extension_configuration_segment(ctx: Ctx) -> NoContent:
    body = ctx.parse(SegmentBody)
    claims = _claims(ctx, body.extension_id)
    row = ConfigurationRow(
        claims.extension_id, body.segment, body.broadcaster_id or "", body.content, body.version
    )
    extensions.set_segment(ctx.services, row)
    return NoContent()


def set_extension_required_configuration(ctx: Ctx) -> NoContent:
    query, body = ctx.parse_query(BroadcasterQuery), ctx.parse(RequiredBody)
    claims = _claims(ctx, body.extension_id)
    row = Required(
        claims.extension_id, body.extension_version, query.broadcaster_id, body.required_configuration
    )
    extensions.set_required_configuration(ctx.services, row)
    return NoContent()


def send_extension_pubsub_message(ctx: Ctx) -> NoContent:
    body = ctx.parse(PubSubBody)
    extension_messages.send_pubsub(
        ctx.services, _claims(ctx), body.target, body.broadcaster_id, body.is_global_broadcast, body.message
    )
    return NoContent()


def get_extension_live_channels(ctx: Ctx) -> Page:
    query = ctx.parse_query(ExtensionQuery)
    found = extensions.live_channels(ctx.conn, query.extension_id, ctx.window)
    # this endpoint's `pagination` is the cursor itself (a string, "" on the last page)
    return Page(found, {"pagination": pagination(found).get("cursor", "")})


def get_extension_secrets(ctx: Ctx) -> Data:
    claims = _claims(ctx, ctx.parse_query(SecretsQuery).extension_id)
    return Data([extensions.secrets(ctx.conn, claims.extension_id, ctx.clock.now())])


def create_extension_secret(ctx: Ctx) -> Data:
    query = ctx.parse_query(SecretQuery)
    claims = _claims(ctx, query.extension_id)
    return Data([extensions.create_secret(ctx.services, claims.extension_id, query.delay)])


def send_extension_chat_message(ctx: Ctx) -> NoContent:
    query, body = ctx.parse_query(BroadcasterQuery), ctx.parse(ChatBody)
    claims = _claims(ctx, body.extension_id)
    extension_messages.send_chat(
        ctx.services, claims, query.broadcaster_id, body.extension_version, body.text
    )
    return NoContent()


def get_extensions(ctx: Ctx) -> Data:
    query = ctx.parse_query(ExtensionQuery)
    claims = _claims(ctx, query.extension_id)
    return Data([extensions.extension(ctx.conn, claims.extension_id, query.extension_version)])


def get_released_extensions(ctx: Ctx) -> Data:
    query = ctx.parse_query(ExtensionQuery)
    return Data([extensions.released(ctx.conn, query.extension_id, query.extension_version)])


def get_extension_bits_products(ctx: Ctx) -> Data:
    query = ctx.parse_query(ProductsQuery)
    found = extension_products.products(
        ctx.conn, _extension_app(ctx), query.should_include_all, ctx.clock.now()
    )
    return Data(found)


def update_extension_bits_product(ctx: Ctx) -> Data:
    body = ctx.parse(ProductBody)
    row = BitsProductRow(
        _extension_app(ctx), body.sku, body.cost.amount, body.display_name, body.in_development,
        body.expiration, body.is_broadcast,
    )  # fmt: skip
    return Data([extension_products.update_product(ctx.services, row)])


def get_extension_transactions(ctx: Ctx) -> Page:
    query = ctx.parse_query(TransactionsQuery)
    assert ctx.token is not None
    if query.extension_id != ctx.token.client_id:
        raise Unauthorized(
            "The ID in the extension_id query parameter must match the client ID in the access token"
        )
    return Page(transactions.transactions(ctx.conn, query.extension_id, query.id, ctx.window))


JWT = Auth.EXTENSION
ENDPOINTS = (
    Endpoint("GET", "/extensions/configurations", get_extension_configuration_segment, auth=JWT),
    Endpoint("PUT", "/extensions/configurations", set_extension_configuration_segment, auth=JWT),
    Endpoint("PUT", "/extensions/required_configuration", set_extension_required_configuration, auth=JWT),
    Endpoint("POST", "/extensions/pubsub", send_extension_pubsub_message, auth=JWT),
    Endpoint("GET", "/extensions/live", get_extension_live_channels, auth=Auth.EITHER, first=(20, 100)),
    Endpoint("GET", "/extensions/jwt/secrets", get_extension_secrets, auth=JWT),
    Endpoint("POST", "/extensions/jwt/secrets", create_extension_secret, auth=JWT),
    Endpoint("POST", "/extensions/chat", send_extension_chat_message, auth=JWT),
    Endpoint("GET", "/extensions", get_extensions, auth=JWT),
    Endpoint("GET", "/extensions/released", get_released_extensions, auth=Auth.EITHER),
    Endpoint("GET", "/bits/extensions", get_extension_bits_products, auth=Auth.APP),
    Endpoint("PUT", "/bits/extensions", update_extension_bits_product, auth=Auth.APP),
    Endpoint("GET", "/extensions/transactions", get_extension_transactions, auth=Auth.APP, first=(20, 100)),
)
