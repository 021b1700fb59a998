-- Goals family: a broadcaster's active creator goals. current_amount is stored only for the types
-- the mock has no data for (new_bit, new_cheerer); the others are computed from follows and
-- subscriptions when read.
CREATE TABLE goals (
    id             TEXT PRIMARY KEY,
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    type           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    current_amount INTEGER NOT NULL DEFAULT 0,
    target_amount  INTEGER NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX goals_by_broadcaster ON goals (broadcaster_id, created_at);
