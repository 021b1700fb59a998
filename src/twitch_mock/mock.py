"""MockTwitch: one mock instance. It owns the settings, the store, the clock, the ids and the app,
seeds an empty database, and serves the app either in the foreground (the CLI's `start`) or on a
background thread (tests: `with MockTwitch() as twitch: ...`).

Once the server runs, only its event-loop thread touches the SQLite connection: every builder and
token method called from another thread (the test's) is handed to that loop and waited for. Right
after seeding the instance snapshots the database; `reset()` restores it in well under a
millisecond. Two instances in one process share nothing."""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import orjson

from twitch_mock.app import App, create_app
from twitch_mock.control import builders
from twitch_mock.control.builders import BuilderMethod
from twitch_mock.control.reseed import reseed
from twitch_mock.control.session import expire_token, require_known, revoke_token
from twitch_mock.core.clock import Clock
from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import checks, wiring
from twitch_mock.domain import users as user_rows
from twitch_mock.domain.outbox import Subscriber
from twitch_mock.domain.services import IssuedToken, MockInfo, Services
from twitch_mock.domain.users import UserRecord
from twitch_mock.eventsub.runtime import EventSub
from twitch_mock.eventsub.transport import Message
from twitch_mock.generator import Generation, generate
from twitch_mock.http import journal as journal_rows
from twitch_mock.http.faults import FaultRule
from twitch_mock.http.journal import Filter, Recorded
from twitch_mock.http.powers import Powers
from twitch_mock.oauth.clients import register_client
from twitch_mock.oauth.keys import signing_key
from twitch_mock.oauth.tokens import expires_in, issue_app_token, issue_user_token
from twitch_mock.server import BindError, bind, new_event_loop, raise_open_file_limit, serve
from twitch_mock.settings import Settings
from twitch_mock.store import Store
from twitch_mock.store.auth import Client
from twitch_mock.store.holder import claim, release
from twitch_mock.store.snapshots import Loaded, export_world, load_world

Progress = Callable[[str, int, int], None]
T = TypeVar("T")

META_ALL_UNITS = "generate.all_units_user_id"
META_SEED = "generate.seed.1"
# Larger databases are not copied into memory; reset() regenerates them from their seeds instead.
SNAPSHOT_LIMIT = 256 << 20


def mint(services: Services, user_id: str | None, scopes: Sequence[str], client_id: str) -> IssuedToken:
    """An app token, or a user token and its refresh token, minted the way id.twitch.tv's grants do."""
    picked = checks.scopes(scopes)
    if services.store.auth.client(client_id) is None:
        raise BadRequest(f"Unknown client: {client_id}")
    if user_id is None:
        token, refresh = issue_app_token(services, client_id, picked), None
    else:
        checks.user(services, "user_id", user_id)
        issued = issue_user_token(services, client_id, user_id, picked)
        token, refresh = issued.access, issued.refresh
    return IssuedToken(
        access_token=token.token,
        refresh_token=refresh.token if refresh else None,
        expires_in=expires_in(token, services.clock.now()),
        scope=list(token.scopes),
        token_type="bearer",
        client_id=client_id,
        user_id=user_id,
    )


def _snapshot_bytes(source: bytes | str | os.PathLike[str]) -> bytes:
    return source if isinstance(source, bytes) else Path(source).read_bytes()


TICK_SECONDS = 1.0


class MockTwitch:
    def __init__(
        self,
        settings: Settings | None = None,
        *,
        seed: int | None = None,
        users: int | None = None,
        db: str = ":memory:",
        progress: Progress | None = None,
        snapshot: bytes | str | os.PathLike[str] | None = None,
        **overrides: Any,
    ) -> None:
        """`snapshot`: start from an exported world (a file's path or its bytes) instead of
        generating one; reset() then returns to it. SnapshotError when it can't be imported."""
        if settings is None:
            # uvicorn by default in-process: Granian's Rust threads, embedded in a thread, can abort
            # the interpreter at exit (observed: "panic in a function that cannot unwind").
            # "localhost" listens on 127.0.0.1 and ::1: Node resolves localhost to ::1 first.
            defaults = {"host": "localhost", "server": "uvicorn", **overrides}
            settings = Settings(db=db, port=0, **defaults)
        if seed is not None or users is not None:
            settings = replace(
                settings,
                seed=seed if seed is not None else settings.seed,
                users=users if users is not None else settings.users,
            )
        self.settings = settings
        self.clock = Clock()
        self.store = Store.open(settings.db, exclusive=True)  # a file is this instance's alone
        self.services = Services(settings, self.store, self.clock)
        self.generation: Generation | None = None
        loaded = None
        if snapshot is not None:
            try:
                loaded = load_world(_snapshot_bytes(snapshot))
            except BaseException:
                self.store.close()
                raise
            self.store.db.restore(loaded.conn)
            self.clock.offset = loaded.clock_offset
        elif user_rows.count(self.store.db.conn) == 0:
            self.generation = generate(
                self.store,
                count=settings.users,
                seed=settings.seed,
                clock=self.clock,
                progress=progress,
                lifetimes=settings.lifetimes,
            )
        with self.store.transaction():
            signing_key(self.services)  # made before the snapshot, so reset() keeps ID tokens verifiable
        self.app: App = create_app(self.services)
        self.port: int | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._start_offset = self.clock.offset  # where reset() puts the clock
        self._snapshot: sqlite3.Connection | None = None
        self._seeded = self._remember_seeded(loaded.conn if loaded else None)

    def _remember_seeded(
        self, snapshot: sqlite3.Connection | None = None
    ) -> tuple[tuple[UserRecord, ...], Client, MockInfo]:
        """What reset returns to: the users, the client and a snapshot of the whole database (the
        imported one, when the world came from a file)."""
        if self._snapshot is not None and self._snapshot is not snapshot:
            self._snapshot.close()
        if snapshot is None and self.store.size() <= SNAPSHOT_LIMIT:
            snapshot = self.store.db.snapshot()
        self._snapshot = snapshot
        self.services.controller = self
        seeded = tuple(user_rows.records(self.store.db.conn))
        client = next((c for c in self.store.auth.clients() if not c.is_public), None)
        if client is None:
            raise LookupError("no confidential client in the database")
        public = next((c.id for c in self.store.auth.clients() if c.is_public), "")
        meta = self.store.meta
        seed = meta.get(META_SEED)
        info = MockInfo(
            client.id,
            client.secret or "",
            public,
            int(seed) if seed is not None else None,
            [u.id for u in seeded],
            meta.get(META_ALL_UNITS) or (seeded[0].id if seeded else ""),
            "",
        )
        return seeded, client, info

    # --- what a test needs ---------------------------------------------------------------------

    @property
    def users(self) -> tuple[UserRecord, ...]:
        """The seeded users (every column of each), in creation order; the first is the partner
        with all units. Users made later with `create_user` are not listed here."""
        return self._seeded[0]

    @property
    def client(self) -> Client:
        """The generated confidential client."""
        return self._seeded[1]

    @property
    def client_id(self) -> str:
        return self._seeded[1].id

    @property
    def client_secret(self) -> str:
        return self._seeded[1].secret or ""

    @property
    def public_client_id(self) -> str:
        return self._seeded[2].public_client_id

    @property
    def all_units_user_id(self) -> str:
        return self._seeded[2].all_units_user_id

    @property
    def seed(self) -> int | None:
        return self._seeded[2].seed

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("the server is not running")
        host = self.settings.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    @property
    def helix_url(self) -> str:
        return self.url + "/helix/"

    @property
    def auth_url(self) -> str:
        return self.url + "/oauth2/"

    def info(self) -> MockInfo:
        return replace(self._seeded[2], now=self.clock.rfc3339())

    # --- tokens -------------------------------------------------------------------------------

    def issue_token(
        self, user_id: str | None, scopes: Sequence[str] = (), client_id: str | None = None
    ) -> IssuedToken:
        """An app token (no `user_id`) or a user token with a refresh token, for the generated
        client unless `client_id` names another."""
        return self._write(mint, self.services, user_id, scopes, client_id or self.client_id)

    def app_token(self, scopes: Sequence[str] = (), client_id: str | None = None) -> str:
        return self.issue_token(None, scopes, client_id).access_token

    def user_token(self, user_id: str, scopes: Sequence[str] = (), client_id: str | None = None) -> str:
        return self.issue_token(user_id, scopes, client_id).access_token

    def expire_token(self, token: str) -> None:
        """The access token stops working now; its refresh token still works."""
        require_known(self._write(expire_token, self.services, token), token)

    def revoke_token(self, token: str) -> None:
        """Delete an access token, or a refresh token with every token of its grant."""
        require_known(self._write(revoke_token, self.services, token), token)

    # --- builders: units with exactly the attributes given (control/builders.py) ---------------

    create_user = BuilderMethod(builders.CREATE_USER)
    create_stream = BuilderMethod(builders.CREATE_STREAM)
    create_client = BuilderMethod(builders.CREATE_CLIENT)
    follow = BuilderMethod(builders.FOLLOW)
    subscribe = BuilderMethod(builders.SUBSCRIBE)
    ban = BuilderMethod(builders.BAN)
    add_moderator = BuilderMethod(builders.ADD_MODERATOR)
    add_vip = BuilderMethod(builders.ADD_VIP)
    add_editor = BuilderMethod(builders.ADD_EDITOR)
    block = BuilderMethod(builders.BLOCK)
    send_chat_message = BuilderMethod(builders.CHAT_MESSAGE)
    hold_automod_message = BuilderMethod(builders.HELD_MESSAGE)
    create_video = BuilderMethod(builders.CREATE_VIDEO)
    create_team = BuilderMethod(builders.CREATE_TEAM)
    join_team = BuilderMethod(builders.JOIN_TEAM)
    cheer = BuilderMethod(builders.CHEER)
    grant_entitlement = BuilderMethod(builders.GRANT_ENTITLEMENT)
    send_whisper = BuilderMethod(builders.WHISPER)
    join_chat = BuilderMethod(builders.JOIN_CHAT)
    add_emote = BuilderMethod(builders.ADD_EMOTE)
    add_badge = BuilderMethod(builders.ADD_BADGE)
    vote = BuilderMethod(builders.VOTE)
    bet = BuilderMethod(builders.BET)
    redeem = BuilderMethod(builders.REDEEM)
    donate = BuilderMethod(builders.DONATE)
    create_goal = BuilderMethod(builders.CREATE_GOAL)
    end_goal = BuilderMethod(builders.END_GOAL)
    contribute_to_hype_train = BuilderMethod(builders.CONTRIBUTE)
    end_hype_train = BuilderMethod(builders.END_HYPE_TRAIN)
    acknowledge_warning = BuilderMethod(builders.ACKNOWLEDGE_WARNING)
    request_unban = BuilderMethod(builders.REQUEST_UNBAN)
    chat = BuilderMethod(builders.VIEWER_CHATS)
    start_shared_chat = BuilderMethod(builders.START_SHARED_CHAT)
    end_shared_chat = BuilderMethod(builders.END_SHARED_CHAT)
    end_stream = BuilderMethod(builders.END_STREAM)
    gift_subscriptions = BuilderMethod(builders.GIFT)
    resubscribe = BuilderMethod(builders.RESUBSCRIBE)
    end_subscription = BuilderMethod(builders.END_SUBSCRIPTION)
    raid = BuilderMethod(builders.RAID)
    start_charity = BuilderMethod(builders.START_CHARITY)
    stop_charity = BuilderMethod(builders.STOP_CHARITY)
    authorize = BuilderMethod(builders.AUTHORIZE)
    disconnect = BuilderMethod(builders.DISCONNECT)
    trigger = BuilderMethod(builders.TRIGGER)

    def register_client(
        self,
        name: str,
        redirect_uris: Sequence[str] = (),
        *,
        public: bool = False,
        client_id: str | None = None,
        secret: str | None = None,
    ) -> Client:
        """`Controller.register_client`: called inside the builder's transaction."""
        return register_client(self.services, name, redirect_uris, public, client_id=client_id, secret=secret)

    def on_event(self, subscriber: Subscriber) -> Callable[[], None]:
        """Hear every event the world publishes from now on (domain/outbox.py), after its commit,
        on the server's thread; returns the function that stops it."""
        return self.services.outbox.subscribe(subscriber)

    # --- EventSub -----------------------------------------------------------------------------

    @property
    def eventsub(self) -> EventSub:
        """The EventSub runtime: its transports, sessions and controls (eventsub/runtime.py)."""
        return EventSub.of(self.services)

    def wait_for_delivery(
        self, subscription_type: str, timeout: float = 5.0, message_type: str = "notification"
    ) -> Message:
        """The oldest EventSub message of that subscription type handed to a transport and not
        yet taken by an earlier call, waiting up to `timeout` seconds; TimeoutError when none came.
        Its body is the caller's own copy (the mock's messages share their dicts)."""
        found = self.eventsub.wait_for(subscription_type, timeout, message_type)
        if found is None:
            raise TimeoutError(f"no EventSub {message_type} for {subscription_type} within {timeout} s")
        message = found[1]
        return replace(message, body=orjson.loads(message.json()))

    # --- time and state -----------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Move the mock's clock forward: tokens expire, timeouts end, polls complete."""
        if seconds < 0:
            raise BadRequest("The clock only moves forward")
        self._call(self.clock.advance, seconds)

    def reset(self) -> None:
        """Back to the seeded state: the database, the clock and every in-memory bucket."""
        self._call(self._restore)

    def _restore(self) -> None:
        self._reset_memory()
        if self._snapshot is None:
            reseed(self.store, self.clock)
            return
        conn = self.store.db.conn
        inside = conn.in_transaction  # a control API request runs in one; a restore can't
        if inside:
            conn.execute("ROLLBACK")
        self.store.db.restore(self._snapshot)
        if inside:
            conn.execute("BEGIN IMMEDIATE")

    def _reset_memory(self) -> None:
        self.clock.offset = self._start_offset
        self.app.powers.journal.clear()
        self.app.powers.faults.clear()
        self.app.dispatcher.limiter.buckets.clear()
        self.services.forget()

    # --- the request journal and fault rules (http/journal.py, http/faults.py) ----------------

    @property
    def powers(self) -> Powers:
        return self.app.powers

    def requests(
        self,
        method: str | None = None,
        path: str | None = None,
        *,
        status: int | str | None = None,
        user_id: str | None = None,
        client_id: str | None = None,
        since: float | None = None,
    ) -> list[Recorded]:
        """The journaled requests, oldest first: `path` is a glob, `status` a code or a class
        ("4xx"), `since` mock-clock epoch seconds. `GET /_mock/requests` answers the same."""
        where = Filter(method, path, None if status is None else str(status), user_id, client_id, since)
        return self._call(self.app.powers.journal.read, where)

    def clear_requests(self) -> None:
        self._call(self.app.powers.journal.clear)

    def assert_requested(
        self, method: str, path: str, times: int | None = None, **match: object
    ) -> list[Recorded]:
        """Assert that `method path` (a glob) arrived `times` times (at least once when None),
        each also matching `match` (fields of `Recorded`; `query` / `body` dicts match a subset).
        The failure message lists the closest requests that did arrive. Returns the matches."""
        everything = self._call(self.app.powers.journal.read, None)
        found = [r for r in everything if Filter(method, path).matches(r) and journal_rows.matches(r, match)]
        if (times is None and found) or (times is not None and len(found) == times):
            return found
        wanted = f"{method.upper()} {path}" + "".join(f" {k}={v!r}" for k, v in match.items())
        expected = "at least once" if times is None else f"{times} time{'s' if times != 1 else ''}"
        lines = [
            f"expected {wanted} {expected}, but it arrived {len(found)} time{'s' if len(found) != 1 else ''}"
        ]
        near = journal_rows.closest(everything, method, path)
        if near:
            lines.append("closest requests received:")
            lines += [f"  {journal_rows.describe(r)}" for r in near]
        else:
            lines.append("the journal is empty" + ("" if self.app.powers.journal.enabled else " (it is off)"))
        raise AssertionError("\n".join(lines))

    def add_fault(self, **rule: object) -> FaultRule:
        """Add a fault rule (the fields of `POST /_mock/faults`); it stays until removed or reset."""
        return self._call(self.app.powers.faults.add, dict(rule))

    def remove_fault(self, rule_id: str) -> None:
        self._call(self.app.powers.faults.remove, rule_id)

    def clear_faults(self) -> None:
        self._call(self.app.powers.faults.clear)

    def faults(self) -> list[FaultRule]:
        return list(self.app.powers.faults.rules)

    @contextmanager
    def fault(self, **rule: object) -> Iterator[FaultRule]:
        """A fault rule for the block: `with twitch_mock.fault(path="/helix/users", status=503, times=1):`."""
        added = self.add_fault(**rule)
        try:
            yield added
        finally:
            self.remove_fault(added.id)

    # --- snapshots: the whole world in one file (store/snapshots.py) ------------------------

    def export(self, path: str | os.PathLike[str] | None = None) -> bytes:
        """The world (every table, tokens, clients and keys included, and the clock) as the bytes
        of one versioned SQLite file, also written to `path` when given."""
        data = self._call(lambda: export_world(self.store.db, self.clock.offset))
        if path is not None:
            Path(path).write_bytes(data)
        return data

    def import_(self, source: bytes | str | os.PathLike[str]) -> MockInfo:
        """Replace the world with an exported one (a file's path or its bytes); reset() returns to
        it from now on. SnapshotError (nothing changed) for a file that is not a snapshot, is
        damaged, or comes from a newer twitch-mock."""
        loaded = load_world(_snapshot_bytes(source))
        return self._call(self._import, loaded)

    def _import(self, loaded: Loaded) -> MockInfo:
        conn = self.store.db.conn
        inside = conn.in_transaction  # a control API request runs in one; a restore can't
        if inside:
            conn.execute("ROLLBACK")
        try:
            self.store.db.restore(loaded.conn)
        finally:
            if inside:
                conn.execute("BEGIN IMMEDIATE")
        self._start_offset = loaded.clock_offset
        self._reset_memory()
        self._seeded = self._remember_seeded(loaded.conn)
        return self.info()

    # --- running work where the connection lives ------------------------------------------------

    def _write(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        def job() -> T:
            with self.store.transaction():
                return fn(*args, **kwargs)

        return self._call(job)

    def _call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn` on the server's loop thread (waiting for it), or here when no server runs."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None or not loop.is_running() or thread.ident == threading.get_ident():
            return fn(*args)

        async def job() -> T:
            return fn(*args)

        return asyncio.run_coroutine_threadsafe(job(), loop).result()

    # --- serving -------------------------------------------------------------------------------

    async def serve_async(
        self,
        stop: asyncio.Event,
        ready: Callable[[], None] | None = None,
        sockets: list[socket.socket] | None = None,
    ) -> bool:
        """Serve until `stop` is set, on `sockets` or on freshly bound ones. False when the stop's
        time ran out with connections still open (server.serve)."""
        if sockets is None:
            sockets = self._bind()
        self.port = sockets[0].getsockname()[1]

        def serving() -> None:
            claim(self.settings.db, self.url)  # `twitch-mock add` etc. find us here
            if ready:
                ready()

        ticker = asyncio.create_task(self._tick(stop))
        try:
            return await serve(self.app, sockets, self.settings.server, stop, serving, self.settings.ws_ping)
        finally:
            ticker.cancel()
            release(self.settings.db)

    async def _tick(self, stop: asyncio.Event) -> None:
        """While serving, about once a second: what falls due on the mock's clock as real time passes
        (a poll's end, a Hype Train's expiry) is announced (domain/wiring.py; a failure is logged and
        the ticker goes on). It runs on the loop, between requests, so it owns the connection."""
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), TICK_SECONDS)
            except TimeoutError:
                wiring.run_in_transaction(self.services)

    def _bind(self) -> list[socket.socket]:
        """Listening sockets; a free port is retried when ::1 has it taken but 127.0.0.1 hasn't."""
        for _ in range(4 if self.settings.port == 0 else 0):
            try:
                return bind(self.settings.host, 0)
            except BindError:
                continue
        return bind(self.settings.host, self.settings.port)

    def start(self) -> MockTwitch:
        """Serve on a background thread; returns once the server accepts connections."""
        if self._thread is not None:
            return self
        started = threading.Event()
        failure: list[BaseException] = []
        raise_open_file_limit()

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
        self._loop = None
        self.port = None

    def close(self) -> None:
        self.stop()
        self.store.close()
        if self._snapshot is not None:
            self._snapshot.close()

    def __enter__(self) -> MockTwitch:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
