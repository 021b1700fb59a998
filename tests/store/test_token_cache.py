"""The token lookup is cached, and the cache never answers with stale data: a change to tokens
through the store (expire, delete, revoke a grant, disconnect, wipe), a rollback, a commit by
another connection (another process included) or a snapshot restore makes the next lookup read
the database again. Writes to other tables keep the cache: a write request looks its token up
once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CLIENT_ID, assert_error, client
from twitch_mock.app import App
from twitch_mock.core.clock import Clock
from twitch_mock.domain.services import Services
from twitch_mock.settings import Settings
from twitch_mock.store import Store
from twitch_mock.store.auth import Client, Token


def _token(name: str, expires_at: float = 2e9) -> Token:
    return Token(name, CLIENT_ID, None, (), 0.0, expires_at, None)


@pytest.fixture
def path(tmp_path: Path) -> str:
    return str(tmp_path / "mock.db")


@pytest.fixture
def store(path: str) -> Iterator[Store]:
    opened = Store.open(path)
    with opened.transaction():
        opened.auth.add_client(Client(CLIENT_ID, "s" * 30, "app", False, False, "2020-01-01T00:00:00Z"))
        opened.auth.add_token(_token("t" * 30))
    yield opened
    opened.close()


def test_a_repeated_lookup_is_served_from_the_cache(store: Store) -> None:
    first = store.auth.token("t" * 30)
    assert first is not None
    assert store.auth.token("t" * 30) is first


def test_a_write_on_the_same_connection_is_seen(store: Store) -> None:
    assert store.auth.token("t" * 30) is not None
    with store.transaction():
        store.auth.expire_token("t" * 30, 5.0)
    found = store.auth.token("t" * 30)
    assert found is not None and found.expires_at == 5.0
    with store.transaction():
        store.auth.delete_token("t" * 30)
    assert store.auth.token("t" * 30) is None


def test_writes_to_other_tables_keep_the_cache(store: Store) -> None:
    first = store.auth.token("t" * 30)
    with store.transaction():
        store.auth.add_token(_token("n" * 30))
        store.db.conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
    assert store.auth.token("t" * 30) is first


def test_revoking_a_grant_or_disconnecting_is_seen(store: Store) -> None:
    store.db.conn.execute(
        "INSERT INTO users (id, login, display_name, created_at) VALUES ('9', 'u', 'U', 'x')"
    )
    with store.transaction():
        store.auth.add_token(Token("g" * 30, CLIENT_ID, "9", (), 0.0, 2e9, "grant1"))
        store.auth.add_token(Token("h" * 30, CLIENT_ID, "9", (), 0.0, 2e9, "grant2"))
    assert store.auth.token("g" * 30) is not None and store.auth.token("h" * 30) is not None
    with store.transaction():
        store.auth.revoke_grant("grant1")
    assert store.auth.token("g" * 30) is None
    assert store.auth.token("h" * 30) is not None
    with store.transaction():
        store.auth.disconnect(CLIENT_ID, "9")
    assert store.auth.token("h" * 30) is None


def test_a_token_looked_up_in_a_rolled_back_transaction_is_gone(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.auth.add_token(_token("n" * 30))
        assert store.auth.token("n" * 30) is not None
        raise RuntimeError("the request failed")
    assert store.auth.token("n" * 30) is None
    assert store.auth.token("t" * 30) is not None


def test_a_wiped_store_forgets_its_tokens(store: Store) -> None:
    assert store.auth.token("t" * 30) is not None
    with store.transaction():
        store.wipe()
    assert store.auth.token("t" * 30) is None


def test_a_commit_by_another_connection_is_seen(store: Store, path: str) -> None:
    assert store.auth.token("t" * 30) is not None
    other = Store.open(path)
    with other.transaction():
        other.auth.delete_token("t" * 30)
    other.close()
    assert store.auth.token("t" * 30) is None


def test_a_restored_snapshot_is_seen(store: Store) -> None:
    snapshot = store.db.snapshot()
    with store.transaction():
        store.auth.add_token(_token("n" * 30))
    assert store.auth.token("n" * 30) is not None
    store.db.restore(snapshot)
    assert store.auth.token("n" * 30) is None
    assert store.auth.token("t" * 30) is not None


def test_unknown_tokens_are_not_remembered(store: Store) -> None:
    assert store.auth.token("n" * 30) is None
    with store.transaction():
        store.auth.add_token(_token("n" * 30))
    assert store.auth.token("n" * 30) is not None


def test_helix_refuses_a_token_another_process_revoked(store: Store, path: str) -> None:
    services = Services(Settings(db=path), store, Clock(frozen=True))
    http = client(App(services))
    headers = {"Authorization": "Bearer " + "t" * 30, "Client-Id": CLIENT_ID}
    assert http.get("/helix/users", params={"id": "1"}, headers=headers).status_code == 200
    other = Store.open(path)  # what `twitch-mock reset` or a second server does to the same file
    with other.transaction():
        other.auth.delete_token("t" * 30)
    other.close()
    assert_error(http.get("/helix/users", params={"id": "1"}, headers=headers), 401, "Invalid OAuth token")
