"""The fixed part of the world that every `generate` run shares and creates only once: categories,
tags, the "clidev" team and the two mock clients. Their ids do not depend on the seed (categories,
tags, team) or are chosen on the first run only (clients), so a second run reuses them."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from twitch_mock.core.clock import rfc3339
from twitch_mock.core.ids import Ids
from twitch_mock.domain import categories, teams
from twitch_mock.domain.categories import CategoryRow, TagRow
from twitch_mock.domain.teams import TeamRow
from twitch_mock.store import Store
from twitch_mock.store.auth import Client
from twitch_mock.store.rows import insert_rows

# (name, Twitch's id for it or '' to derive one, igdb_id). twitch-cli's five come first.
CATEGORIES = (
    ("Just Chatting", "509658", ""),
    ("Just Developing", "", ""),
    ("Just Making a CLI", "", ""),
    ("Science & Technology", "509670", ""),
    ("Development Test", "", ""),
    ("Software and Game Development", "1469308723", ""),
    ("Fortnite", "33214", "1905"),
    ("Minecraft", "27471", "121"),
    ("League of Legends", "21779", "115"),
    ("Music", "26936", ""),
    ("Art", "509660", ""),
    ("Retro", "27284", ""),
)

# twitch-cli's seven tags, spelling included, so scripts written against it find them.
TAG_NAMES = (
    "Happy",
    "Developement",
    "CLI",
    "Smiling",
    "Fake tag!",
    "Definitely not real data!",
    "KomodoHype",
)

TEAM_NAME = "clidev"
TEAM_DISPLAY_NAME = "CLI Developers"
REDIRECT_URIS = ("http://localhost:3000", "http://localhost:17563")
CLIENT_NAME = "Mock API Client"
PUBLIC_CLIENT_NAME = "Mock Public Client"

# Where a later run finds what the first run made.
META_CLIENT = "generate.client_id"
META_PUBLIC_CLIENT = "generate.public_client_id"

_TAG_NAMESPACE = uuid.UUID("6f1f5c2e-3a8b-4d0e-9c57-2d9a3f1b7e40")


@dataclass(frozen=True, slots=True)
class Catalog:
    """What a run's users and content refer to."""

    category_ids: tuple[str, ...]
    team_id: str
    client_id: str
    client_secret: str
    public_client_id: str


def category_rows() -> list[CategoryRow]:
    return [
        CategoryRow(
            twitch_id or _derived_id(name),
            name,
            f"https://static-cdn.jtvnw.net/ttv-boxart/{quote(name)}-{{width}}x{{height}}.jpg",
            igdb_id,
        )
        for name, twitch_id, igdb_id in CATEGORIES
    ]


def tag_rows() -> list[TagRow]:
    return [TagRow(str(uuid.uuid5(_TAG_NAMESPACE, name)), name) for name in TAG_NAMES]


def ensure_catalog(store: Store, ids: Ids, now: float, counts: dict[str, int]) -> Catalog:
    """Create whatever of the fixed catalogue is missing; `counts` gets the rows created."""
    conn = store.db.conn
    counts["categories"] = insert_rows(conn, "INSERT OR IGNORE", category_rows())
    counts["tags"] = insert_rows(conn, "INSERT OR IGNORE", tag_rows())
    by_name = categories.category_ids(conn)
    team_id = teams.team_id(conn, TEAM_NAME)
    if team_id is None:
        team_id = _derived_id(TEAM_NAME)
        created = rfc3339(now)
        counts["teams"] = insert_rows(
            conn,
            "INSERT",
            [_team(team_id, created)],
        )
    client = _client(store, META_CLIENT, lambda: _new_client(ids, CLIENT_NAME, False, now), counts)
    public = _client(
        store, META_PUBLIC_CLIENT, lambda: _new_client(ids, PUBLIC_CLIENT_NAME, True, now), counts
    )
    return Catalog(
        tuple(by_name[name] for name, _, _ in CATEGORIES), team_id, client.id, client.secret or "", public.id
    )


def _client(store: Store, meta_key: str, make: Callable[[], Client], counts: dict[str, int]) -> Client:
    """The client recorded under `meta_key`, or a new one made, stored and recorded."""
    known = store.meta.get(meta_key)
    client = store.auth.client(known) if known else None
    if client is None:
        client = make()
        store.auth.add_client(client)
        store.meta.set(meta_key, client.id)
        counts["clients"] = counts.get("clients", 0) + 1
    return client


def _new_client(ids: Ids, name: str, public: bool, now: float) -> Client:
    """A client with a 30-character a-z0-9 id (and secret, unless public), like Twitch's."""
    client_id = ids.secret(30)
    secret = None if public else ids.secret(30)
    return Client(client_id, secret, name, public, False, rfc3339(now), REDIRECT_URIS)


def _team(team_id: str, created: str) -> TeamRow:
    """The shared team, with Twitch-style image URLs (stable: keyed by a hash of its name)."""
    key = hashlib.sha256(TEAM_NAME.encode()).hexdigest()[:32]
    urls = (teams.TEAM_LOGO_URL, teams.TEAM_BACKGROUND_URL, teams.TEAM_BANNER_URL)
    logo, background, banner = (url.format(name=TEAM_NAME, key=key) for url in urls)
    info = "Developers who build with and for the Twitch CLI."
    return TeamRow(team_id, TEAM_NAME, TEAM_DISPLAY_NAME, info, logo, background, banner, created, created)


def _derived_id(name: str) -> str:
    """A stable numeric id for a name Twitch has no id for (6-9 digits)."""
    return str(int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big") % 900_000_000 + 100_000)
