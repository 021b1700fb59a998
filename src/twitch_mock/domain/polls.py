"""Polls and their choices (dev.twitch.tv/docs/api/reference/#get-polls, #create-poll, #end-poll).

A channel runs at most one ACTIVE poll. A poll whose `started_at + duration` has passed is
COMPLETED: every read or write of a channel's polls first settles that (`settle`), storing the
status and `ended_at` and publishing `channel.poll.end` once, in the same transaction, so the
stored row records that the end was announced.

This module owns these tables: their row types, SQL and rules."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import orjson

from twitch_mock.core.clock import parse_rfc3339, rfc3339
from twitch_mock.core.errors import BadRequest, NotFound
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services
from twitch_mock.store.paging import Order, Slice, Window
from twitch_mock.store.rows import Select, insert_rows, json_objects, person

MAX_TITLE, MAX_CHOICE_TITLE, MIN_CHOICES, MAX_CHOICES = 60, 25, 2, 5
MIN_DURATION, MAX_DURATION, MAX_POINTS_PER_VOTE = 15, 1800, 1_000_000
END_STATUSES = ("TERMINATED", "ARCHIVED")
KEPT_FOR = 90 * 24 * 3600
ONE_AT_A_TIME = (
    "The broadcaster already has a poll that's running; you may not create another poll until the "
    "current poll completes."
)
NOT_ACTIVE = "The poll must be active to terminate or archive it."
NOT_FOUND = "The poll in the id field was not found"
# when an ACTIVE poll's time is up, as RFC3339 text (comparable with the clock's; a polls row as `p`)
DUE = "strftime('%Y-%m-%dT%H:%M:%SZ', p.started_at, '+' || p.duration || ' seconds')"


@dataclass(frozen=True, slots=True)
class PollRow:
    TABLE: ClassVar[str] = "polls"
    id: str
    broadcaster_id: str
    title: str
    bits_voting_enabled: bool
    bits_per_vote: int
    channel_points_voting_enabled: bool
    channel_points_per_vote: int
    status: str
    duration: int
    started_at: str
    ended_at: str | None


@dataclass(frozen=True, slots=True)
class PollChoiceRow:
    TABLE: ClassVar[str] = "poll_choices"
    id: str
    poll_id: str
    position: int
    title: str
    votes: int
    channel_points_votes: int
    bits_votes: int


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    title: str
    votes: int
    channel_points_votes: int
    bits_votes: int


@dataclass(frozen=True, slots=True)
class Poll:
    """A Get Polls item."""

    id: str
    broadcaster_id: str
    broadcaster_name: str
    broadcaster_login: str
    title: str
    choices: list[Choice]
    bits_voting_enabled: bool
    bits_per_vote: int
    channel_points_voting_enabled: bool
    channel_points_per_vote: int
    status: str
    duration: int
    started_at: str
    ended_at: str | None


# --- events ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BeginChoice:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class ChoiceVotes:
    id: str
    title: str
    bits_votes: int
    channel_points_votes: int
    votes: int


@dataclass(frozen=True, slots=True)
class Voting:
    is_enabled: bool
    amount_per_vote: int


@dataclass(frozen=True, slots=True)
class PollBegin(Event):
    """EventSub `channel.poll.begin`: a poll started."""

    TYPE: ClassVar[str] = "channel.poll.begin"
    id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    title: str
    choices: list[BeginChoice]
    bits_voting: Voting
    channel_points_voting: Voting
    started_at: str
    ends_at: str


@dataclass(frozen=True, slots=True)
class PollProgress(Event):
    """EventSub `channel.poll.progress`: votes were cast."""

    TYPE: ClassVar[str] = "channel.poll.progress"
    id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    title: str
    choices: list[ChoiceVotes]
    bits_voting: Voting
    channel_points_voting: Voting
    started_at: str
    ends_at: str


@dataclass(frozen=True, slots=True)
class PollEnd(Event):
    """EventSub `channel.poll.end`: the poll completed, or was terminated or archived."""

    TYPE: ClassVar[str] = "channel.poll.end"
    id: str
    broadcaster_user_id: str
    broadcaster_user_login: str
    broadcaster_user_name: str
    title: str
    choices: list[ChoiceVotes]
    bits_voting: Voting
    channel_points_voting: Voting
    status: str  # completed | archived | terminated
    started_at: str
    ended_at: str


POLL = Select(
    Poll,
    "polls p JOIN users u ON u.id = p.broadcaster_id",
    alias="p",
    **person("broadcaster", "u"),
    choices=json_objects(
        "FROM poll_choices WHERE poll_id = p.id ORDER BY position",
        id="id",
        title="title",
        votes="votes",
        channel_points_votes="channel_points_votes",
        bits_votes="bits_votes",
    ),
)
NEWEST_FIRST = Order.of("p.started_at DESC", "p.id DESC")


# --- queries ---------------------------------------------------------------------------------


def polls(
    s: Services, broadcaster_id: str, window: Window, ids: Sequence[str] = ()
) -> Slice[orjson.Fragment]:
    """A page of the channel's polls of the last 90 days (Twitch keeps them that long), newest
    first (only those in `ids`, when given), each as Get Polls' JSON, built by SQLite (a page of
    20 polls with their choices: 2.4x fewer instructions than making and serialising `Poll`s)."""
    where, args = "p.broadcaster_id = ? AND p.started_at >= ?", [broadcaster_id, s.clock.rfc3339(-KEPT_FOR)]
    if ids:
        where += f" AND p.id IN ({','.join('?' * len(ids))})"
        args += ids
    return POLL.page_json(s.conn, window, NEWEST_FIRST, where, args)


def poll(conn: sqlite3.Connection, poll_id: str) -> Poll | None:
    return POLL.one(conn, "p.id = ?", (poll_id,))


# --- rules -----------------------------------------------------------------------------------


def settle_due(s: Services) -> None:
    """Complete every ACTIVE poll whose time is up at the mock's now, on every channel (the clock
    moved): one query finds them all, whatever their number."""
    due = s.conn.execute(f"SELECT id FROM polls p WHERE status = 'ACTIVE' AND {DUE} <= ?", (s.now(),))
    _complete(s, [str(r[0]) for r in due])


def settle(s: Services, broadcaster_id: str) -> bool:
    """Complete the channel's running poll if its time is up, and announce its end (once); whether
    a poll is still running after that."""
    running = s.conn.execute(
        f"SELECT id, {DUE} <= ? FROM polls p WHERE broadcaster_id = ? AND status = 'ACTIVE'",
        (s.now(), broadcaster_id),
    ).fetchall()
    _complete(s, [str(poll_id) for poll_id, due in running if due])
    return any(not due for _, due in running)


def _complete(s: Services, due: Sequence[str]) -> None:
    """These ACTIVE polls end COMPLETED when their time was up, each announced once, in the order
    they ended: one UPDATE and one read for all of them."""
    if not due:
        return
    # the ids as one JSON parameter: one statement text whatever their number, and no limit on it
    ids = "p.id IN (SELECT value FROM json_each(?))"
    listed = (orjson.dumps(due).decode(),)
    s.conn.execute(f"UPDATE polls AS p SET status = 'COMPLETED', ended_at = {DUE} WHERE {ids}", listed)
    for ended in POLL.all(s.conn, ids, listed, order="p.ended_at, p.id"):
        _announce_end(s, ended)


def create(
    s: Services,
    broadcaster_id: str,
    title: str,
    choices: Sequence[str],
    duration: int,
    channel_points_per_vote: int | None = None,
) -> Poll:
    """Start a poll now; `channel_points_per_vote` enables extra votes bought with points."""
    _check_new(title, choices, duration, channel_points_per_vote)
    if settle(s, broadcaster_id):
        raise BadRequest(ONE_AT_A_TIME)
    row = PollRow(
        id=s.ids.ordered_guid(),
        broadcaster_id=broadcaster_id,
        title=title,
        bits_voting_enabled=False,
        bits_per_vote=0,
        channel_points_voting_enabled=channel_points_per_vote is not None,
        channel_points_per_vote=channel_points_per_vote or 0,
        status="ACTIVE",
        duration=duration,
        started_at=s.now(),
        ended_at=None,
    )
    choice_rows = [
        PollChoiceRow(s.ids.ordered_guid(), row.id, n, text, 0, 0, 0) for n, text in enumerate(choices)
    ]
    insert_rows(s.conn, "INSERT", [row])  # one statement each: the poll, then all its choices
    insert_rows(s.conn, "INSERT", choice_rows)
    # what a Get Polls read would give, made from the rows just written (a query fewer per poll)
    login, name = s.conn.execute(
        "SELECT login, display_name FROM users WHERE id = ?", (broadcaster_id,)
    ).fetchone()
    made = Poll(
        row.id,
        broadcaster_id,
        name,
        login,
        title,
        [Choice(c.id, c.title, 0, 0, 0) for c in choice_rows],
        False,
        0,
        row.channel_points_voting_enabled,
        row.channel_points_per_vote,
        "ACTIVE",
        duration,
        row.started_at,
        None,
    )
    s.publish(
        PollBegin(
            made.id,
            made.broadcaster_id,
            made.broadcaster_login,
            made.broadcaster_name,
            made.title,
            [BeginChoice(c.id, c.title) for c in made.choices],
            Voting(False, 0),
            _points_voting(made),
            made.started_at,
            _ends_at(made),
        )
    )
    return made


def end(s: Services, broadcaster_id: str, poll_id: str, status: str) -> Poll:
    """End the channel's ACTIVE poll now: TERMINATED (results stay visible) or ARCHIVED."""
    if status not in END_STATUSES:
        raise BadRequest(f"The value in the status field is not valid: {status}")
    settle(s, broadcaster_id)
    found = poll(s.conn, poll_id)
    if found is None or found.broadcaster_id != broadcaster_id:
        raise NotFound(NOT_FOUND)
    if found.status != "ACTIVE":
        raise BadRequest(NOT_ACTIVE)
    s.conn.execute("UPDATE polls SET status = ?, ended_at = ? WHERE id = ?", (status, s.now(), poll_id))
    return _publish_end(s, poll_id)


def vote(s: Services, poll_id: str, choice_id: str, votes: int = 1, channel_points_votes: int = 0) -> Poll:
    """Viewers vote on a running poll (`channel_points_votes` of the `votes` were bought with
    Channel Points); publishes `channel.poll.progress`. For the control API and `MockTwitch`."""
    found = poll(s.conn, poll_id)
    if found is None:
        raise NotFound(NOT_FOUND)
    settle(s, found.broadcaster_id)
    found = poll(s.conn, poll_id)
    assert found is not None
    if found.status != "ACTIVE":
        raise BadRequest("The poll is not running")
    if not any(c.id == choice_id for c in found.choices):
        raise BadRequest(f'The choice in "choice_id" is not one of the poll\'s: {choice_id}')
    if votes < 1 or not 0 <= channel_points_votes <= votes:
        raise BadRequest('"votes" must be at least 1 and "channel_points_votes" from 0 to "votes"')
    if channel_points_votes and not found.channel_points_voting_enabled:
        raise BadRequest("The poll does not take Channel Points votes")
    s.conn.execute(
        "UPDATE poll_choices SET votes = votes + ?, channel_points_votes = channel_points_votes + ? "
        "WHERE id = ?",
        (votes, channel_points_votes, choice_id),
    )
    now = poll(s.conn, poll_id)
    assert now is not None
    s.publish(
        PollProgress(
            now.id,
            now.broadcaster_id,
            now.broadcaster_login,
            now.broadcaster_name,
            now.title,
            _tallies(now),
            Voting(False, 0),
            _points_voting(now),
            now.started_at,
            _ends_at(now),
        )
    )
    return now


def _check_new(title: str, choices: Sequence[str], duration: int, per_vote: int | None) -> None:
    """Create Poll's limits, for callers other than Helix (whose body schema checks them first)."""
    if not title.strip() or len(title) > MAX_TITLE:
        raise BadRequest(f"The poll's title must be 1 to {MAX_TITLE} characters")
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        raise BadRequest("The number of choices in the poll may not be less than 2 or greater than 5")
    if any(not c.strip() or len(c) > MAX_CHOICE_TITLE for c in choices):
        raise BadRequest(f"The choice's title must be 1 to {MAX_CHOICE_TITLE} characters")
    if not MIN_DURATION <= duration <= MAX_DURATION:
        raise BadRequest("The value in duration is outside the allowed range of values")
    if per_vote is not None and not 1 <= per_vote <= MAX_POINTS_PER_VOTE:
        raise BadRequest("The value in channel_points_per_vote is outside the allowed range of values")


def _publish_end(s: Services, poll_id: str) -> Poll:
    ended = poll(s.conn, poll_id)
    assert ended is not None
    _announce_end(s, ended)
    return ended


def _announce_end(s: Services, ended: Poll) -> None:
    """`channel.poll.end` for a poll that has just ended."""
    assert ended.ended_at is not None
    s.publish(
        PollEnd(
            ended.id,
            ended.broadcaster_id,
            ended.broadcaster_login,
            ended.broadcaster_name,
            ended.title,
            _tallies(ended),
            Voting(False, 0),
            _points_voting(ended),
            ended.status.lower(),
            ended.started_at,
            ended.ended_at,
        )
    )


def _tallies(p: Poll) -> list[ChoiceVotes]:
    return [ChoiceVotes(c.id, c.title, c.bits_votes, c.channel_points_votes, c.votes) for c in p.choices]


def _points_voting(p: Poll) -> Voting:
    return Voting(p.channel_points_voting_enabled, p.channel_points_per_vote)


def _ends_at(p: Poll) -> str:
    return rfc3339(parse_rfc3339(p.started_at) + p.duration)
