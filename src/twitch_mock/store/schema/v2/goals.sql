-- Goals family: a broadcaster's active creator goals. Their current amounts are computed when
-- read, from follows, subscriptions and cheers (domain/goals.py).
CREATE TABLE goals (
    id             TEXT PRIMARY KEY,
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    type           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    target_amount  INTEGER NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX goals_by_broadcaster ON goals (broadcaster_id, created_at);
