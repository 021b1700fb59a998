"""docs/helix-coverage.md (written by tools/helix_coverage.py from Twitch's catalogue) still says
what is served under /helix: adding, removing or retiring an endpoint without regenerating it fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from twitch_mock.app import HELIX_ENDPOINTS, HELIX_GONE

TABLE = Path(__file__).resolve().parent.parent / "docs" / "helix-coverage.md"
REGENERATE = "run `python3 tools/helix_coverage.py` and commit docs/helix-coverage.md"
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}

Rows = dict[tuple[str, str], str]  # (method, path) -> the twitch-mock column


def parse(text: str) -> tuple[Rows, Rows]:
    """The Endpoints table (Twitch's catalogue) and the table of removed endpoints outside it."""
    catalogue: Rows = {}
    outside: Rows = {}
    section = ""
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:]
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if section == "Endpoints" and len(cells) == 7 and cells[2] in METHODS:
            catalogue[(cells[2], cells[3].strip("`"))] = cells[5]
        elif section.startswith("Removed") and len(cells) == 3 and cells[0] in METHODS:
            outside[(cells[0], cells[1].strip("`"))] = cells[2]
    return catalogue, outside


@pytest.fixture(scope="module")
def table() -> tuple[Rows, Rows]:
    assert TABLE.exists(), f"{TABLE.name} is missing: {REGENERATE}"
    catalogue, outside = parse(TABLE.read_text(encoding="utf-8"))
    assert len(catalogue) > 100, f"no Endpoints table found in {TABLE.name}: {REGENERATE}"
    return catalogue, outside


def test_every_served_endpoint_is_in_twitch_catalogue(table: tuple[Rows, Rows]) -> None:
    catalogue, _ = table
    unknown = [f"{e.method} {e.path}" for e in HELIX_ENDPOINTS if (e.method, e.path) not in catalogue]
    assert not unknown, (
        f"served but not among Twitch's endpoints (helix-catalog.json): {unknown}; check the method and"
        f" path against the reference, then {REGENERATE}"
    )


def test_the_served_column_is_what_helix_serves(table: tuple[Rows, Rows]) -> None:
    catalogue, _ = table
    served = {(e.method, e.path) for e in HELIX_ENDPOINTS}
    gone = set(HELIX_GONE)

    def expected(key: tuple[str, str]) -> str:
        return "served" if key in served else "removed (410)" if key in gone else "not served"

    stale = [
        f"{method} {path}: the table says {status!r}, HELIX: {expected((method, path))!r}"
        for (method, path), status in catalogue.items()
        if status != expected((method, path))
    ]
    assert not stale, f"{TABLE.name} is out of date ({REGENERATE}):\n  " + "\n  ".join(stale)


def test_every_removed_endpoint_is_listed(table: tuple[Rows, Rows]) -> None:
    catalogue, outside = table
    listed = {key for key, status in {**catalogue, **outside}.items() if status == "removed (410)"}
    assert listed == set(HELIX_GONE), f"the removed endpoints differ from HELIX_GONE: {REGENERATE}"


def test_the_totals_match_the_table(table: tuple[Rows, Rows]) -> None:
    catalogue, _ = table
    live = [s for s in catalogue.values() if s != "removed (410)"]
    found = re.search(r"Served: \*\*(\d+) of (\d+)\*\*", TABLE.read_text(encoding="utf-8"))
    assert found, f"no totals line in {TABLE.name}: {REGENERATE}"
    assert (int(found[1]), int(found[2])) == (live.count("served"), len(live)), REGENERATE


def test_the_parser_reads_the_tools_rows() -> None:
    text = "\n".join(
        [
            "## Endpoints",
            "| Family | Name | Method | Path | Token | twitch-mock | twitch-cli |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            "| Users | Get Users | GET | `/users` | either | served | yes |",
            "## Removed endpoints outside the catalogue",
            "| GET | `/users/follows` | removed (410) |",
        ]
    )
    assert parse(text) == ({("GET", "/users"): "served"}, {("GET", "/users/follows"): "removed (410)"})
