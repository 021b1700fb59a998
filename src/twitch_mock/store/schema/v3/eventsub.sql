-- EventSub subscriptions (eventsub/, domain/eventsub.py). `n` orders them oldest first and is the
-- page key; `match_key` is the condition's main user (or `from:`/`to:` for raids), the value
-- dispatch looks subscriptions up by; `user_id` is the user whose grant authorizes it.
CREATE TABLE eventsub_subscriptions (
    n               INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    client_id       TEXT NOT NULL,
    user_id         TEXT,
    status          TEXT NOT NULL,
    type            TEXT NOT NULL,
    version         TEXT NOT NULL,
    condition       TEXT NOT NULL,
    match_key       TEXT NOT NULL,
    method          TEXT NOT NULL,
    session_id      TEXT,
    callback        TEXT,
    secret          TEXT,
    conduit_id      TEXT,
    connected_at    TEXT,
    disconnected_at TEXT,
    created_at      TEXT NOT NULL,
    cost            INTEGER NOT NULL
);
CREATE INDEX eventsub_subscriptions_by_match ON eventsub_subscriptions (type, match_key, status);
CREATE INDEX eventsub_subscriptions_by_client ON eventsub_subscriptions (client_id, n);
CREATE INDEX eventsub_subscriptions_by_session ON eventsub_subscriptions (session_id);
CREATE INDEX eventsub_subscriptions_by_user ON eventsub_subscriptions (client_id, user_id);
