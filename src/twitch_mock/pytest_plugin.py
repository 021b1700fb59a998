"""twitch-mock's pytest plugin (registered through the `pytest11` entry point).

Fixtures:
  twitch_mock          a running `MockTwitch`, reset to its seeded state before the test: one
                       server per session (per seed and user count), so the set-up is a reset
                       (well under a millisecond) instead of a start
  twitch_mock_session  the session's server itself, never reset by the plugin
  twitch_user          the seeded partner that has every kind of unit (`twitch_mock.users[0]`)
  twitch_user_token    a user access token for `twitch_user`, with every scope unless the marker
                       names some

Configuration, most specific first: `@pytest.mark.twitch_mock(seed=..., users=..., scopes=[...])`,
then `--twitch-mock-seed` / `--twitch-mock-users`, then the ini options `twitch_mock_seed` /
`twitch_mock_users` (defaults 7 and 25). The fixtures are plain sync fixtures, so they work in
sync tests and in async ones (pytest-asyncio, anyio): the server runs on its own thread and loop."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from twitch_mock.domain.users import UserRecord
    from twitch_mock.mock import MockTwitch

DEFAULT_SEED = 7
DEFAULT_USERS = 25
MARKER = "twitch_mock"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("twitch-mock")
    group.addoption("--twitch-mock-seed", type=int, default=None, help="seed of the mock's generated world")
    group.addoption("--twitch-mock-users", type=int, default=None, help="how many users the mock generates")
    parser.addini("twitch_mock_seed", f"seed of the mock's generated world (default {DEFAULT_SEED})")
    parser.addini("twitch_mock_users", f"how many users the mock generates (default {DEFAULT_USERS})")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(seed=None, users=None, scopes=None): the generated world (seed, user count) the "
        "twitch_mock fixture serves, and the scopes of twitch_user_token",
    )


@dataclass
class Servers:
    """The session's running mocks, one per (seed, users), started on first use."""

    config: pytest.Config
    running: dict[tuple[int, int], MockTwitch] = field(default_factory=dict)

    def default_key(self) -> tuple[int, int]:
        return (
            _setting(self.config, "seed", DEFAULT_SEED),
            _setting(self.config, "users", DEFAULT_USERS),
        )

    def key_for(self, node: pytest.Item) -> tuple[int, int]:
        seed, users = self.default_key()
        marker = node.get_closest_marker(MARKER)
        if marker is not None:
            seed = marker.kwargs.get("seed", seed)
            users = marker.kwargs.get("users", users)
        return seed, users

    def get(self, key: tuple[int, int]) -> MockTwitch:
        if key not in self.running:
            from twitch_mock.mock import MockTwitch

            self.running[key] = MockTwitch(seed=key[0], users=key[1]).start()
        return self.running[key]

    def close(self) -> None:
        for mock in self.running.values():
            mock.close()
        self.running.clear()


def _setting(config: pytest.Config, name: str, default: int) -> int:
    option = config.getoption(f"twitch_mock_{name}")
    if option is not None:
        return int(option)
    text = str(config.getini(f"twitch_mock_{name}") or "").strip()
    return int(text) if text else default


@pytest.fixture(scope="session")
def _twitch_mock_servers(pytestconfig: pytest.Config) -> Iterator[Servers]:
    servers = Servers(pytestconfig)
    yield servers
    servers.close()


@pytest.fixture(scope="session")
def twitch_mock_session(_twitch_mock_servers: Servers) -> MockTwitch:
    """The session's mock for the configured seed and user count; tests share its state."""
    return _twitch_mock_servers.get(_twitch_mock_servers.default_key())


@pytest.fixture
def twitch_mock(request: pytest.FixtureRequest, _twitch_mock_servers: Servers) -> MockTwitch:
    """A running mock in its freshly seeded state (reset before the test)."""
    mock = _twitch_mock_servers.get(_twitch_mock_servers.key_for(request.node))
    mock.reset()
    return mock


@pytest.fixture
def twitch_user(twitch_mock: MockTwitch) -> UserRecord:
    """The seeded partner with every kind of unit: live, followers, subscribers, moderators, VIPs."""
    return next(u for u in twitch_mock.users if u.id == twitch_mock.all_units_user_id)


@pytest.fixture
def twitch_user_token(
    request: pytest.FixtureRequest, twitch_mock: MockTwitch, twitch_user: UserRecord
) -> str:
    """A user access token of the generated client for `twitch_user`."""
    from twitch_mock.core.scopes import ALL_SCOPES

    marker = request.node.get_closest_marker(MARKER)
    scopes = marker.kwargs.get("scopes") if marker is not None else None
    return twitch_mock.user_token(twitch_user.id, sorted(ALL_SCOPES) if scopes is None else scopes)
