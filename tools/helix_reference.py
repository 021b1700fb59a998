#!/usr/bin/env python3
"""Snapshot the reference facts for every Helix endpoint twitch-mock serves into
tests/helix/reference/<family>.json (one file per Helix family module, so families added in
parallel don't touch one file), where tests/helix/test_reference.py checks the endpoint tables and
the responses against them (tests must not read files outside the project).

For each served (method, path): the token type, scopes and success status from helix-catalog.json,
and from helix-openapi.json the parameters and the success response's schema, with every $ref
inlined, OpenAPI's `nullable` turned into JSON Schema, descriptions dropped, and objects closed
(`additionalProperties: false`), so a field Twitch doesn't send fails as surely as a missing one.

Usage, from the project root, after adding endpoints:
    python3 tools/helix_reference.py [--reference ../shared/reference]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from reference_corrections import (
    ADDED,
    CORRECTIONS,
)  # where the OpenAPI copy contradicts or lacks Twitch's reference

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "helix" / "reference"
DROP = {"description", "examples", "example", "externalDocs", "title"}
# Fields the spec types as plain strings though their description says Twitch sends null
# (ChatBadge's click_action / click_url: "Set to `null` if no action is specified").
SAYS_NULL = re.compile(r"(Set to|field is) `null`")
# Errata: fields the live API sends as null (Twitch's own examples show it) that the OpenAPI file
# does not mark nullable. A custom reward without an uploaded image has `"image": null`.
NULLABLE = {"CustomReward": ("image",)}


def inline(node: Any, components: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    """The schema with $refs resolved, closed objects, JSON Schema's null, no prose."""
    if isinstance(node, list):
        return [inline(item, components, seen) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            raise SystemExit(f"recursive schema {name}")
        return inline(components[name], components, (*seen, name))
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in DROP or key == "nullable":
            continue
        if key == "properties":
            out[key] = {name: inline(schema, components, seen) for name, schema in value.items()}
        else:
            out[key] = inline(value, components, seen)
    says_null = isinstance(node.get("description"), str) and SAYS_NULL.search(node["description"])
    if (node.get("nullable") or says_null) and "type" in out and not isinstance(out["type"], list):
        out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


# Token types where the live API differs from the reference text, with the evidence.
TOKEN_CORRECTIONS = {
    # An app token gets the follower `total` (and an empty list): pyTwitchAPI issue #262, the dev
    # forum thread it cites, and the reference's own "only the total" note.
    ("GET", "/channels/followers"): "either",
}


def success(notes: str) -> int | None:
    found = re.search(r"success=(\d{3})", notes)
    return int(found.group(1)) if found else None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reference", default=str(ROOT.parent / "shared" / "reference"))
    args = parser.parse_args()
    reference = Path(args.reference)
    catalog = json.loads((reference / "helix-catalog.json").read_text(encoding="utf-8"))
    openapi = json.loads((reference / "helix-openapi.json").read_text(encoding="utf-8"))
    components = openapi["components"]["schemas"]
    for schema, names in NULLABLE.items():
        for name in names:
            components[schema]["properties"][name]["nullable"] = True
    sys.path.insert(0, str(ROOT / "src"))
    from twitch_mock.helix import FAMILIES

    by_route = {(e["method"], e["path"]): e for e in catalog}
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    total = 0
    for family in FAMILIES:
        snapshot = {f"{e.method} {e.path}": fact(e, by_route, openapi, components) for e in family.ENDPOINTS}
        name = family.__name__.rsplit(".", 1)[-1]
        text = json.dumps(snapshot, indent=1, sort_keys=True) + "\n"
        (OUT / f"{name}.json").write_text(text, encoding="utf-8")
        total += len(snapshot)
    print(f"wrote {OUT.relative_to(ROOT)}/: {total} endpoints in {len(FAMILIES)} families")


def fact(endpoint: Any, by_route: dict[Any, Any], openapi: dict[str, Any], components: dict[str, Any]) -> Any:
    """Twitch's facts for one served endpoint."""
    key = f"{endpoint.method} {endpoint.path}"
    entry = by_route.get((endpoint.method, endpoint.path))
    operation = openapi["paths"].get(endpoint.path, {}).get(endpoint.method.lower()) or ADDED.get(key)
    if entry is None or operation is None:
        raise SystemExit(f"{key} is in neither helix-catalog.json nor helix-openapi.json")
    status = success(entry["notes"]) or min(int(s) for s in operation["responses"] if s.startswith("2"))
    content = operation["responses"].get(str(status), {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    response = inline(schema, components) if schema else None
    if response is not None and key in CORRECTIONS:
        response = CORRECTIONS[key](response)
    other = [t for t in content if t != "application/json"]  # iCalendar's text/calendar
    return {
        **({"content_type": other[0]} if other and schema is None else {}),
        "token": TOKEN_CORRECTIONS.get((endpoint.method, endpoint.path), entry["token"]),
        "scopes": entry["scopes"],
        "success": status,
        "query": [
            {"name": p["name"], "required": bool(p.get("required"))}
            for p in operation.get("parameters", [])
            if p.get("in") == "query"
        ],
        "body": sorted(inline(body, components).get("properties", {})) if body else [],
        "response": response,
    }


if __name__ == "__main__":
    main()
