"""What happens in the world without a request of its own, wired into each `Services` when it is
made: what one change causes in another family (a follow moves a follower goal, a stream's end
clears its pin, a stream's start sets its first ad break: `REACTIONS`, run by `Services.publish`
inside the same transaction), and what the mock's clock causes when it moves (a poll whose time is
up ends, a prediction locks, a Hype Train expires, a raid's countdown ends, an automatic ad break
begins: `run`, called by the clock's listeners after every jump and by the server's ticker once a
second).

Families publish their own events and know nothing of who reacts; this module is the one place
that knows both sides."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Final

from twitch_mock.domain import ads, goals, hypetrain, pinned_messages, polls, predictions, raids, timers
from twitch_mock.domain.outbox import Event
from twitch_mock.domain.services import Services

log = logging.getLogger("twitch_mock")

Reaction = Callable[[Services, Event], None]

REACTIONS: Final[Mapping[str, tuple[Reaction, ...]]] = {
    **{event_type: (goals.progress,) for event_type in goals.MOVED_BY},
    "stream.offline": (pinned_messages.stream_ended,),
    "stream.online": (ads.stream_started,),
}
# what each kind of timer does when it fires: (services, key, due_at)
TIMERS: Final[Mapping[str, Callable[[Services, str, str], None]]] = {
    hypetrain.TIMER: hypetrain.expire,
    raids.TIMER: raids.execute,
    ads.TIMER: ads.automatic_breaks,
}


def install(s: Services) -> None:
    s.reactions = REACTIONS
    s.clock.listeners.append(lambda _seconds: run_in_transaction(s))


def run(s: Services) -> None:
    """Announce everything due on the mock's clock now, each once (inside the caller's transaction)."""
    now = s.now()
    polls.settle_due(s)
    for broadcaster_id in predictions.due(s.conn, now):
        predictions.settle(s, broadcaster_id)
    for kind, key, due_at in timers.take_due(s):
        fire = TIMERS.get(kind)
        if fire is not None:
            fire(s, key, due_at)


def run_in_transaction(s: Services) -> None:
    """`run` in the transaction under way (a control API request advancing the clock: it fails
    with it) or in one of its own, which a failure rolls back and logs (the ticker goes on)."""
    if s.conn.in_transaction:
        run(s)
        return
    try:
        with s.store.transaction():
            run(s)
    except Exception:
        log.exception("the timers failed")
