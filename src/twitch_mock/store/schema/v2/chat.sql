-- Chat family (domain/chat.py, domain/emotes.py): announcements, shoutouts, who is in a channel's
-- chat, who may pick a hex chat colour, and each channel's badges and emotes.
-- `sent_at` columns are epoch seconds (REAL) for the rate limits; Twitch never shows them.

-- Users with Turbo or Prime (kind 'turbo' | 'prime'): they may choose any hex chat colour.
CREATE TABLE chat_premium (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    kind    TEXT NOT NULL DEFAULT 'turbo'
);

-- Viewers connected to a channel's chat. Shown only while the channel is live; the broadcaster
-- and the channel's moderators are in chat whenever it is live without a row here.
CREATE TABLE chatters (
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at     TEXT NOT NULL,                        -- when they joined
    PRIMARY KEY (broadcaster_id, user_id)
);

CREATE TABLE chat_announcements (
    id             TEXT PRIMARY KEY,                     -- the chat message id
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    moderator_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message        TEXT NOT NULL,
    color          TEXT NOT NULL,                        -- blue, green, orange, purple, primary
    created_at     TEXT NOT NULL,
    sent_at        REAL NOT NULL
);
CREATE INDEX chat_announcements_by_channel ON chat_announcements (broadcaster_id, moderator_id, sent_at);

CREATE TABLE shoutouts (
    id                  TEXT PRIMARY KEY,
    from_broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    to_broadcaster_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    moderator_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    viewer_count        INTEGER NOT NULL,
    started_at          TEXT NOT NULL,
    sent_at             REAL NOT NULL
);
CREATE INDEX shoutouts_by_sender ON shoutouts (from_broadcaster_id, sent_at);

-- A channel's custom badges: one row per version of a set (subscriber, bits).
CREATE TABLE chat_badges (
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    set_id         TEXT NOT NULL,
    id             TEXT NOT NULL,
    image_id       TEXT NOT NULL,                        -- the GUID in the badge's CDN URLs
    title          TEXT NOT NULL,
    description    TEXT NOT NULL,
    click_action   TEXT,
    click_url      TEXT,
    PRIMARY KEY (broadcaster_id, set_id, id)
);

-- A channel's custom emotes. emote_type: subscriptions (tier 1000/2000/3000), follower, bitstier.
CREATE TABLE channel_emotes (
    id             TEXT PRIMARY KEY,
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    emote_type     TEXT NOT NULL,
    tier           TEXT NOT NULL DEFAULT '',             -- '' unless emote_type is subscriptions
    emote_set_id   TEXT NOT NULL,
    animated       INTEGER NOT NULL DEFAULT 0,
    position       INTEGER NOT NULL
);
CREATE INDEX channel_emotes_by_channel ON channel_emotes (broadcaster_id, position);
CREATE INDEX channel_emotes_by_set ON channel_emotes (emote_set_id, position);
