"""The dashboard at `/_mock/ui`: one server-rendered page over the world and the control API. Users,
channels, streams, clients, tokens (masked), EventSub subscriptions and their latest deliveries, fault
rules and the request journal, which the page polls (`GET /_mock/requests`) to stay live. Its forms
call the control API's builders (create a user, start a stream, follow: which publishes
channel.follow) and fault routes. No build step: the page's script is inline."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from twitch_mock.control.powers import powers
from twitch_mock.core.clock import rfc3339
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.journal import mask
from twitch_mock.http.results import Html
from twitch_mock.store import browse

ROWS = 100
SECRET_COLUMNS = frozenset({"token", "secret"})
EPOCH_COLUMNS = frozenset({"expires_at", "issued_at"})  # the auth tables keep epoch seconds

STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1f1f23; background: #f7f7f8; }
header { background: #6441a5; color: white; padding: 10px 20px; display: flex; gap: 24px; }
header h1 { font-size: 18px; margin: 0; } header span { opacity: .85; }
main { padding: 12px 20px; display: grid; gap: 16px; }
section { background: white; border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; overflow: auto; }
h2 { font-size: 15px; margin: 4px 0 8px; } h2 small { font-weight: normal; color: #666; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #eee; white-space: nowrap; }
th { background: #fafafa; position: sticky; top: 0; }
.scroll { max-height: 320px; overflow: auto; }
form { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 4px 0; }
input, select, button { font: inherit; padding: 3px 6px; }
button { background: #6441a5; color: white; border: 0; border-radius: 4px; cursor: pointer; }
#status { min-height: 1.4em; color: #b00020; }
.s2 { color: #0a7d32; } .s4 { color: #b36b00; } .s5, .s0 { color: #b00020; }
"""

SCRIPT = """
async function call(method, path, body) {
  const options = {method, headers: {}};
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const r = await fetch('/_mock' + path, options);
  if (!r.ok) {
    let message = r.status + '';
    try { message = (await r.json()).message; } catch (e) {}
    document.getElementById('status').textContent = method + ' /_mock' + path + ': ' + message;
    return false;
  }
  return true;
}
function fields(form) {
  const out = {};
  for (const [k, v] of new FormData(form)) {
    if (v === '') continue;
    out[k] = form.elements[k].type === 'number' ? Number(v) : v;
  }
  return out;
}
document.querySelectorAll('form[data-path]').forEach(form => form.addEventListener('submit', async e => {
  e.preventDefault();
  if (await call('POST', form.dataset.path, fields(form))) location.reload();
}));
document.querySelectorAll('button[data-delete]').forEach(b => b.addEventListener('click', async () => {
  if (await call('DELETE', b.dataset.delete)) location.reload();
}));
function cell(row, text, cls) {
  const td = row.insertCell();
  td.textContent = text == null ? '' : text;
  if (cls) td.className = cls;
}
async function poll() {
  try {
    const r = await fetch('/_mock/requests');
    const entries = (await r.json()).data.slice(-JOURNAL_ROWS).reverse();
    const body = document.getElementById('journal');
    body.replaceChildren();
    for (const e of entries) {
      const row = body.insertRow();
      const query = Object.entries(e.query).flatMap(([k, vs]) => vs.map(v => k + '=' + v)).join('&');
      cell(row, e.time.slice(11, 23));
      cell(row, e.method);
      cell(row, e.path + (query ? '?' + query : ''));
      cell(row, e.status == null ? 'dropped' : e.status, 's' + String(e.status || 0)[0]);
      cell(row, e.user_id); cell(row, e.client_id); cell(row, e.duration_ms); cell(row, e.fault);
    }
    const count = document.getElementById('journal-count');
    count.textContent = r.ok ? entries.length + ' shown, newest first' : '';
  } catch (e) {}
}
poll();
setInterval(poll, 1000);
"""


def _cell(column: str, value: Any) -> str:
    if value is None:
        return "<td></td>"
    text = rfc3339(value) if column in EPOCH_COLUMNS and isinstance(value, float) else str(value)
    if column in SECRET_COLUMNS:
        text = mask(text)
    return f"<td>{escape(text)}</td>"


def _table(columns: Sequence[str], rows: Sequence[Sequence[Any]], body_id: str | None = None) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(_cell(c, v) for c, v in zip(columns, r, strict=True)) + "</tr>" for r in rows
    )
    tbody = f'<tbody id="{body_id}">' if body_id else "<tbody>"
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead>{tbody}{body}</tbody></table></div>'


def _section(title: str, section_id: str, content: str, note: str = "") -> str:
    small = f" <small>{escape(note)}</small>" if note else ""
    return f'<section id="{section_id}"><h2>{escape(title)}{small}</h2>{content}</section>'


def _units(ctx: Ctx, title: str, section_id: str, table: str, wanted: Sequence[str] | None = None) -> str:
    conn = ctx.conn
    shown, rows = browse.newest(conn, table, wanted, ROWS)
    total = browse.count(conn, table)
    note = f"{total} in all, newest first" + (f", first {ROWS} shown" if total > ROWS else "")
    return _section(title, section_id, _table(shown, rows), note)


def _form(path: str, label: str, inputs: Sequence[tuple[str, str, str]]) -> str:
    parts = "".join(
        f'<input name="{escape(n)}" type="{kind}" placeholder="{escape(hint)}" aria-label="{escape(n)}">'
        for n, kind, hint in inputs
    )
    button = f'<button type="submit">{escape(label)}</button>'
    return f'<form data-path="{escape(path)}">{parts}{button}</form>'


def _eventsub(ctx: Ctx) -> str:
    subscriptions = _units(ctx, "EventSub: subscriptions", "eventsub", "eventsub_subscriptions")
    rows = [list(delivery) for delivery in reversed(ctx.services.deliveries)]
    columns = ["time", "message", "type", "version", "subscription", "transport", "to"]
    note = f"the last {len(rows)}, newest first" if rows else "none yet"
    return subscriptions + _section("EventSub deliveries", "deliveries", _table(columns, rows), note)


def dashboard(ctx: Ctx) -> Html:
    armed = powers(ctx.services)
    rules = armed.faults.rules
    fault_rows = [
        [
            r.id,
            r.method or "*",
            r.path or "*",
            r.client_id or "",
            r.user_id or "",
            r.times
            if r.times is not None
            else (f"p={r.probability}" if r.probability is not None else "always"),
            r.status or r.action or "",
            r.delay_ms or "",
            r.fired,
        ]
        for r in rules
    ]
    fault_table = _table(
        ["id", "method", "path", "client", "user", "times", "answer", "delay_ms", "fired"], fault_rows
    )
    deletes = "".join(
        f'<button data-delete="/faults/{escape(r.id)}" type="button">remove {escape(r.id)}</button> '
        for r in rules
    )
    journal_state = (
        f"ring of {armed.journal.size}" if armed.journal.enabled else "off (start --journal-size N)"
    )
    sections = [
        _section(
            "Actions",
            "actions",
            _form(
                "/users",
                "Create user",
                [("login", "text", "login"), ("broadcaster_type", "text", "partner/affiliate")],
            )
            + _form(
                "/streams",
                "Start stream",
                [("user_id", "text", "user id or login"), ("title", "text", "title")],
            )
            + _form(
                "/follows",
                "Follow (channel.follow)",
                [("user_id", "text", "follower"), ("broadcaster_id", "text", "broadcaster")],
            )
            + '<div id="status" role="status"></div>',
        ),
        _section(
            "Request journal",
            "journal-section",
            _table(["time", "method", "path", "status", "user", "client", "ms", "fault"], [], "journal"),
            journal_state,
        ).replace("</small></h2>", '</small> <small id="journal-count"></small></h2>'),
        _section(
            "Fault rules",
            "faults",
            fault_table
            + deletes
            + _form(
                "/faults",
                "Add fault",
                [("path", "text", "/helix/*"), ("status", "number", "status"), ("times", "number", "times")],
            ),
            f"{len(rules)} active",
        ),
        _units(
            ctx,
            "Users",
            "users",
            "users",
            ["id", "login", "display_name", "broadcaster_type", "type", "created_at"],
        ),
        _units(
            ctx,
            "Channels",
            "channels",
            "users",
            ["id", "login", "title", "game_id", "broadcaster_language", "delay"],
        ),
        _units(ctx, "Streams", "streams", "streams", ["id", "user_id", "type", "viewer_count", "started_at"]),
        _units(
            ctx,
            "Clients",
            "clients",
            "clients",
            ["id", "name", "secret", "is_public", "is_extension", "created_at"],
        ),
        _units(ctx, "Tokens", "tokens", "tokens", ["token", "client_id", "user_id", "scopes", "expires_at"]),
        _eventsub(ctx),
    ]
    info = f"mock time {ctx.clock.rfc3339()}, clock offset {ctx.clock.offset:g} s"
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>twitch-mock dashboard</title>'
        f"<style>{STYLE}</style></head><body>"
        f"<header><h1>twitch-mock</h1><span>{escape(info)}</span></header>"
        f"<main>{''.join(sections)}</main>"
        f"<script>const JOURNAL_ROWS = 50;{SCRIPT}</script></body></html>"
    )
    return Html(page)


ENDPOINTS = (Endpoint("GET", "/ui", dashboard, auth=Auth.NONE),)
