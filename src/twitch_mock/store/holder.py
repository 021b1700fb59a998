"""Which server holds a database file. A serving mock opens its file exclusively and says where it
serves in `<db>-server` (JSON: url and pid), next to SQLite's own `<db>-wal`; the other commands
read it to hand their work to that server instead of waiting for a lock they won't get."""

from __future__ import annotations

import contextlib
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class Holder:
    url: str
    pid: int


def holder_path(db: str) -> Path:
    return Path(db).expanduser().with_name(Path(db).name + "-server")


def claim(db: str, url: str) -> None:
    """Record that this process serves `db` at `url`."""
    if db == ":memory:":
        return
    path = holder_path(db)
    partial = path.with_name(path.name + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)  # 0600, like the database
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(json.dumps({"url": url, "pid": os.getpid()}))
    partial.replace(path)  # readers never see half a file


def release(db: str) -> None:
    """Forget the record, if it is this process's."""
    if db != ":memory:" and (found := _read(db)) is not None and found.pid == os.getpid():
        with contextlib.suppress(OSError):
            holder_path(db).unlink()


def holder(db: str) -> Holder | None:
    """The live server that holds `db`, if any. A record left by a process that died is ignored, and
    so is one whose address doesn't accept connections (after a reboot its pid may be another's)."""
    if db == ":memory:":
        return None
    found = _read(db)
    if found is None or not _alive(found.pid) or not _listening(found.url):
        return None
    return found


def _read(db: str) -> Holder | None:
    try:
        raw = json.loads(holder_path(db).read_text(encoding="utf-8"))
        return Holder(str(raw["url"]), int(raw["pid"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _listening(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "localhost", parts.port or 80), timeout=1):
            return True
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
