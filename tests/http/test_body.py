"""Body schemas (http/body.py): typed fields with bounds and allowed values, Twitch's 400 messages,
numbers as JSON numbers or numeric strings, nested objects and lists, and the control API's
refusal of unknown fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from twitch_mock.core.errors import BadRequest
from twitch_mock.http.body import parse, parse_query, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    title: str = rule(max_length=25)


@dataclass(frozen=True, slots=True, kw_only=True)
class Poll:
    title: str = rule(max_length=60, not_empty=True)
    choices: list[Choice] = rule(min_items=2, max_items=5)
    duration: int = rule(minimum=15, maximum=1800)
    points: bool = False
    color: str | None = rule(None, choices=("blue", "green"))
    ratio: float | None = None


GOOD = {"title": "Best?", "choices": [{"title": "a"}, {"title": "b"}], "duration": 60}


def test_a_valid_body() -> None:
    assert parse(Poll, {**GOOD, "points": True, "ratio": 1}) == Poll(
        title="Best?", choices=[Choice(title="a"), Choice(title="b")], duration=60, points=True, ratio=1.0
    )


def test_numbers_may_be_numeric_strings_and_null_is_absent() -> None:
    got = parse(Poll, {**GOOD, "duration": "90", "color": None, "ratio": "2.5"})
    assert (got.duration, got.color, got.ratio) == (90, None, 2.5)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"title": None}, 'Missing required parameter "title"', id="missing"),
        pytest.param({"title": ""}, 'Missing required parameter "title"', id="empty"),
        pytest.param({"title": 5}, 'The parameter "title" was malformed: the value must be a string', id="type"),
        pytest.param({"title": "x" * 61}, 'The parameter "title" was malformed: the length must be less than or equal to 60', id="long"),
        pytest.param({"duration": 10}, 'The parameter "duration" was malformed: the value must be greater than or equal to 15', id="low"),
        pytest.param({"duration": "1e3"}, 'The parameter "duration" was malformed: the value must be an integer', id="not-int"),
        pytest.param({"duration": 60.5}, 'The parameter "duration" was malformed: the value must be an integer', id="fraction"),
        pytest.param({"duration": True}, 'The parameter "duration" was malformed: the value must be an integer', id="bool-int"),
        pytest.param({"choices": [{"title": "a"}]}, 'The parameter "choices" was malformed: the number of items must be greater than or equal to 2', id="few"),
        pytest.param({"choices": "ab"}, 'The parameter "choices" was malformed: the value must be an array', id="not-list"),
        pytest.param({"choices": [{"title": "a"}, 3]}, 'The parameter "choices" was malformed: the value must be an object', id="item"),
        pytest.param({"choices": [{"title": "a"}, {}]}, 'Missing required parameter "choices.title"', id="nested"),
        pytest.param({"points": "yes"}, 'The parameter "points" was malformed: the value must be a boolean', id="bool"),
        pytest.param({"color": "red"}, 'The parameter "color" was malformed: the value must be one of blue, green', id="choice"),
    ],
)  # fmt: skip
def test_bad_values_get_twitchs_messages(change: dict[str, Any], message: str) -> None:
    with pytest.raises(BadRequest) as caught:
        parse(Poll, {**GOOD, **change})
    assert caught.value.message == message


def test_unknown_fields_are_ignored_unless_strict() -> None:
    assert parse(Poll, {**GOOD, "extra": 1}).title == "Best?"
    with pytest.raises(BadRequest, match='Unknown field "extra"; expected some of: title, choices'):
        parse(Poll, {**GOOD, "extra": 1}, strict=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class Query:
    id: list[str] = rule(max_items=2)
    first: int = 20
    live: bool = False


def test_query_parameters_read_as_a_schema() -> None:
    got = parse_query(Query, {"id": ["1", "", "2"], "first": ["5"], "live": ["true"]})
    assert got == Query(id=["1", "2"], first=5, live=True)
    with pytest.raises(BadRequest, match='Missing required parameter "id"'):
        parse_query(Query, {})
    with pytest.raises(BadRequest, match="the number of items must be less than or equal to 2"):
        parse_query(Query, {"id": ["1", "2", "3"]})
