-- Whispers family: every whisper sent (Send Whisper), so chat and EventSub can see them.
CREATE TABLE whispers (
    id           TEXT PRIMARY KEY,
    from_user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    to_user_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    text         TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX whispers_by_pair ON whispers (from_user_id, to_user_id, created_at);
CREATE INDEX whispers_by_recipient ON whispers (to_user_id, created_at);
