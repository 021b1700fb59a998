-- Moments the mock's clock will pass at which something is announced that no read settles (a Hype
-- Train that expires publishes channel.hype_train.end): domain/timers.py. One row per (kind, key);
-- a row is deleted when it fires or when what it waits for ends another way.
CREATE TABLE timers (
    kind   TEXT NOT NULL,   -- hype_train.end
    key    TEXT NOT NULL,   -- the id of what it concerns (a train id)
    due_at TEXT NOT NULL,   -- RFC3339 UTC
    PRIMARY KEY (kind, key)
);
CREATE INDEX timers_by_due ON timers (due_at);

-- Which users have authorized which clients through the OAuth service (consent, device activation,
-- twitch-cli's user_token shortcut): a new row is a user.authorization.grant, a deleted one (the
-- user disconnects the app) a user.authorization.revoke. domain/authorizations.py.
CREATE TABLE authorizations (
    client_id     TEXT NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    authorized_at TEXT NOT NULL,
    PRIMARY KEY (client_id, user_id)
);
