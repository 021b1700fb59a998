#!/usr/bin/env python3
"""Write tests/eventsub/payload_schemas.json: one closed JSON Schema per EventSub type and version
for the payload's `event` object, read from section e of eventsub.md ("Event payload schemas"),
where tests/eventsub/test_payloads.py validates every event the mock publishes against it (tests
must not read files outside the project).

Section e writes each payload in a small notation: `Fields: a s; b i; c b; d s?; e s[]`,
`x_id/login/name s` for a user triple, `{...}` objects, `[{...}]` lists of objects, `?` for null.
This tool parses that notation. Where the section says a type is "the same as" another with
changes (poll progress and end, prediction progress, lock and end, hype train progress, the
subscription end), the change is written out below as a derivation of the parsed schema. Types the
issue names that section e leaves out (charity, goals, shield mode, ad breaks, custom rewards) are
written in the same notation below, from the dev.twitch.tv EventSub reference (2026).

Every object is closed (`additionalProperties: false`) and every key is required: Twitch sends
every key (null where noted), and TwitchIO raises KeyError on a missing one.

Usage, from the project root:
    python3 tools/eventsub_schemas.py [--reference ../shared/reference]
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "eventsub" / "payload_schemas.json"
Schema = dict[str, Any]

# dev.twitch.tv/docs/eventsub/reference/ (charity, goals, moderation, ads, channel points), 2026:
# the payloads section e does not spell out, in section e's notation.
SUPPLEMENT = {
    "channel.charity_campaign.donate v1": "id s; campaign_id s; broadcaster_user_id/login/name s; "
    "user_id/login/name s; charity_name s; charity_description s; charity_logo s; charity_website s; "
    "amount {value i, decimal_places i, currency s}",
    "channel.charity_campaign.start v1": "id s; broadcaster_id/login/name s; charity_name s; "
    "charity_description s; charity_logo s; charity_website s; "
    "current_amount {value i, decimal_places i, currency s}; "
    "target_amount {value i, decimal_places i, currency s}; started_at s",
    "channel.charity_campaign.progress v1": "id s; broadcaster_id/login/name s; charity_name s; "
    "charity_description s; charity_logo s; charity_website s; "
    "current_amount {value i, decimal_places i, currency s}; "
    "target_amount {value i, decimal_places i, currency s}",
    "channel.charity_campaign.stop v1": "id s; broadcaster_id/login/name s; charity_name s; "
    "charity_description s; charity_logo s; charity_website s; "
    "current_amount {value i, decimal_places i, currency s}; "
    "target_amount {value i, decimal_places i, currency s}; stopped_at s",
    "channel.goal.begin v1": "id s; broadcaster_user_id/login/name s; type s; description s; "
    "current_amount i; target_amount i; started_at s",
    "channel.goal.progress v1": "id s; broadcaster_user_id/login/name s; type s; description s; "
    "current_amount i; target_amount i; started_at s",
    "channel.goal.end v1": "id s; broadcaster_user_id/login/name s; type s; description s; "
    "is_achieved b; current_amount i; target_amount i; started_at s; ended_at s",
    "channel.shield_mode.begin v1": "broadcaster_user_id/login/name s; moderator_user_id/login/name s; "
    "started_at s",
    "channel.shield_mode.end v1": "broadcaster_user_id/login/name s; moderator_user_id/login/name s; "
    "ended_at s",
    "channel.ad_break.begin v1": "duration_seconds i; started_at s; is_automatic b; "
    "broadcaster_user_id/login/name s; requester_user_id/login/name s",
    **{
        f"channel.channel_points_custom_reward.{verb} v1": "id s; broadcaster_user_id/login/name s; "
        "is_enabled b; is_paused b; is_in_stock b; title s; cost i; prompt s; is_user_input_required b; "
        "should_redemptions_skip_request_queue b; max_per_stream {is_enabled b, value i}; "
        "max_per_user_per_stream {is_enabled b, value i}; background_color s; "
        "image {url_1x s, url_2x s, url_4x s}?; default_image {url_1x s, url_2x s, url_4x s}; "
        "global_cooldown {is_enabled b, seconds i}; cooldown_expires_at s?; "
        "redemptions_redeemed_current_stream i?"
        for verb in ("add", "update", "remove")
    },
}

SCALARS = {"s": "string", "i": "integer", "b": "boolean"}


class Parser:
    """Recursive descent over section e's notation: a list of items separated by `;` or `,`; an
    item is a name (or `a_id/login/name`) and a type; unknown words around them are prose."""

    def __init__(self, text: str) -> None:
        text = text.replace("`", "").replace("**", "")
        text = re.sub(r"\([^()]*\)", "", text)  # parenthesised prose: enums, notes
        text = re.sub(r"\band\b", ",", text)  # "user_login s? and user_name s?"
        self.tokens = re.findall(r"[A-Za-z_0-9/]+|\[\]|[{}\[\]?;,:×]", text)
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token: str = self.tokens[self.pos]
        self.pos += 1
        return token

    def fields(self, end: str | None = None) -> Schema:
        properties: dict[str, Schema] = {}
        while self.peek() is not None and self.peek() != end:
            if self.peek() in (";", ","):
                self.take()
                continue
            names = expand(self.take())
            kind = self.kind()
            for name in names:
                properties[name] = copy.deepcopy(kind)
        return closed(properties)

    def kind(self) -> Schema:
        token = self.peek()
        if token == ":":  # "top_predictors: up to 10 × {...}": a list of objects
            while self.peek() not in ("×", "{", "[", None):
                self.take()
            if self.peek() == "×":
                self.take()
                self.take()  # {
                item = self.fields("}")
                self.take()
                return {"type": "array", "items": item}
            token = self.peek()
        if token in SCALARS:
            self.take()
            kind: Schema = {"type": SCALARS[token]}
            if self.peek() == "[]":
                self.take()
                kind = {"type": "array", "items": kind}
        elif token == "{":
            self.take()
            kind = self.fields("}")
            self.take()
        elif token == "[":
            self.take()
            if self.peek() == "{":
                self.take()
                item = self.fields("}")
                self.take()
            else:
                item = {"type": "string"}
            self.take()  # ]
            kind = {"type": "array", "items": item}
        else:  # a name without a type: a string (`[{broadcaster_user_id, ...}]`)
            kind = {"type": "string"}
        if self.peek() == "?":
            self.take()
            kind = nullable(kind)
        return kind


def expand(name: str) -> list[str]:
    """`broadcaster_user_id/login/name` -> the triple; `x_id/login/name` likewise."""
    first, *rest = name.split("/")
    if not rest:
        return [first]
    prefix = first.removesuffix("id")
    return [first, *(prefix + part for part in rest)]


def closed(properties: dict[str, Schema]) -> Schema:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def nullable(kind: Schema) -> Schema:
    kind = copy.deepcopy(kind)
    kind["type"] = [kind["type"], "null"]
    return kind


def parse(text: str) -> Schema:
    return Parser(text).fields()


def sections(markdown: str) -> dict[str, str]:
    """Section e's `### <type> v<N>` headings (`a v1 / b v1` gives both) and their text."""
    part = markdown.split("## e. Event payload schemas", 1)[1].split("\n## f.", 1)[0]
    out: dict[str, str] = {}
    for block in re.split(r"\n### ", part)[1:]:
        heading, _, body = block.partition("\n")
        for name in heading.split(" / "):
            if re.fullmatch(r"[a-z_.]+ v\d+", name.strip()):
                out[name.strip()] = body
    return out


def fields_line(body: str) -> str:
    """The text after `Fields:` (to the end of its paragraph)."""
    match = re.search(r"Fields:(.*?)(?:\n\n|\Z)", body, re.S)
    if match is None:
        raise ValueError(f"no Fields: line in {body[:60]!r}")
    return match.group(1).strip().rstrip(".")


def add(schema: Schema, path: tuple[str, ...], extra: str, after: str | None = None) -> Schema:
    """`extra` fields added to the object at `path` (list items for list fields), after `after`."""
    out = copy.deepcopy(schema)
    target = out
    for key in path:
        target = target["properties"][key]
        if target.get("type") == "array":
            target = target["items"]
    new = parse(extra)["properties"]
    props: dict[str, Schema] = {}
    for key, value in target["properties"].items():
        props[key] = value
        if key == after:
            props.update(new)
    if after is None:
        props.update(new)
    target.update(closed(props))
    return out


def drop(schema: Schema, *names: str) -> Schema:
    out = copy.deepcopy(schema)
    props = {k: v for k, v in out["properties"].items() if k not in names}
    out.update(closed(props))
    return out


def rename(schema: Schema, old: str, new: str) -> Schema:
    out = copy.deepcopy(schema)
    props = {(new if k == old else k): v for k, v in out["properties"].items()}
    out.update(closed(props))
    return out


def with_field(schema: Schema, name: str, kind: Schema) -> Schema:
    out = copy.deepcopy(schema)
    out["properties"][name] = copy.deepcopy(kind)
    return out


def build(markdown: str) -> dict[str, Schema]:
    found = sections(markdown)
    schemas: dict[str, Schema] = {}
    derived: dict[str, Callable[[], Schema]] = {
        # "Same fields as channel.subscribe."
        "channel.subscription.end v1": lambda: schemas["channel.subscribe v1"],
        # "Same as begin, but each choice has bits_votes i, channel_points_votes i and votes i."
        "channel.poll.progress v1": lambda: add(
            schemas["channel.poll.begin v1"], ("choices",), "bits_votes i; channel_points_votes i; votes i"
        ),
        # "Same as progress, without ends_at, plus: status s; ended_at s."
        "channel.poll.end v1": lambda: add(
            drop(schemas["channel.poll.progress v1"], "ends_at"), (), "status s; ended_at s"
        ),
        # "Same fields as begin. Each outcome adds: users i; channel_points i; top_predictors: ..."
        "channel.prediction.progress v1": lambda: add(
            schemas["channel.prediction.begin v1"],
            ("outcomes",),
            fields_line("Fields:" + found["channel.prediction.progress v1"].split("adds:", 1)[1]),
        ),
        # "Same as progress, with locked_at s instead of locks_at."
        "channel.prediction.lock v1": lambda: rename(
            schemas["channel.prediction.progress v1"], "locks_at", "locked_at"
        ),
        # "Fields: id, broadcaster triple, title; winning_outcome_id s?; outcomes (as in progress);
        # status s; started_at s; ended_at s."
        "channel.prediction.end v1": lambda: with_field(
            parse(
                "id s; broadcaster_user_id/login/name s; title s; winning_outcome_id s?; outcomes s; "
                "status s; started_at s; ended_at s"
            ),
            "outcomes",
            schemas["channel.prediction.progress v1"]["properties"]["outcomes"],
        ),
        # "The same fields as begin without all_time_high_level and all_time_high_total."
        "channel.hype_train.progress v2": lambda: drop(
            schemas["channel.hype_train.begin v2"], "all_time_high_level", "all_time_high_total"
        ),
        # "Fields: id s; broadcaster triple; total i; top_contributions (as above); ..."
        "channel.hype_train.end v2": lambda: parse(
            "id s; broadcaster_user_id/login/name s; total i; top_contributions [{user_id s, user_login s, "
            "user_name s, type s, total i}]; level i; shared_train_participants [{broadcaster_user_id, "
            "broadcaster_user_login, broadcaster_user_name}]?; started_at s; ended_at s; cooldown_ends_at s; "
            "type s; is_shared_train b"
        ),
        # "(`.update` has the same shape.)"
        "channel.channel_points_custom_reward_redemption.update v1": lambda: schemas[
            "channel.channel_points_custom_reward_redemption.add v1"
        ],
    }
    skipped = {"channel.chat.message v1", "channel.chat.notification v1", "channel.hype_train.* v1"}
    for name, body in found.items():
        if name in derived or name in skipped or name.endswith("* v1"):
            continue
        schemas[name] = parse(fields_line(body))
    for name, make in derived.items():
        schemas[name] = make()
    schemas["channel.chat.notification v1"] = chat_notification(found["channel.chat.notification v1"])
    for name, text in SUPPLEMENT.items():
        schemas[name] = parse(text)
    return dict(sorted(schemas.items()))


def chat_notification(body: str) -> Schema:
    """channel.chat.notification's bullet list: top-level fields, then one object per notice type,
    each null unless `notice_type` names it."""
    fragment = parse(
        "type s; text s; cheermote {prefix s, bits i, tier i}?; "
        "emote {id s, emote_set_id s, owner_id s, format s[]}?; "
        "mention {user_id s, user_name s, user_login s}?"
    )
    props: dict[str, Schema] = {}
    notices: dict[str, Schema] = {}
    for line in re.sub(r"\n {2,}(?!- )", " ", body).splitlines():
        top = re.match(r"- (.*)", line)
        sub = re.match(r"  - `?([a-z_*]+)`?: (\{.*)", line)
        if top and not top.group(1).startswith("One object"):
            text = top.group(1)
            if text.startswith("message "):
                props["message"] = closed(
                    {"text": {"type": "string"}, "fragments": {"type": "array", "items": fragment}}
                )
            elif text.startswith("badges") or text.startswith("source_"):
                text = text.replace("{set_id,id,info}", "{set_id s, id s, info s}").replace("?", " ?", 0)
                text = re.sub(r"source_badges \?", "source_badges [{set_id s, id s, info s}]?", text)
                props.update(parse(text)["properties"])
            else:
                props.update(parse(text.split(":")[0])["properties"])
        elif sub:
            name, spec = sub.groups()
            notices[name] = parse(f"{name} {spec}")["properties"][name] if spec != "{}" else closed({})
    for name in re.findall(r"`([a-z_]+)`", body.split("notice_type s:", 1)[1].split("\n- ", 1)[0]):
        shape = notices.get(name) or notices.get(name.removeprefix("shared_chat_"))
        if shape is not None:
            props[name] = nullable(shape)
        elif name == "unraid":
            props[name] = nullable(closed({}))
    order = [k for k in props if not k.startswith("source_")] + [k for k in props if k.startswith("source_")]
    return closed({k: props[k] for k in order})


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reference", default=str(ROOT.parent / "shared" / "reference"))
    args = parser.parse_args()
    markdown = (Path(args.reference) / "eventsub.md").read_text()
    schemas = build(markdown)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(schemas, indent=1) + "\n")
    print(f"{len(schemas)} payload schemas -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
