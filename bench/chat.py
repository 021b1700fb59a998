#!/usr/bin/env python3
"""Send Chat Message's speed target (issue 15): POST /mock/chat/messages in a channel with 1,000
blocked terms and slow mode off, wrk -t2 -c64, messages sent per second as a share of the ceiling (a
bare Starlette endpoint on Granian, ../shared/tools/ceilings.py, measured in the same sitting).
Target: 7 %.

Every message goes through every rule (domain/chat_send.py) and is stored; the sender is a viewer
(no moderator exemption), each message's text is new (no duplicate drop) and matches no term, so
every request is a real send. Needs wrk. Usage: python bench/chat.py [--secs 10] [--users 1000]
[--ceilings ../shared/tools/ceilings.py]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

from bench import TMP, ceiling, generate, start, stop, wrk
from families import call, user_token

TERMS = 1000
TARGET = 0.07

SEND_SCRIPT = """
local threads = 0
setup = function(thread)
  thread:set("id", threads)
  threads = threads + 1
end
counter = 0
request = function()
  counter = counter + 1
  local body = '{"broadcaster_id":"' .. CHANNEL .. '","sender_id":"' .. SENDER .. '",'
    .. '"message":"hello chat, message ' .. id .. '-' .. counter .. ' of the bench Kappa"}'
  return wrk.format("POST", "/mock/chat/messages", {["Authorization"] = "Bearer " .. TOKEN,
    ["Client-Id"] = CLIENT, ["Content-Type"] = "application/json"}, body)
end
"""


def _term(n: int) -> str:
    """Terms that start like the bench's words (the matcher must not slow down on shared prefixes),
    one in ten with a wildcard; none matches a bench message."""
    word = ("hello", "chat", "message", "bench", "kappa")[n % 5]
    return f"{word}{n:04d}{'*' if n % 10 == 0 else ''}"


def seed_terms(db: Path, channel: str) -> None:
    """Before the server starts: 1,000 blocked terms in the channel (some with wildcards), its chat
    modes and AutoMod as a busy channel has them: slow mode off, AutoMod at level 2."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DELETE FROM blocked_terms WHERE broadcaster_id = ?", (channel,))
        conn.executemany(
            "INSERT INTO blocked_terms (id, broadcaster_id, moderator_id, text, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')",
            [(f"bench-term-{n:04d}", channel, channel, _term(n)) for n in range(TERMS)],
        )
        conn.execute(
            "INSERT OR REPLACE INTO blocked_term_versions (broadcaster_id, version) VALUES (?, 1)", (channel,)
        )
        conn.execute(
            "UPDATE chat_settings SET slow_mode = 0, follower_mode = 0, subscriber_mode = 0, emote_mode = 0, "
            "unique_chat_mode = 0 WHERE broadcaster_id = ?",
            (channel,),
        )
        conn.execute("DELETE FROM shield_mode WHERE broadcaster_id = ?", (channel,))
    conn.close()


def send_rate(port: int, creds: dict[str, str], channel: str, secs: int) -> dict[str, Any]:
    viewer = call(port, "POST", "/_mock/users", {"login": "benchviewer"})["data"][0]["id"]
    token = user_token(port, viewer, ["user:write:chat"])
    probe = {"broadcaster_id": channel, "sender_id": viewer, "message": f"probe {_term(1)}"}
    headers = {"Authorization": f"Bearer {token}", "Client-Id": creds["client_id"]}
    dropped = call(port, "POST", "/mock/chat/messages", probe, headers)["data"][0]
    assert dropped["drop_reason"]["code"] == "msg_rejected_mandatory", dropped  # the terms are live
    script = TMP / "chat.lua"
    script.write_text(
        SEND_SCRIPT.replace("CHANNEL", json.dumps(channel))
        .replace("SENDER", json.dumps(viewer))
        .replace("TOKEN", json.dumps(token))
        .replace("CLIENT", json.dumps(creds["client_id"]))
    )
    got: dict[str, Any] = wrk(f"http://127.0.0.1:{port}/mock/chat/messages", {}, secs, script=script)
    last = call(port, "POST", "/mock/chat/messages", probe | {"message": "still sending?"}, headers)["data"][
        0
    ]
    got["last_is_sent"] = last["is_sent"]
    return got


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--secs", type=int, default=10)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--ceilings", default=None)
    args = parser.parse_args()
    results: dict[str, Any] = {}
    ceilings: list[float] = []
    if args.ceilings:
        ceilings.append(ceiling(args.ceilings, args.secs))
    db = TMP / "chat.db"
    results["generate_s"], creds = generate(args.users, db)
    star = creds["user_id"]
    seed_terms(db, star)
    proc, port = start(db, "granian")
    try:
        results["send_chat_message"] = send_rate(port, creds, star, args.secs)
        print(f"send_chat_message: {results['send_chat_message']['req_s']:.0f} req/s", file=sys.stderr)
    finally:
        stop(proc)
    if args.ceilings:
        ceilings.append(ceiling(args.ceilings, args.secs))
        measured = sorted(ceilings)[len(ceilings) // 2]
        results["ceiling_starlette_granian_req_s"] = measured
        results["ceiling_runs_req_s"] = ceilings
        sent = results["send_chat_message"]
        sent["share_of_ceiling"] = round(sent["req_s"] / measured, 3)
        sent["target_share"] = TARGET
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
