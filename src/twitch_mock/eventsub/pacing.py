"""Deliveries yield to the API: EventSub's fan-out must not slow Helix (issue 14).

The app counts the HTTP requests in flight (`started`/`ended`). While none is, delivery work runs
as fast as the transports take it. While any is, each step of delivery work (one event turned into
its messages, one WebSocket frame, one webhook POST) first waits for a turn: turns are given one
at a time, in the order they were asked for, one every `PACE` seconds, and every waiter goes at
once when the last request in flight ends. So a write storm keeps the server for its requests and
the backlog goes out after it (or at 1/PACE steps a second during it, never starved), each
transport's messages still in order; a single client's sequential requests leave gaps in which
deliveries go out at full speed.

One pacer per EventSub runtime; it paces the steps of one event loop (the server's): a step asked
for on another loop (a second test client's) is not paced."""

from __future__ import annotations

import asyncio
import time
from collections import deque

PACE = 0.002  # seconds between two paced delivery steps while the API is busy
BURST = 20  # turns a late tick may give at once
QUIET = 0.010  # seconds after the last request ended that the API still counts as busy


class Pacer:
    def __init__(self, pace: float = PACE, quiet: float = QUIET, burst: int = BURST) -> None:
        self.pace, self.quiet, self.burst = pace, quiet, burst
        self.inflight = 0  # HTTP requests in flight
        self._ended_at = -1e9  # monotonic time the last one ended
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiting: deque[asyncio.Future[None]] = deque()
        self._timer: asyncio.TimerHandle | None = None
        self._next = 0.0  # monotonic time of the next turn
        self.server_loop: asyncio.AbstractEventLoop | None = None

    def started(self) -> None:
        self.inflight += 1
        self.server_loop = asyncio.get_running_loop()  # the loop the app's requests run on

    def ended(self) -> None:
        self.inflight -= 1
        self._ended_at = time.monotonic()
        if not self.inflight and self._waiting and self._timer is not None:
            sooner = self._timer_at(self._ended_at + self.quiet)  # look again once it is quiet
            if sooner is not None:
                self._timer.cancel()
                self._timer = sooner

    def _timer_at(self, at: float) -> asyncio.TimerHandle | None:
        """A tick at monotonic time `at`, on the paced loop (from its own thread only)."""
        loop = self._loop
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if loop is None or running is not loop:
            return None
        return loop.call_later(max(0.0, at - time.monotonic()), self._tick)

    @property
    def busy(self) -> bool:
        """Whether delivery work has to wait for a turn now: a request is in flight, one ended
        less than `quiet` seconds ago (the next is on its way), or steps are waiting."""
        return self.inflight > 0 or bool(self._waiting) or time.monotonic() - self._ended_at < self.quiet

    async def turn(self) -> None:
        """Return at once while no request is in flight; otherwise when this step's turn comes."""
        if not self.busy:
            return
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            if self._waiting and self._loop is not None and not self._loop.is_closed():
                return  # another loop's steps are paced: this one's go unpaced
            self._loop, self._timer, self._waiting = loop, None, deque()
        waiter: asyncio.Future[None] = loop.create_future()
        self._waiting.append(waiter)
        if self._timer is None:
            self._timer = self._timer_at(self._next)
        await waiter

    def _tick(self) -> None:
        self._timer = None
        loop = self._loop
        if loop is None:
            return
        now = time.monotonic()
        quiet_at = self._ended_at + self.quiet
        if not self.inflight and now >= quiet_at:
            self._release()
            return
        # the turns due since the last tick (the loop may run it late under load), at most `burst`
        self._next = max(self._next, now - (self.burst - 1) * self.pace)
        while self._waiting and self._next <= now:
            waiter = self._waiting.popleft()
            if not waiter.done():  # a cancelled step gives its turn to the next
                waiter.set_result(None)
                self._next += self.pace
        if self._waiting:  # the next turn, or sooner everyone when the API falls quiet first
            self._timer = self._timer_at(self._next if self.inflight else min(self._next, quiet_at))

    def _release(self) -> None:
        """The API fell quiet: every waiting step goes now, in order."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        waiting, self._waiting = self._waiting, deque()
        for waiter in waiting:
            if not waiter.done():
                waiter.set_result(None)
