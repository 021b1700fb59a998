"""Typed readers for query/form parameters and JSON bodies. Every malformed value becomes a
400 whose message names the parameter, in Twitch's wording where it is known."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import orjson

from twitch_mock.core.clock import parse_rfc3339
from twitch_mock.core.errors import BadRequest, malformed, missing

T = TypeVar("T")
__all__ = ["Body", "Params", "check_integer", "malformed", "missing", "parse_json_object"]


class Params:
    """Query-string (or form) values: each name maps to every value sent for it."""

    __slots__ = ("values",)

    def __init__(self, values: dict[str, list[str]]) -> None:
        self.values = values

    def __contains__(self, name: str) -> bool:
        return bool(self.values.get(name))

    def text(self, name: str) -> str | None:
        """The first value as sent, empty string included; None when the parameter is absent."""
        got = self.values.get(name)
        return got[0] if got else None

    def get(self, name: str, default: str | None = None) -> str | None:
        """The first value, or `default` when the parameter is absent or empty."""
        got = self.values.get(name)
        return got[0] if got and got[0] != "" else default

    def require(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise missing(name)
        return value

    def all(self, name: str, maximum: int = 100) -> list[str]:
        """Every non-empty value of a repeatable parameter (`id=1&id=2`), duplicates dropped."""
        got = self.values.get(name)
        if not got:
            return []
        values = list(dict.fromkeys(v for v in got if v != ""))
        if len(values) > maximum:
            raise malformed(name, f"the number of values must be less than or equal to {maximum}")
        return values

    def integer(self, name: str, default: int, minimum: int | None = None, maximum: int | None = None) -> int:
        text = self.get(name)
        if text is None:
            return default
        return check_integer(name, text, minimum, maximum)

    def boolean(self, name: str, default: bool = False) -> bool:
        text = self.get(name)
        if text is None:
            return default
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        raise malformed(name, "the value must be a boolean (true or false)")

    def choice(self, name: str, options: Sequence[str], default: str | None = None) -> str | None:
        text = self.get(name, default)
        if text is not None and text not in options:
            raise malformed(name, f"the value must be one of {', '.join(options)}")
        return text

    def timestamp(self, name: str) -> float | None:
        text = self.get(name)
        if text is None:
            return None
        try:
            return parse_rfc3339(text)
        except ValueError:
            raise malformed(name, "the value must be an RFC3339 timestamp") from None


def check_integer(name: str, text: str, minimum: int | None, maximum: int | None) -> int:
    try:
        value = int(text)
    except ValueError:
        raise malformed(name, "the value must be an integer") from None
    if minimum is not None and value < minimum:
        raise malformed(name, f"the value must be greater than or equal to {minimum}")
    if maximum is not None and value > maximum:
        raise malformed(name, f"the value must be less than or equal to {maximum}")
    return value


def parse_json_object(raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        raise BadRequest("The request body is missing")
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise BadRequest("The request body is not valid JSON") from None
    if not isinstance(value, dict):
        raise BadRequest("The request body must be a JSON object")
    return value


class Body:
    """Fields of a JSON object body, each read with its expected type."""

    __slots__ = ("fields", "prefix")

    def __init__(self, fields: dict[str, Any], prefix: str = "") -> None:
        self.fields = fields
        self.prefix = prefix

    def __contains__(self, name: str) -> bool:
        return self.fields.get(name) is not None

    def _typed(self, name: str, kinds: type | tuple[type, ...], what: str, required: bool) -> Any:
        value = self.fields.get(name)
        if value is None:
            if required:
                raise missing(self.prefix + name)
            return None
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in _as_tuple(kinds)):
            raise malformed(self.prefix + name, f"the value must be {what}")
        return value

    def string(self, name: str, required: bool = False, max_length: int | None = None) -> str | None:
        value: str | None = self._typed(name, str, "a string", required)
        if value is not None and max_length is not None and len(value) > max_length:
            raise malformed(self.prefix + name, f"the length must be less than or equal to {max_length}")
        if required and value == "":
            raise missing(self.prefix + name)
        return value

    def integer(
        self, name: str, required: bool = False, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        value: int | None = self._typed(name, int, "an integer", required)
        if value is not None:
            check_integer(self.prefix + name, str(value), minimum, maximum)
        return value

    def boolean(self, name: str, required: bool = False) -> bool | None:
        value: bool | None = self._typed(name, bool, "a boolean", required)
        return value

    def array(self, name: str, required: bool = False) -> list[Any] | None:
        value: list[Any] | None = self._typed(name, list, "an array", required)
        return value

    def object(self, name: str, required: bool = False) -> Body | None:
        value = self._typed(name, dict, "an object", required)
        return None if value is None else Body(value, f"{self.prefix}{name}.")


def _as_tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)
