-- VIPs family: the recent VIP changes of a channel, for Twitch's 10-per-10-seconds limits on Add
-- and Remove Channel VIP (rows older than the window are dropped as new ones are counted).
CREATE TABLE vip_changes (
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    action         TEXT NOT NULL,                        -- 'add', 'remove'
    at             TEXT NOT NULL
);
CREATE INDEX vip_changes_by_broadcaster ON vip_changes (broadcaster_id, at);
