"""Corrections to the OpenAPI copy's response schemas where it contradicts Twitch's own reference
text (dev.twitch.tv/docs/api/reference), applied by helix_reference.py after inlining. Each entry
says what the reference says. Keyed "METHOD /path"; each function takes and returns the closed
JSON Schema of the success response."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Schema = dict[str, Any]


def _at(schema: Schema, path: str) -> Schema:
    """The sub-schema at a dotted property path; `[]` steps into array items ("data[].category")."""
    node = schema
    for part in path.split("."):
        items = part.endswith("[]")
        node = node["properties"][part.removesuffix("[]")]
        if items:
            node = node["items"]
    return node


def nullable(*paths: str) -> Callable[[Schema], Schema]:
    """Fields the reference documents as "null if ..." that the OpenAPI copy types as objects."""

    def fix(schema: Schema) -> Schema:
        for path in paths:
            node = _at(schema, path)
            node["type"] = [node["type"], "null"] if isinstance(node["type"], str) else node["type"]
        return schema

    return fix


def _schedule_page(schema: Schema) -> Schema:
    """Get Channel Stream Schedule: `pagination` is a sibling of `data` (the reference's example),
    not inside it; `vacation` and a segment's `category` are null when not set."""
    data = schema["properties"]["data"]
    schema["properties"]["pagination"] = data["properties"].pop("pagination")
    return nullable("data.vacation", "data.segments[].category")(schema)


def _hype_train_status(schema: Schema) -> Schema:
    """Get Hype Train Status: `data[]` objects hold `current`, `all_time_high` and
    `shared_all_time_high` (each null when there is none); the train's `started_at`, `expires_at`,
    `type`, `is_shared_train` and `shared_train_participants` (null when not shared) belong to
    `current`, and a top contribution is {user_id, user_login, user_name, type, total}, where type is
    bits, subscription or other."""
    item = schema["properties"]["data"]["items"]
    current = item["properties"]["current"]
    contribution = current["properties"]["top_contributions"]["items"]
    moved = {
        k: contribution["properties"].pop(k)
        for k in ("shared_train_participants", "started_at", "expires_at")
    }
    train_type = contribution["properties"]["type"]
    is_shared = contribution["properties"].pop("is_shared_train")
    contribution["properties"]["type"] = {"type": "string", "enum": ["bits", "subscription", "other"]}
    contribution["required"] = ["user_id", "user_login", "user_name", "type", "total"]
    moved["shared_train_participants"]["type"] = ["array", "null"]
    current["properties"].update(moved, type=train_type, is_shared_train=is_shared)
    current["required"] = [*current["required"], *moved, "type", "is_shared_train"]
    current["type"] = ["object", "null"]
    for name in ("all_time_high", "shared_all_time_high"):
        record = schema["properties"].pop(name)
        record["type"] = ["object", "null"]
        item["properties"][name] = record
    item["required"] = ["current", "all_time_high", "shared_all_time_high"]
    schema["required"] = ["data"]
    return schema


def _goal_types(schema: Schema) -> Schema:
    """Get Creator Goals: the 2026-06-25 changelog adds the goal types new_bit and new_cheerer."""
    _at(schema, "data[].type")["enum"] += ["new_bit", "new_cheerer"]
    return schema


def _in_data(schema: Schema) -> Schema:
    """Get Channel Guest Star Settings: the reference's example (and the clients) put the settings
    object in a one-item `data` array; the OpenAPI copy describes the bare object."""
    return {
        "type": "object",
        "required": ["data"],
        "properties": {"data": {"type": "array", "items": schema}},
        "additionalProperties": False,
    }


CORRECTIONS: dict[str, Callable[[Schema], Schema]] = {
    "GET /schedule": _schedule_page,
    "POST /schedule/segment": nullable("data.vacation", "data.segments[].category"),
    "PATCH /schedule/segment": nullable("data.vacation", "data.segments[].category"),
    "GET /charity/campaigns": nullable("data[].target_amount"),
    "GET /hypetrain/status": _hype_train_status,
    "GET /goals": _goal_types,
    "GET /guest_star/channel_settings": _in_data,
}


def _closed(required: list[str], **properties: Schema) -> Schema:
    return {"type": "object", "required": required, "properties": properties, "additionalProperties": False}


def _flagged(name: str, kind: str = "integer") -> Schema:
    return _closed(["is_enabled", name], is_enabled={"type": "boolean"}, **{name: {"type": kind}})


_IMAGE = _closed(["url_1x", "url_2x", "url_4x"], **{f"url_{n}x": {"type": "string"} for n in (1, 2, 4)})
_POWER_UP = {
    "broadcaster_id": {"type": "string"},
    "broadcaster_login": {"type": "string"},
    "broadcaster_name": {"type": "string"},
    "id": {"type": "string"},
    "image": {**_IMAGE, "type": ["object", "null"]},
    "background_color": {"type": "string"},
    "is_enabled": {"type": "boolean"},
    "bits": {"type": "integer"},
    "title": {"type": "string"},
    "prompt": {"type": "string"},
    "is_user_input_required": {"type": "boolean"},
    "max_per_stream_setting": _flagged("max_per_stream"),
    "max_per_user_per_stream_setting": _flagged("max_per_user_per_stream"),
    "global_cooldown_setting": _flagged("global_cooldown_seconds"),
    "is_paused": {"type": "boolean"},
    "is_in_stock": {"type": "boolean"},
    "default_image": _IMAGE,
    "redemptions_redeemed_current_stream": {"type": ["integer", "null"]},
    "cooldown_expires_at": {"type": ["string", "null"]},
}

# Endpoints newer than the OpenAPI copy: the operation as helix_reference.py reads one (query
# parameters and the success response's closed schema), from the sources helix-catalog.md names.
ADDED: dict[str, Schema] = {
    # Get Custom Power-up (GA 2026-05-19): twurple's HelixCustomPowerUpData (helix-catalog.md, section 1).
    "GET /bits/custom_power_ups": {
        "parameters": [
            {"name": "broadcaster_id", "in": "query", "required": True},
            {"name": "id", "in": "query", "required": False},
        ],
        "responses": {
            "200": {
                "content": {
                    "application/json": {
                        "schema": _closed(
                            ["data"], data={"type": "array", "items": _closed(list(_POWER_UP), **_POWER_UP)}
                        )
                    }
                }
            }
        },
    },
}
