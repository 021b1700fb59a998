"""A channel's blocked terms (dev.twitch.tv/docs/api/reference/#get-blocked-terms, #add-blocked-term,
#remove-blocked-term): words or phrases a message may not contain. A term matches case-insensitively,
as whole words, and `*` stands for any run of non-space characters ("crac*" blocks "cracking").

Send Chat Message and Check AutoMod Status test every message against every term: the terms of a
channel are compiled into one regular expression built from their trie (a message costs about its
length, however many terms there are and however many letters they share), cached in
`Services.caches` under the channel's term version (a random number every add or remove writes, so
a rolled-back change can't leave a stale matcher behind).

This module owns `blocked_terms` and `blocked_term_versions`: their row types, SQL and rules."""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import users
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows

MIN_TEXT, MAX_TEXT = 2, 500
MAX_TERMS = 1000
TOO_LONG = "The length of the term in the text field is either too short or too long"


@dataclass(frozen=True, slots=True)
class BlockedTermRow:
    """A row, and a Get / Add Blocked Term item."""

    TABLE: ClassVar[str] = "blocked_terms"
    broadcaster_id: str
    moderator_id: str
    id: str
    text: str
    created_at: str
    updated_at: str
    expires_at: str | None = None


@dataclass(frozen=True, slots=True)
class TermVersion:
    TABLE: ClassVar[str] = "blocked_term_versions"
    broadcaster_id: str
    version: int


@dataclass(frozen=True, slots=True)
class AutoModTermsUpdate(Event):
    """EventSub `automod.terms.update` v1: `action` is add_blocked or remove_blocked here."""

    TYPE: ClassVar[str] = "automod.terms.update"
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    moderator_user_id: str
    moderator_user_login: str
    moderator_user_name: str
    action: str
    from_automod: bool
    terms: list[str]


TERMS = Select(BlockedTermRow, "blocked_terms t", alias="t")
ORDER = Order.of("t.created_at DESC", "t.id DESC")  # the newest first


def blocked_terms(conn: sqlite3.Connection, broadcaster_id: str, window: Window) -> Slice[BlockedTermRow]:
    return TERMS.page(conn, window, ORDER, "t.broadcaster_id = ?", (broadcaster_id,))


def add_term(s: Services, broadcaster_id: str, moderator_id: str, text: str) -> BlockedTermRow:
    """Add Blocked Term; the same term again (in any case) answers the term already there."""
    text = text.strip()
    if not MIN_TEXT <= len(text) <= MAX_TEXT:
        raise BadRequest(TOO_LONG)
    found = TERMS.one(s.conn, "t.broadcaster_id = ? AND t.text = ? COLLATE NOCASE", (broadcaster_id, text))
    if found is not None:
        return found
    count = s.conn.execute("SELECT count(*) FROM blocked_terms WHERE broadcaster_id = ?", (broadcaster_id,))
    if count.fetchone()[0] >= MAX_TERMS:
        raise BadRequest(f"The broadcaster may have at most {MAX_TERMS} blocked terms")
    now = s.now()
    row = BlockedTermRow(broadcaster_id, moderator_id, s.ids.guid(), text, now, now)
    insert_rows(s.conn, "INSERT", [row])
    _changed(s, broadcaster_id, moderator_id, "add_blocked", text)
    return row


def remove_term(s: Services, broadcaster_id: str, moderator_id: str, term_id: str) -> None:
    """Remove Blocked Term; an unknown id is not an error (Twitch answers 204 too)."""
    found = TERMS.one(s.conn, "t.broadcaster_id = ? AND t.id = ?", (broadcaster_id, term_id))
    if found is None:
        return
    s.conn.execute("DELETE FROM blocked_terms WHERE id = ?", (term_id,))
    _changed(s, broadcaster_id, moderator_id, "remove_blocked", found.text)


def _changed(s: Services, broadcaster_id: str, moderator_id: str, action: str, text: str) -> None:
    bump_version(s.conn, broadcaster_id)
    caster, mod = users.names(s.conn, broadcaster_id), users.names(s.conn, moderator_id)
    s.publish(AutoModTermsUpdate(*caster, *mod, action, False, [text]))


def bump_version(conn: sqlite3.Connection, broadcaster_id: str) -> None:
    """Mark the channel's terms changed (the generator calls it after writing terms itself)."""
    conn.execute(
        "INSERT OR REPLACE INTO blocked_term_versions (broadcaster_id, version) VALUES (?, ?)",
        (broadcaster_id, random.getrandbits(62)),  # a cache key, not a secret
    )


WILD = "*"  # in a term: any run of non-space characters
END = ""  # a trie key: a term ends here


def pattern(texts: Sequence[str]) -> str:
    """One regular expression for all the terms, built from their trie (shared prefixes are matched
    once, so a message costs about its length, not length x terms, however many terms share
    letters with its words)."""
    root: dict[str, Any] = {}
    for text in texts:
        node = root
        for char in text.lower():
            node = node.setdefault(char, {})
        node[END] = {}
    return _emit(root)


def _emit(node: dict[str, Any]) -> str:
    out = ""
    while True:  # a chain of single letters is written as a run, without nesting
        keys = [k for k in node if k != END]
        if len(keys) == 1 and END not in node:
            out += _piece(keys[0])
            node = node[keys[0]]
            continue
        break
    if not keys:
        return out
    branches = "|".join(_piece(k) + _emit(node[k]) for k in sorted(keys))
    return out + f"(?:{branches})" + ("?" if END in node else "")


def _piece(key: str) -> str:
    return r"\S*" if key == WILD else re.escape(key)


def matcher(s: Services, broadcaster_id: str) -> re.Pattern[str] | None:
    """The channel's terms as one compiled expression (None: no terms), cached per term version."""
    row = s.conn.execute(
        "SELECT version FROM blocked_term_versions WHERE broadcaster_id = ?", (broadcaster_id,)
    ).fetchone()
    return compiled(s, broadcaster_id, row[0] if row else None)


def compiled(s: Services, broadcaster_id: str, version: int | None) -> re.Pattern[str] | None:
    """`matcher`, when the caller has read the channel's term version already."""
    key = ("blocked_terms", broadcaster_id)
    cached = s.caches.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]  # type: ignore[no-any-return]
    texts = [
        r[0]
        for r in s.conn.execute("SELECT text FROM blocked_terms WHERE broadcaster_id = ?", (broadcaster_id,))
    ]
    made = None
    if texts:
        made = re.compile(rf"(?<!\w)(?:{pattern(texts)})(?!\w)", re.IGNORECASE)
    s.caches[key] = (version, made)
    return made


def blocked(s: Services, broadcaster_id: str, text: str) -> str | None:
    """The part of `text` a blocked term of the channel matches, or None."""
    made = matcher(s, broadcaster_id)
    if made is None:
        return None
    found = made.search(text)
    return None if found is None else found.group(0)
