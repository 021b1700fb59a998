"""Request bodies (and query strings) read as schemas: a frozen dataclass whose fields carry their
bounds and allowed values. `ctx.parse(ModifyChannelBody)` returns an instance, or raises the 400
that Twitch sends: `Missing required parameter "x"`, `The parameter "x" was malformed: ...`.

    @dataclass(frozen=True, slots=True, kw_only=True)
    class CreatePollBody:
        broadcaster_id: str
        title: str = rule(max_length=60)              # no default: required
        choices: list[Choice] = rule(min_items=2, max_items=5)
        duration: int = rule(minimum=15, maximum=1800)
        channel_points_voting_enabled: bool = False    # a default: optional

Types come from the annotations: `str`, `int` (a JSON number or a numeric string, as Twitch
accepts both), `float`, `bool`, `list[X]`, a nested schema dataclass, and `X | None` (null or
absent gives the default). Helix ignores fields it doesn't know; `strict=True` (the control API)
refuses them."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any, TypeVar, cast

from twitch_mock.core.errors import BadRequest
from twitch_mock.http.params import malformed, missing

T = TypeVar("T")
INTEGER = re.compile(r"[+-]?[0-9]+")
NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


@dataclass(frozen=True, slots=True)
class Rule:
    min_length: int | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Any, ...] | None = None
    min_items: int | None = None
    max_items: int | None = None
    not_empty: bool = False  # an empty string counts as missing


def rule(default: Any = MISSING, **limits: Any) -> Any:
    """A schema field with limits (see `Rule`); without `default` the field is required."""
    if "choices" in limits:
        limits["choices"] = tuple(limits["choices"])
    return field(default=default, metadata={"rule": Rule(**limits)})


Check = Callable[[str, Any, bool], Any]  # (name, value, strict) -> the value as the field's type


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    required: bool
    default: Any
    not_empty: bool
    is_list: bool
    check: Check  # compiled once per schema field (typing look-ups cost microseconds per request)


@cache
def _schema(cls: Any) -> tuple[_Field, ...]:
    hints = typing.get_type_hints(cls)
    out = []
    for f in fields(cls):
        default = f.default if f.default is not MISSING else MISSING
        if f.default_factory is not MISSING:
            default = f.default_factory()
        limits: Rule = f.metadata.get("rule", Rule())
        plain = _plain(hints[f.name])
        is_list = typing.get_origin(plain) is list
        check = _checker(plain, limits)
        out.append(_Field(f.name, default is MISSING, default, limits.not_empty, is_list, check))
    return tuple(out)


def parse(cls: type[T], values: Mapping[str, Any], *, prefix: str = "", strict: bool = False) -> T:
    """An instance of the schema `cls` from a JSON object."""
    schema = _schema(cast(Any, cls))
    if strict:
        known = [f.name for f in schema]
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise BadRequest(f'Unknown field "{prefix}{unknown[0]}"; expected some of: {", ".join(known)}')
    got: dict[str, Any] = {}
    for f in schema:
        value = values.get(f.name)
        if value is None or (f.not_empty and value == ""):
            if f.required:
                raise missing(prefix + f.name)
            got[f.name] = f.default
            continue
        got[f.name] = f.check(prefix + f.name, value, strict)
    return cls(**got)


def parse_query(cls: type[T], values: Mapping[str, list[str]]) -> T:
    """An instance of `cls` from query parameters: list fields take every value, others the first."""
    flat: dict[str, Any] = {}
    for f in _schema(cast(Any, cls)):
        sent = values.get(f.name)
        if sent:
            if "" in sent:
                sent = [v for v in sent if v != ""]
            if sent:
                flat[f.name] = sent if f.is_list else sent[0]
    return parse(cls, flat)


def _plain(hint: Any) -> Any:
    """`X` of `X | None`."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(inner) == 1:
            return inner[0]
    return hint


def _checker(hint: Any, rule: Rule) -> Check:
    """The function that checks and converts a value of the (plain) type `hint` under `rule`."""
    if typing.get_origin(hint) is list:
        each = _checker(_plain(typing.get_args(hint)[0]), Rule(**_item_rule(rule)))

        def check_list(name: str, value: Any, strict: bool) -> Any:
            if not isinstance(value, list):
                raise malformed(name, "the value must be an array")
            _bounds(name, len(value), rule.min_items, rule.max_items, "the number of items")
            return [each(name, v, strict) for v in value]

        return check_list
    if is_dataclass(hint):

        def check_object(name: str, value: Any, strict: bool) -> Any:
            if not isinstance(value, dict):
                raise malformed(name, "the value must be an object")
            return parse(cast(Any, hint), value, prefix=name + ".", strict=strict)

        return check_object
    if hint is bool:
        return _check_bool
    if hint in (int, float):
        pattern, what = (INTEGER, "an integer") if hint is int else (NUMBER, "a number")

        def check_number(name: str, value: Any, strict: bool) -> Any:
            number = _number(name, value, pattern, hint, what)
            _bounds(name, number, rule.minimum, rule.maximum, "the value")
            _choice(name, number, rule)
            return number

        return check_number
    if hint is str:

        def check_str(name: str, value: Any, strict: bool) -> Any:
            if not isinstance(value, str):
                raise malformed(name, "the value must be a string")
            if rule.min_length is not None or rule.max_length is not None:
                _bounds(name, len(value), rule.min_length, rule.max_length, "the length")
            if rule.choices is not None:
                _choice(name, value, rule)
            return value

        return check_str
    raise TypeError(f"unsupported schema type {hint!r}")


def _check_bool(name: str, value: Any, strict: bool) -> Any:
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if not isinstance(value, bool):
        raise malformed(name, "the value must be a boolean")
    return value


def _item_rule(rule: Rule) -> dict[str, Any]:
    """Limits that apply to each item of a list field: lengths and choices."""
    return {"min_length": rule.min_length, "max_length": rule.max_length, "choices": rule.choices}


def _number(name: str, value: Any, pattern: re.Pattern[str], kind: type, what: str) -> Any:
    if isinstance(value, bool):
        raise malformed(name, f"the value must be {what}")
    if isinstance(value, int | float) and (kind is float or float(value).is_integer()):
        return kind(value)
    if isinstance(value, str) and pattern.fullmatch(value.strip()):
        return kind(value.strip())
    raise malformed(name, f"the value must be {what}")


def _bounds(name: str, size: float, low: float | None, high: float | None, what: str) -> None:
    if low is not None and size < low:
        raise malformed(name, f"{what} must be greater than or equal to {_shown(low)}")
    if high is not None and size > high:
        raise malformed(name, f"{what} must be less than or equal to {_shown(high)}")


def _choice(name: str, value: Any, rule: Rule) -> None:
    if rule.choices is not None and value not in rule.choices:
        raise malformed(name, f"the value must be one of {', '.join(map(str, rule.choices))}")


def _shown(bound: float) -> str:
    return str(int(bound)) if float(bound).is_integer() else str(bound)


__all__: Sequence[str] = ["Rule", "parse", "parse_query", "rule"]
