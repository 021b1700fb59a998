-- Chat messages and moderation beyond twitch-cli (domain/chat_send.py, chat_messages.py,
-- blocked_terms.py, automod_settings.py, warnings.py, suspicious_users.py, unban_requests.py,
-- pinned_messages.py).

-- A reply names the message it answers and the first message of its thread.
ALTER TABLE chat_messages ADD COLUMN reply_parent_message_id TEXT;
ALTER TABLE chat_messages ADD COLUMN thread_message_id TEXT;
-- Slow mode, duplicates and unique chat look at a sender's latest messages in a channel.
CREATE INDEX chat_messages_by_sender ON chat_messages (broadcaster_id, user_id, sent_at);
CREATE INDEX chat_messages_by_time ON chat_messages (broadcaster_id, sent_at);

-- A channel's blocked terms; `version` changes with every add or remove (the compiled matcher
-- Send Chat Message caches per channel is keyed by it).
CREATE TABLE blocked_terms (
    id             TEXT PRIMARY KEY,
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    moderator_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    text           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    expires_at     TEXT
);
CREATE INDEX blocked_terms_by_channel ON blocked_terms (broadcaster_id, created_at, id);
CREATE UNIQUE INDEX blocked_terms_by_text ON blocked_terms (broadcaster_id, text COLLATE NOCASE);
CREATE TABLE blocked_term_versions (
    broadcaster_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    version        INTEGER NOT NULL
);

-- A channel's AutoMod settings; no row: AutoMod is off (every level 0, overall_level null).
CREATE TABLE automod_settings (
    broadcaster_id             TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    overall_level              INTEGER,
    disability                 INTEGER NOT NULL DEFAULT 0,
    aggression                 INTEGER NOT NULL DEFAULT 0,
    sexuality_sex_or_gender    INTEGER NOT NULL DEFAULT 0,
    misogyny                   INTEGER NOT NULL DEFAULT 0,
    bullying                   INTEGER NOT NULL DEFAULT 0,
    swearing                   INTEGER NOT NULL DEFAULT 0,
    race_ethnicity_or_religion INTEGER NOT NULL DEFAULT 0,
    sex_based_terms            INTEGER NOT NULL DEFAULT 0
);

-- Warnings; a warned user can't chat in the channel until they acknowledge it.
CREATE TABLE chat_warnings (
    id              TEXT PRIMARY KEY,
    broadcaster_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    moderator_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reason          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    acknowledged_at TEXT
);
CREATE INDEX chat_warnings_by_user ON chat_warnings (broadcaster_id, user_id, acknowledged_at);

-- Users a channel's moderators marked suspicious (status ACTIVE_MONITORING or RESTRICTED).
CREATE TABLE suspicious_users (
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    moderator_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status         TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (broadcaster_id, user_id)
);

-- Unban requests banned users filed; status pending, approved, denied, acknowledged or canceled.
CREATE TABLE unban_requests (
    id              TEXT PRIMARY KEY,
    broadcaster_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    text            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    created_at      TEXT NOT NULL,
    moderator_id    TEXT REFERENCES users(id) ON DELETE SET NULL,
    resolved_at     TEXT,
    resolution_text TEXT
);
CREATE INDEX unban_requests_by_channel ON unban_requests (broadcaster_id, status, created_at, id);

-- The one pinned message of a channel; ends_at null: until the stream ends.
CREATE TABLE pinned_chat_messages (
    broadcaster_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    message_id     TEXT NOT NULL,
    pinned_by      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    starts_at      TEXT NOT NULL,
    ends_at        TEXT,
    updated_at     TEXT NOT NULL
);

-- Shared chat: a host channel and the channels sharing its chat; a channel is in one session at most.
CREATE TABLE shared_chat_sessions (
    session_id          TEXT PRIMARY KEY,
    host_broadcaster_id TEXT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE TABLE shared_chat_participants (
    broadcaster_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    session_id     TEXT NOT NULL REFERENCES shared_chat_sessions(session_id) ON DELETE CASCADE,
    position       INTEGER NOT NULL
);
CREATE INDEX shared_chat_participants_by_session ON shared_chat_participants (session_id, position);
