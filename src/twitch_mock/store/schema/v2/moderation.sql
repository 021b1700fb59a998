-- Moderation family (domain/bans.py, moderators.py, chat_messages.py, shield_mode.py, automod.py).

-- Get Banned Users pages in user id order within a channel: the bans primary key
-- (broadcaster_id, user_id) serves it. Get Moderators lists the newest first.
CREATE INDEX moderators_by_time ON moderators (broadcaster_id, created_at, user_id);

-- Chat messages (chat fills the table; moderation deletes them). Deleted messages stay, marked.
CREATE TABLE chat_messages (
    id             TEXT PRIMARY KEY,
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    text           TEXT NOT NULL,
    sent_at        TEXT NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX chat_messages_by_channel ON chat_messages (broadcaster_id, deleted, user_id);

-- A channel's Shield Mode; no row: never activated.
CREATE TABLE shield_mode (
    broadcaster_id    TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    is_active         INTEGER NOT NULL DEFAULT 0,
    moderator_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    last_activated_at TEXT NOT NULL
);

-- Chat messages AutoMod holds for review; status PENDING until a moderator allows or denies one.
CREATE TABLE automod_held_messages (
    id             TEXT PRIMARY KEY,
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    text           TEXT NOT NULL,
    category       TEXT NOT NULL,
    level          INTEGER NOT NULL,
    held_at        TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'PENDING',
    moderator_id   TEXT REFERENCES users(id) ON DELETE SET NULL,
    resolved_at    TEXT
);
CREATE INDEX automod_held_by_channel ON automod_held_messages (broadcaster_id, status);
