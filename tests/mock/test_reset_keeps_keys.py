"""reset() restores the seeded database, which must include the OIDC signing key: ID tokens issued
before a reset still verify after it, and the served JWKS does not change."""

from __future__ import annotations

import httpx

from twitch_mock import MockTwitch


def test_jwks_survives_reset() -> None:
    with MockTwitch(seed=5, users=3) as twitch:
        before = httpx.get(twitch.auth_url + "keys").json()
        twitch.reset()
        after = httpx.get(twitch.auth_url + "keys").json()
        assert before == after
        assert before["keys"][0]["kid"] == "1" and before["keys"][0]["alg"] == "RS256"
