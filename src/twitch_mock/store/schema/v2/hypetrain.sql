-- Hype Train family: a channel's hype trains, current (expires_at ahead of the mock's clock) and
-- past, with their contributions and, for shared trains, the other participating channels.
CREATE TABLE hype_trains (
    id              TEXT PRIMARY KEY,
    broadcaster_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    level           INTEGER NOT NULL DEFAULT 1,
    total           INTEGER NOT NULL DEFAULT 0,
    progress        INTEGER NOT NULL DEFAULT 0,       -- points toward the next level
    goal            INTEGER NOT NULL,                 -- points the next level needs
    type            TEXT NOT NULL DEFAULT 'regular',  -- regular, golden_kappa, treasure
    is_shared_train INTEGER NOT NULL DEFAULT 0,
    started_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL
);
CREATE INDEX hype_trains_by_broadcaster ON hype_trains (broadcaster_id, expires_at);

CREATE TABLE hype_train_contributions (
    train_id TEXT NOT NULL REFERENCES hype_trains(id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    type     TEXT NOT NULL,                           -- bits, subscription, other
    total    INTEGER NOT NULL,
    PRIMARY KEY (train_id, user_id, type)
);

CREATE TABLE hype_train_participants (
    train_id       TEXT NOT NULL REFERENCES hype_trains(id) ON DELETE CASCADE,
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (train_id, broadcaster_id)
);
