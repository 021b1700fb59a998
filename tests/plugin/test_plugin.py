"""The pytest plugin, run on small test files with pytester: fixtures, isolation between tests,
markers and options, sync and async tests."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

INI = """
[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
{extra}
"""


def run(pytester: pytest.Pytester, source: str, *args: str, ini: str = "") -> pytest.RunResult:
    pytester.makeini(INI.format(extra=ini))
    pytester.makepyfile(source)
    return pytester.runpytest_inprocess("-p", "no:cacheprovider", *args)


def test_each_test_starts_from_the_seeded_state(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import httpx

        def test_one(twitch_mock):
            twitch_mock.create_user("made_in_one")
            twitch_mock.advance(60)

        def test_two(twitch_mock, twitch_mock_session):
            assert twitch_mock is twitch_mock_session
            assert twitch_mock.clock.offset == 0
            twitch_mock.create_user("made_in_one")  # would be a conflict without the reset
        """,
    )
    result.assert_outcomes(passed=2)


def test_user_and_token_fixtures_in_sync_and_async_tests(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import httpx
        import pytest

        def check(mock, token, user):
            headers = {"Authorization": f"Bearer {token}", "Client-Id": mock.client_id}
            return httpx.get(mock.helix_url + "users", headers=headers).json()["data"][0]

        def test_sync(twitch_mock, twitch_user, twitch_user_token):
            shown = check(twitch_mock, twitch_user_token, twitch_user)
            assert shown["id"] == twitch_user.id and shown["broadcaster_type"] == "partner"

        async def test_async(twitch_mock, twitch_user, twitch_user_token):
            async with httpx.AsyncClient() as client:
                headers = {"Authorization": f"Bearer {twitch_user_token}", "Client-Id": twitch_mock.client_id}
                response = await client.get(twitch_mock.helix_url + "users", headers=headers)
            assert response.json()["data"][0]["id"] == twitch_user.id
            twitch_mock.create_user("from_async")  # a builder called from inside a running loop

        @pytest.mark.twitch_mock(scopes=["bits:read"])
        def test_marker_scopes(twitch_mock, twitch_user_token):
            got = httpx.get(twitch_mock.auth_url + "validate",
                            headers={"Authorization": f"OAuth {twitch_user_token}"}).json()
            assert got["scopes"] == ["bits:read"]
        """,
    )
    result.assert_outcomes(passed=3)


def test_anyio_tests(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import pytest

        @pytest.fixture
        def anyio_backend():
            return "asyncio"

        @pytest.mark.anyio
        async def test_with_anyio(twitch_mock):
            assert twitch_mock.create_user("anyio_user").login == "anyio_user"
        """,
        "-p",
        "no:asyncio",
        ini="",
    )
    result.assert_outcomes(passed=1)


def test_marker_picks_the_world(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import pytest

        @pytest.mark.twitch_mock(seed=3, users=4)
        def test_small(twitch_mock):
            assert len(twitch_mock.users) == 4 and twitch_mock.seed == 3

        def test_default(twitch_mock):
            assert len(twitch_mock.users) == 25 and twitch_mock.seed == 7
        """,
    )
    result.assert_outcomes(passed=2)


def test_options_and_ini(pytester: pytest.Pytester) -> None:
    source = """
        def test_size(twitch_mock, twitch_mock_session):
            assert twitch_mock is twitch_mock_session
            assert (twitch_mock.seed, len(twitch_mock.users)) == ({seed}, {users})
        """
    run(
        pytester, source.format(seed=5, users=3), ini="twitch_mock_seed = 5\ntwitch_mock_users = 3"
    ).assert_outcomes(passed=1)
    run(
        pytester,
        source.format(seed=9, users=2),
        "--twitch-mock-seed=9",
        "--twitch-mock-users=2",
        ini="twitch_mock_seed = 5",
    ).assert_outcomes(passed=1)


def test_marker_is_registered(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI.format(extra=""))
    result = pytester.runpytest_inprocess("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.twitch_mock(seed=None, users=None, scopes=None)*"])
