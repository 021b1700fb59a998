"""twitch-mock: a local, offline replica of the Twitch platform (Helix, id.twitch.tv, EventSub)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["MockTwitch", "__version__"]

if TYPE_CHECKING:
    from twitch_mock.mock import MockTwitch


def __getattr__(name: str) -> Any:
    # Imported lazily so that `import twitch_mock` (the CLI, the pytest plugin) stays cheap.
    if name == "MockTwitch":
        from twitch_mock.mock import MockTwitch

        return MockTwitch
    raise AttributeError(name)
