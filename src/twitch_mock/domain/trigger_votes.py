"""Triggers of polls and predictions (`twitch-mock event trigger`, domain/triggers.py): each works on
the channel's running poll or prediction, starting one when none runs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from twitch_mock.domain import polls, predictions
from twitch_mock.domain.services import Services
from twitch_mock.domain.trigger_flags import Handler, Trigger, viewer_id


def _running_poll(s: Services, t: Trigger) -> polls.Poll | None:
    if not polls.settle(s, t.broadcaster):
        return None
    row = s.conn.execute(
        "SELECT id FROM polls WHERE broadcaster_id = ? AND status = 'ACTIVE'", (t.broadcaster,)
    ).fetchone()
    return polls.poll(s.conn, str(row[0]))


def _poll(s: Services, t: Trigger) -> polls.Poll:
    """The channel's running poll, or a new one."""
    running = _running_poll(s, t)
    if running is not None:
        return running
    return polls.create(s, t.broadcaster, t.description or "Mock poll", ["Yes", "No"], t.cost or 60)


def _poll_begin(s: Services, t: Trigger) -> None:
    running = _running_poll(s, t)
    if running is not None:
        polls.end(s, t.broadcaster, running.id, "TERMINATED")
    _poll(s, t)


def _poll_progress(s: Services, t: Trigger) -> None:
    poll = _poll(s, t)
    polls.vote(s, poll.id, poll.choices[0].id)


def _poll_end(s: Services, t: Trigger) -> None:
    polls.end(s, t.broadcaster, _poll(s, t).id, (t.status or "TERMINATED").upper())


def _running_prediction(s: Services, t: Trigger) -> predictions.Prediction | None:
    predictions.settle(s, t.broadcaster)
    row = s.conn.execute(
        "SELECT id FROM predictions WHERE broadcaster_id = ? AND status IN ('ACTIVE', 'LOCKED')",
        (t.broadcaster,),
    ).fetchone()
    return None if row is None else predictions.prediction(s.conn, str(row[0]))


def _prediction(s: Services, t: Trigger) -> predictions.Prediction:
    """The channel's running prediction, or a new one."""
    running = _running_prediction(s, t)
    if running is not None:
        return running
    title = t.description or "Mock prediction"
    return predictions.create(s, t.broadcaster, title, ["Yes", "No"], t.cost or 120)


def _prediction_begin(s: Services, t: Trigger) -> None:
    running = _running_prediction(s, t)
    if running is not None:
        predictions.end(s, t.broadcaster, running.id, "CANCELED")
    _prediction(s, t)


def _prediction_progress(s: Services, t: Trigger) -> None:
    found = _prediction(s, t)
    predictions.bet(s, found.id, found.outcomes[0].id, viewer_id(s, t), t.cost or 100)


def _prediction_lock(s: Services, t: Trigger) -> None:
    found = _prediction(s, t)
    if found.status == "ACTIVE":
        predictions.end(s, t.broadcaster, found.id, "LOCKED")


def _prediction_end(s: Services, t: Trigger) -> None:
    found = _prediction(s, t)
    if (t.status or "").upper() == "CANCELED":
        predictions.end(s, t.broadcaster, found.id, "CANCELED")
    else:
        predictions.end(s, t.broadcaster, found.id, "RESOLVED", found.outcomes[0].id)


KINDS: Final[Mapping[str, tuple[str, Handler]]] = {
    "poll-begin": ("channel.poll.begin", _poll_begin),
    "poll-progress": ("channel.poll.progress", _poll_progress),
    "poll-end": ("channel.poll.end", _poll_end),
    "prediction-begin": ("channel.prediction.begin", _prediction_begin),
    "prediction-progress": ("channel.prediction.progress", _prediction_progress),
    "prediction-lock": ("channel.prediction.lock", _prediction_lock),
    "prediction-end": ("channel.prediction.end", _prediction_end),
}
