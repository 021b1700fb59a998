-- Bits family: every cheer (who cheered how many Bits in which channel, when). The Bits
-- leaderboard sums them per period; anonymous cheers count for nobody.
CREATE TABLE cheers (
    id             TEXT PRIMARY KEY,
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    bits           INTEGER NOT NULL,
    message        TEXT NOT NULL DEFAULT '',
    is_anonymous   INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL
);
CREATE INDEX cheers_by_broadcaster ON cheers (broadcaster_id, created_at);
