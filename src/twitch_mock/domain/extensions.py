"""Extensions (dev.twitch.tv/docs/api/reference/#get-extensions): the extensions (one row per version;
an extension's id is its client's id), their shared secrets and the extension JWTs they sign
(dev.twitch.tv/docs/extensions/reference/#jwt-schema), configuration segments, required
configurations, and the live channels that use an extension.

This module owns extensions, extension_secrets, extension_configurations and
extension_required_configurations (store/schema/v3/extensions.sql). The messages extensions send
are domain/extension_messages.py's, their Bits products domain/extension_products.py's, the
installations and slots domain/user_extensions.py's."""

from __future__ import annotations

import base64
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Final

import jwt
import orjson

from twitch_mock.core.clock import rfc3339
from twitch_mock.core.errors import BadRequest, NotFound, Unauthorized, malformed
from twitch_mock.core.omit import OMIT, Omit, Sparse
from twitch_mock.domain import checks
from twitch_mock.domain.services import Services
from twitch_mock.store.auth import Client
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows

SEGMENTS: Final = ("broadcaster", "developer", "global")
TYPES: Final = ("panel", "overlay", "component", "mobile")
FORMAT_VERSION = 1
SECRET_DELAY, MIN_SECRET_DELAY = 300, 300
SECRET_LIFETIME = 100 * 365 * 86_400  # Twitch's secrets expire a century after they activate
MAX_SEGMENT = 5 * 1024  # a segment's content: 5 KB
JWT_INVALID = "The JWT token is not valid"
JWT_EXPIRED = "The JWT token has expired"
JWT_ROLE = 'The JWT token must have the role "external"'


@dataclass(frozen=True, slots=True)
class ExtensionRow:
    TABLE: ClassVar[str] = "extensions"
    id: str
    version: str
    author_id: str
    name: str
    state: str
    description: str
    summary: str
    viewer_summary: str
    support_email: str
    bits_enabled: bool
    has_chat_support: bool
    can_install: bool
    request_identity_link: bool
    configuration_location: str
    subscriptions_support_level: str
    panel_height: int
    types: str  # JSON array of TYPES
    created_at: str


@dataclass(frozen=True, slots=True)
class ExtensionClientRow:
    """The clients row behind an extension (the generator's and the builder's way to make one)."""

    TABLE: ClassVar[str] = "clients"
    id: str
    secret: str
    name: str
    is_public: bool
    is_extension: bool
    created_at: str


@dataclass(frozen=True, slots=True)
class SecretRow:
    TABLE: ClassVar[str] = "extension_secrets"
    extension_id: str
    content: str
    active_at: str
    expires_at: str


@dataclass(frozen=True, slots=True)
class ConfigurationRow:
    TABLE: ClassVar[str] = "extension_configurations"
    extension_id: str
    segment: str
    broadcaster_id: str
    content: str
    version: str


@dataclass(frozen=True, slots=True)
class RequiredConfigurationRow:
    TABLE: ClassVar[str] = "extension_required_configurations"
    extension_id: str
    extension_version: str
    broadcaster_id: str
    required_configuration: str


@dataclass(frozen=True, slots=True)
class Secret:
    content: str
    active_at: str
    expires_at: str


@dataclass(frozen=True, slots=True)
class Secrets:
    """A Get Extension Secrets item."""

    format_version: int
    secrets: list[Secret]


@dataclass(frozen=True, slots=True)
class Segment(Sparse):
    """A Get Extension Configuration Segment item (no broadcaster_id for the global segment)."""

    segment: str
    content: str
    version: str
    broadcaster_id: str | Omit = OMIT


@dataclass(frozen=True, slots=True)
class LiveChannel:
    """A Get Extension Live Channels item."""

    broadcaster_id: str
    broadcaster_name: str
    game_name: str
    game_id: str
    title: str


@dataclass(frozen=True, slots=True)
class Extension:
    """A Get Extensions / Get Released Extensions item."""

    author_name: str
    bits_enabled: bool
    can_install: bool
    configuration_location: str
    description: str
    eula_tos_url: str
    has_chat_support: bool
    icon_url: str
    icon_urls: dict[str, str]
    id: str
    name: str
    privacy_policy_url: str
    request_identity_link: bool
    screenshot_urls: list[str]
    state: str
    subscriptions_support_level: str
    summary: str
    support_email: str
    version: str
    viewer_summary: str
    views: dict[str, dict[str, Any]]
    allowlisted_config_urls: list[str] = field(default_factory=list)
    allowlisted_panel_urls: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Claims:
    """A verified extension JWT's claims."""

    extension_id: str
    role: str
    user_id: str | None
    channel_id: str | None
    send: tuple[str, ...]  # pubsub_perms.send
    exp: float


ROW = Select(ExtensionRow, "extensions e", alias="e")
LIVE = Select(
    LiveChannel,
    "users u JOIN streams st ON st.user_id = u.id LEFT JOIN categories c ON c.id = u.game_id",
    broadcaster_id="u.id",
    broadcaster_name="u.display_name",
    game_name="COALESCE(c.name, '')",
    game_id="COALESCE(u.game_id, '')",
    title="u.title",
)
LIVE_ORDER = Order.of("u.id")


# --- extensions --------------------------------------------------------------------------------


def row(conn: sqlite3.Connection, extension_id: str, version: str | None = None) -> ExtensionRow | None:
    """The version asked for, or the newest one."""
    if version is not None:
        return ROW.one(conn, "e.id = ? AND e.version = ?", (extension_id, version))
    found = ROW.all(conn, "e.id = ?", (extension_id,), "e.created_at DESC, e.version DESC")
    return found[0] if found else None


def extension(conn: sqlite3.Connection, extension_id: str, version: str | None = None) -> Extension:
    found = row(conn, extension_id, version)
    if found is None:
        raise NotFound("The extension was not found")
    return shown(conn, found)


def released(conn: sqlite3.Connection, extension_id: str, version: str | None = None) -> Extension:
    where, args = "e.id = ? AND e.state = 'Released'", [extension_id]
    if version is not None:
        where, args = where + " AND e.version = ?", [*args, version]
    found = ROW.all(conn, where, args, "e.created_at DESC, e.version DESC")
    if not found:
        raise NotFound("The extension was not found or is not released")
    return shown(conn, found[0])


def installed_by(conn: sqlite3.Connection, user_id: str) -> list[str]:
    """The ids of the extensions a user has installed, oldest installation first."""
    rows = conn.execute(
        "SELECT extension_id FROM user_extensions WHERE user_id = ? ORDER BY created_at, extension_id",
        (user_id,),
    )
    return [r[0] for r in rows]


def exists(conn: sqlite3.Connection, extension_id: str) -> bool:
    return conn.execute("SELECT 1 FROM extensions WHERE id = ?", (extension_id,)).fetchone() is not None


def shown(conn: sqlite3.Connection, e: ExtensionRow) -> Extension:
    author = conn.execute("SELECT display_name FROM users WHERE id = ?", (e.author_id,)).fetchone()
    cdn = f"https://extensions-discovery-images.twitch.tv/{e.id}/{e.version}"
    base = f"https://{e.id}.ext-twitch.tv/{e.id}/{e.version}"
    links = e.configuration_location == "hosted"
    return Extension(
        author_name=author[0] if author else "",
        bits_enabled=e.bits_enabled,
        can_install=e.can_install,
        configuration_location=e.configuration_location,
        description=e.description,
        eula_tos_url="",
        has_chat_support=e.has_chat_support,
        icon_url=f"{cdn}/logob.png",
        icon_urls={size: f"{cdn}/logo{size}.png" for size in ("100x100", "24x24", "300x200")},
        id=e.id,
        name=e.name,
        privacy_policy_url="",
        request_identity_link=e.request_identity_link,
        screenshot_urls=[f"{cdn}/screenshot{n}.png" for n in (1, 2)],
        state=e.state,
        subscriptions_support_level=e.subscriptions_support_level,
        summary=e.summary,
        support_email=e.support_email,
        version=e.version,
        viewer_summary=e.viewer_summary,
        views={
            "mobile": {"viewer_url": f"{base}/mobile.html"},
            "panel": {
                "viewer_url": f"{base}/panel.html",
                "height": e.panel_height,
                "can_link_external_content": False,
            },
            "video_overlay": {"viewer_url": f"{base}/video_overlay.html", "can_link_external_content": False},
            "component": {
                "viewer_url": f"{base}/video_component.html",
                "aspect_ratio_x": 16,
                "aspect_ratio_y": 9,
                "autoscale": True,
                "scale_pixels": 1024,
                "target_height": 5000,
                "can_link_external_content": False,
            },
            "config": {
                "viewer_url": f"{base}/config.html" if links else "",
                "can_link_external_content": False,
            },
        },
    )


def live_channels(conn: sqlite3.Connection, extension_id: str, window: Window) -> Slice[LiveChannel]:
    """Live broadcasters who have the extension active in a slot."""
    if not exists(conn, extension_id):
        raise NotFound("The extension was not found")
    where = "u.id IN (SELECT user_id FROM user_extension_slots WHERE extension_id = ?)"
    return LIVE.page(conn, window, LIVE_ORDER, where, (extension_id,))


def create_extension(
    s: Services,
    author_id: str,
    name: str,
    *,
    version: str = "1.0.0",
    state: str = "Released",
    types: Sequence[str] = ("panel",),
    bits_enabled: bool = False,
    has_chat_support: bool = False,
) -> tuple[ExtensionRow, str]:
    """A new extension (its client, a first version and an active secret); its row and the secret.
    The builder behind tests and a control route."""
    checks.user(s, "author_id", author_id)
    now = s.now()
    extension_id = s.ids.secret(30)
    s.store.auth.add_client(Client(extension_id, s.ids.secret(30), name, False, True, now))
    row = ExtensionRow(
        extension_id, version, author_id, name, state, f"{name}.", name, name, "support@example.com",
        bits_enabled, has_chat_support, True, False, "hosted", "none", 300, dumps(list(types)), now,
    )  # fmt: skip
    secret = new_secret(s.ids, extension_id, s.clock.now())
    insert_rows(s.conn, "INSERT", [row])
    insert_rows(s.conn, "INSERT", [secret])
    return row, secret.content


def add_version(s: Services, extension_id: str, version: str, state: str) -> ExtensionRow:
    """Another version of an extension, like its newest one but for `version` and `state`."""
    current = row(s.conn, extension_id)
    if current is None:
        raise NotFound("The extension was not found")
    made = replace(current, version=version, state=state, created_at=s.now())
    insert_rows(s.conn, "INSERT", [made])
    return made


# --- secrets and JWTs --------------------------------------------------------------------------


def secrets(conn: sqlite3.Connection, extension_id: str, now: float) -> Secrets:
    """The secrets not yet expired, oldest first."""
    rows = conn.execute(
        "SELECT content, active_at, expires_at FROM extension_secrets WHERE extension_id = ? "
        "AND expires_at > ? ORDER BY active_at, content",
        (extension_id, rfc3339(now)),
    ).fetchall()
    return Secrets(FORMAT_VERSION, [Secret(*r) for r in rows])


def new_secret(ids: Any, extension_id: str, active_at: float) -> SecretRow:
    content = base64.b64encode(ids.secret(32).encode()).decode()
    return SecretRow(extension_id, content, rfc3339(active_at), rfc3339(active_at + SECRET_LIFETIME))


def create_secret(s: Services, extension_id: str, delay: int) -> Secrets:
    """Rotate: the current secrets expire, and the new one activates, `delay` seconds from now."""
    if delay < MIN_SECRET_DELAY:
        raise BadRequest(f"The delay must be at least {MIN_SECRET_DELAY} seconds")
    now = s.clock.now()
    switch = rfc3339(now + delay)
    s.conn.execute(
        "UPDATE extension_secrets SET expires_at = ? WHERE extension_id = ? AND expires_at > ?",
        (switch, extension_id, switch),
    )
    insert_rows(s.conn, "INSERT", [new_secret(s.ids, extension_id, now + delay)])
    return secrets(s.conn, extension_id, now)


def verify(conn: sqlite3.Connection, extension_id: str, token: str, now: float) -> Claims:
    """The claims of an extension JWT signed (HS256) with one of the extension's active secrets;
    Twitch's 401 for a bad signature, an expired token or a role other than external."""
    stamp = rfc3339(now)
    keys = conn.execute(
        "SELECT content FROM extension_secrets WHERE extension_id = ? AND active_at <= ? AND expires_at > ?",
        (extension_id, stamp, stamp),
    ).fetchall()
    for (content,) in keys:
        try:
            claims = jwt.decode(
                token, base64.b64decode(content), algorithms=["HS256"], options={"verify_exp": False}
            )
        except (jwt.InvalidTokenError, ValueError):
            continue
        return _claims(extension_id, claims, now)
    raise Unauthorized(JWT_INVALID)


def _claims(extension_id: str, claims: dict[str, Any], now: float) -> Claims:
    exp = claims.get("exp")
    if not isinstance(exp, int | float) or isinstance(exp, bool):
        raise Unauthorized(JWT_INVALID)
    if exp <= now:
        raise Unauthorized(JWT_EXPIRED)
    if claims.get("role") != "external":
        raise Unauthorized(JWT_ROLE)
    perms = claims.get("pubsub_perms")
    send = perms.get("send") if isinstance(perms, dict) else None
    user, channel = claims.get("user_id"), claims.get("channel_id")
    return Claims(
        extension_id,
        "external",
        str(user) if user is not None else None,
        str(channel) if channel is not None else None,
        tuple(str(t) for t in send) if isinstance(send, list) else (),
        float(exp),
    )


def sign(secret: str, claims: dict[str, Any]) -> str:
    """An extension JWT signed with a base64 secret (what an extension backend does; for tests)."""
    return jwt.encode(claims, base64.b64decode(secret), algorithm="HS256")


# --- configuration -----------------------------------------------------------------------------


def _segment_owner(segment: str, broadcaster_id: str | None) -> str:
    if segment == "global":
        return ""
    if not broadcaster_id:
        raise BadRequest(f'Missing required parameter "broadcaster_id" (required for the {segment} segment)')
    return broadcaster_id


def segments(
    conn: sqlite3.Connection, extension_id: str, wanted: Sequence[str], broadcaster_id: str | None
) -> list[Segment]:
    found: list[Segment] = []
    for segment in dict.fromkeys(wanted):
        owner = _segment_owner(segment, broadcaster_id)
        r = conn.execute(
            "SELECT content, version FROM extension_configurations "
            "WHERE extension_id = ? AND segment = ? AND broadcaster_id = ?",
            (extension_id, segment, owner),
        ).fetchone()
        if r is not None:
            found.append(Segment(segment, r[0], r[1], owner or OMIT))
    return found


def set_segment(s: Services, row: ConfigurationRow) -> None:
    owner = _segment_owner(row.segment, row.broadcaster_id)
    if owner:
        checks.user(s, "broadcaster_id", owner)
    if len(row.content.encode()) > MAX_SEGMENT:
        raise malformed("content", f"the segment may hold at most {MAX_SEGMENT} bytes")
    insert_rows(s.conn, "INSERT OR REPLACE", [replace(row, broadcaster_id=owner)])


def set_required_configuration(s: Services, row: RequiredConfigurationRow) -> None:
    checks.user(s, "broadcaster_id", row.broadcaster_id)
    if not s.conn.execute(
        "SELECT 1 FROM extensions WHERE id = ? AND version = ?", (row.extension_id, row.extension_version)
    ).fetchone():
        raise NotFound("The extension version was not found")
    insert_rows(s.conn, "INSERT OR REPLACE", [row])


def required_configuration(
    conn: sqlite3.Connection, extension_id: str, version: str, broadcaster_id: str
) -> str | None:
    r = conn.execute(
        "SELECT required_configuration FROM extension_required_configurations "
        "WHERE extension_id = ? AND extension_version = ? AND broadcaster_id = ?",
        (extension_id, version, broadcaster_id),
    ).fetchone()
    return None if r is None else str(r[0])


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode()
