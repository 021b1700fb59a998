-- Raids family: raids requested with Start a raid. A raid is pending for 90 s after created_at
-- (computed when read, on the mock's clock) unless canceled_at is set.
CREATE TABLE raids (
    id                  TEXT PRIMARY KEY,
    from_broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    to_broadcaster_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at          TEXT NOT NULL,
    viewers             INTEGER NOT NULL DEFAULT 0,
    canceled_at         TEXT
);
CREATE INDEX raids_by_from ON raids (from_broadcaster_id, created_at);
