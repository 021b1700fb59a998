"""Settings: the one place that reads the environment. Everything else receives a `Settings`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "twitch-mock"


def default_db_path() -> str:
    return str(Path(platformdirs.user_data_dir(APP_NAME)) / "twitch-mock.db")


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME))


@dataclass(frozen=True)
class Lifetimes:
    """Token lifetimes in seconds, defaulting to what id.twitch.tv issues."""

    app_token: int = 5_184_000  # ~60 days
    user_token: int = 14_400  # ~4 hours (auth code, refresh, device code, user_token shortcut)
    implicit_token: int = 5_184_000
    id_token: int = 900
    auth_code: int = 600
    device_code: int = 1_800
    public_refresh_idle: int = 2_592_000  # public clients' refresh tokens expire after 30 idle days


@dataclass(frozen=True)
class Settings:
    db: str = field(default_factory=default_db_path)
    host: str = "localhost"
    port: int = 8080
    seed: int | None = None
    users: int = 25
    rate_limit: int | None = None  # points per minute; None = report headers, never refuse
    auto_approve: str | None = None  # user id or login that consent and activation approve as
    lifetimes: Lifetimes = field(default_factory=Lifetimes)
    server: str = "granian"  # or "uvicorn"
    journal_size: int = 1000  # requests the journal keeps (GET /_mock/requests); 0 = off
    allow_hosts: tuple[str, ...] = ()  # Host names served besides the configured host and loopback
    allow_remote_control: bool = False  # /_mock and /units from non-loopback peers
    # seconds between the Pings sent on a WebSocket, and that its Pong may take (Twitch closes a
    # connection whose Pong does not come with 4002); 0 = none. uvicorn only: Granian answers
    # Pings but sends none
    ws_ping: float = 5.0

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, then TWITCH_MOCK_* environment variables, then explicit overrides (CLI flags)."""
        env: dict[str, Any] = {}
        if "TWITCH_MOCK_DB" in os.environ:
            env["db"] = os.environ["TWITCH_MOCK_DB"]
        if "TWITCH_MOCK_PORT" in os.environ:
            env["port"] = int(os.environ["TWITCH_MOCK_PORT"])
        if "TWITCH_MOCK_HOST" in os.environ:
            env["host"] = os.environ["TWITCH_MOCK_HOST"]
        if "TWITCH_MOCK_SEED" in os.environ:
            env["seed"] = int(os.environ["TWITCH_MOCK_SEED"])
        if "TWITCH_MOCK_RATE_LIMIT" in os.environ:
            env["rate_limit"] = int(os.environ["TWITCH_MOCK_RATE_LIMIT"])
        if "TWITCH_MOCK_AUTO_APPROVE" in os.environ:
            env["auto_approve"] = os.environ["TWITCH_MOCK_AUTO_APPROVE"]
        if "TWITCH_MOCK_SERVER" in os.environ:
            env["server"] = os.environ["TWITCH_MOCK_SERVER"]
        if "TWITCH_MOCK_JOURNAL_SIZE" in os.environ:
            env["journal_size"] = int(os.environ["TWITCH_MOCK_JOURNAL_SIZE"])
        if "TWITCH_MOCK_WS_PING" in os.environ:
            env["ws_ping"] = float(os.environ["TWITCH_MOCK_WS_PING"])
        if "TWITCH_MOCK_ALLOW_HOSTS" in os.environ:
            names = os.environ["TWITCH_MOCK_ALLOW_HOSTS"].split(",")
            env["allow_hosts"] = tuple(n.strip() for n in names if n.strip())
        if "TWITCH_MOCK_ALLOW_REMOTE_CONTROL" in os.environ:
            flag = os.environ["TWITCH_MOCK_ALLOW_REMOTE_CONTROL"].strip().lower()
            env["allow_remote_control"] = flag in ("1", "true", "yes", "on")
        env.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **env)
