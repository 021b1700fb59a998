"""MockTwitch: one mock instance. It owns the settings, the store, the clock, the ids and the app,
seeds an empty database, and serves the app either in the foreground (the CLI's `start`) or on a
background thread (tests: `with MockTwitch() as twitch: ...`)."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable
from typing import Any

from twitch_mock.app import App, create_app
from twitch_mock.core.clock import Clock
from twitch_mock.generator import Generation, generate
from twitch_mock.http.context import Services
from twitch_mock.server import bind, new_event_loop, serve
from twitch_mock.settings import Settings
from twitch_mock.store import Store
from twitch_mock.store.auth import Client

Progress = Callable[[str, int, int], None]


class MockTwitch:
    def __init__(
        self,
        settings: Settings | None = None,
        *,
        seed: int | None = None,
        users: int | None = None,
        db: str = ":memory:",
        progress: Progress | None = None,
        **overrides: Any,
    ) -> None:
        if settings is None:
            settings = Settings(db=db, port=0, host="127.0.0.1", **overrides)
        if seed is not None or users is not None:
            from dataclasses import replace

            settings = replace(
                settings,
                seed=seed if seed is not None else settings.seed,
                users=users if users is not None else settings.users,
            )
        self.settings = settings
        self.clock = Clock()
        self.store = Store.open(settings.db)
        self.services = Services(settings, self.store, self.clock)
        self.generation: Generation | None = None
        if self.store.users.count() == 0:
            self.generation = generate(
                self.store, count=settings.users, seed=settings.seed, clock=self.clock, progress=progress
            )
        self.app: App = create_app(self.services)
        self.port: int | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None

    # --- what a user needs ---------------------------------------------------------------------

    @property
    def client(self) -> Client:
        """The first confidential client (the one `generate` printed)."""
        for client in self.store.auth.clients():
            if not client.is_public:
                return client
        raise LookupError("no confidential client in the database")

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("the server is not running")
        host = self.settings.host
        host = "localhost" if host in ("localhost", "127.0.0.1", "::1") else host
        return f"http://{host}:{self.port}"

    # --- serving -------------------------------------------------------------------------------

    async def serve_async(
        self,
        stop: asyncio.Event,
        ready: Callable[[], None] | None = None,
        sockets: list[socket.socket] | None = None,
    ) -> None:
        """Serve until `stop` is set, on `sockets` or on freshly bound ones."""
        if sockets is None:
            sockets = bind(self.settings.host, self.settings.port)
        self.port = sockets[0].getsockname()[1]
        await serve(self.app, sockets, self.settings.server, stop, ready)

    def start(self) -> MockTwitch:
        """Serve on a background thread; returns once the server accepts connections."""
        if self._thread is not None:
            return self
        started = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = new_event_loop()
            self._loop = loop
            self._stop = asyncio.Event()
            try:
                loop.run_until_complete(self.serve_async(self._stop, started.set))
            except BaseException as exc:  # reported to the thread that called start()
                failure.append(exc)
            finally:
                started.set()
                loop.close()

        self._thread = threading.Thread(target=run, name="twitch-mock", daemon=True)
        self._thread.start()
        started.wait()
        if failure:
            self._thread = None
            raise failure[0]
        return self

    def stop(self) -> None:
        if self._thread is None or self._loop is None or self._stop is None:
            return
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=10)
        self._thread = None
        self.port = None

    def close(self) -> None:
        self.stop()
        self.store.close()

    def __enter__(self) -> MockTwitch:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
