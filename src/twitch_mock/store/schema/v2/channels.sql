-- Channels family (channels, follows, commercials).

-- Get Channel Followers pages a channel's followers newest first.
CREATE INDEX follows_by_broadcaster ON follows (broadcaster_id, followed_at, user_id);

-- The last commercial a broadcaster started; the next may start at cooldown_ends_at.
CREATE TABLE commercials (
    broadcaster_id   TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    started_at       TEXT NOT NULL,
    length           INTEGER NOT NULL,
    cooldown_ends_at TEXT NOT NULL
);
