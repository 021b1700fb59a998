"""`kill -9` under write load (issue 16, crash tests): after each round the database passes SQLite's
integrity check and holds every write the server acknowledged (users and chat messages, two
families), and the next start serves it."""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
from pathlib import Path

import httpx
from robust_support import started

ROUNDS = 3
WRITERS = 6
ACKS = 40  # acknowledged writes in a round before the kill (which lands a little later, mid-write)


def _write_load(url: str, round_: int, stop: threading.Event, acked: list[tuple[str, str]]) -> None:
    """Writers that record what the server acknowledged (a 200 with the row)."""
    lock = threading.Lock()

    def writer(w: int) -> None:
        with httpx.Client(base_url=url, timeout=5) as http:
            n = 0
            try:
                broadcaster = http.get("/units/users", params={"first": 1}).json()["data"][0]["id"]
            except httpx.HTTPError:
                return
            while not stop.is_set():
                n += 1
                login = f"crash{round_}x{w}x{n}"
                try:
                    user = http.post("/_mock/users", json={"login": login})
                    if user.status_code != 200:
                        continue
                    with lock:
                        acked.append(("user", login))
                    uid = user.json()["data"][0]["id"]
                    sent = http.post(
                        "/_mock/chat/messages",
                        json={"broadcaster_id": broadcaster, "user_id": uid, "text": f"hi {n}"},
                    )
                    if sent.status_code == 200:
                        with lock:
                            acked.append(("message", sent.json()["data"][0]["id"]))
                except httpx.HTTPError:
                    return  # the server died mid-request: that write was never acknowledged

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)


def test_kill_9_under_write_load_loses_no_acknowledged_write(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    acked: list[tuple[str, str]] = []
    for round_ in range(ROUNDS):
        with started(tmp_path, db=db) as server:
            stop = threading.Event()
            before = len(acked)
            loader = threading.Thread(target=_write_load, args=(server.url, round_, stop, acked))
            loader.start()
            deadline = time.monotonic() + 15
            while len(acked) < before + ACKS and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(0.05 * (round_ + 1))
            server.proc.send_signal(signal.SIGKILL)  # in the middle of the writes
            server.proc.wait(5)
            stop.set()
            loader.join(10)
            assert len(acked) > before, "no write was acknowledged in this round"
        conn = sqlite3.connect(db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            logins = {r[0] for r in conn.execute("SELECT login FROM users")}
            messages = {r[0] for r in conn.execute("SELECT id FROM chat_messages")}
        finally:
            conn.close()
        missing = [v for kind, v in acked if v not in (logins if kind == "user" else messages)]
        assert missing == []
    assert len(acked) >= ROUNDS * 2
    print(f"{ROUNDS} kill -9 rounds survived, {len(acked)} acknowledged writes present")
