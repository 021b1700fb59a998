"""The mock's own control API (`/_mock/...`) and the builders behind it, which `MockTwitch` and
`twitch-mock add` share: units with chosen attributes, token expiry and revocation, and the
`Controller` hook through which the serving instance resets, moves its clock and mints tokens."""

from __future__ import annotations

from twitch_mock.control.endpoints import CONTROL

__all__ = ["CONTROL"]
