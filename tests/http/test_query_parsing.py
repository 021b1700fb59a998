"""The query-string parser's fast path gives exactly what `urllib.parse.parse_qs` gives."""

from __future__ import annotations

from urllib.parse import parse_qs

from hypothesis import given
from hypothesis import strategies as st

from twitch_mock.http.request import _parse_qs

PIECES = st.sampled_from(["id", "login", "=", "&", "1", "", "a b", "%20", "+", "%zz", "é", ";", "=="])


@given(st.lists(PIECES, max_size=12).map("".join))
def test_same_result_as_parse_qs(text: str) -> None:
    assert _parse_qs(text) == parse_qs(text, keep_blank_values=True)


def test_repeated_and_blank_values_are_kept() -> None:
    assert _parse_qs("id=1&id=2&login=&x") == {"id": ["1", "2"], "login": [""], "x": [""]}
