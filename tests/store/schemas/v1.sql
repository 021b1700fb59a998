-- twitch-mock's database, latest version. `PRAGMA user_version` records it; store/db.py holds the
-- migration steps that bring an older file up to this shape.
-- Times that Twitch shows are RFC3339 UTC text ('2016-12-14T20:32:28Z'), which sorts correctly;
-- times only the mock reads (token expiry) are REAL epoch seconds.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE categories (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    box_art_url TEXT NOT NULL,
    igdb_id     TEXT NOT NULL DEFAULT ''
);

-- A user and their channel (Twitch keeps one channel per user).
CREATE TABLE users (
    id                   TEXT PRIMARY KEY,
    login                TEXT NOT NULL UNIQUE,           -- always lowercase
    display_name         TEXT NOT NULL,
    type                 TEXT NOT NULL DEFAULT '',       -- '', 'admin', 'global_mod', 'staff'
    broadcaster_type     TEXT NOT NULL DEFAULT '',       -- '', 'affiliate', 'partner'
    description          TEXT NOT NULL DEFAULT '',
    profile_image_url    TEXT NOT NULL DEFAULT '',
    offline_image_url    TEXT NOT NULL DEFAULT '',
    view_count           INTEGER NOT NULL DEFAULT 0,
    email                TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    -- channel information
    game_id              TEXT REFERENCES categories(id),
    title                TEXT NOT NULL DEFAULT '',
    broadcaster_language TEXT NOT NULL DEFAULT 'en',
    delay                INTEGER NOT NULL DEFAULT 0,
    is_branded_content   INTEGER NOT NULL DEFAULT 0,
    chat_color           TEXT NOT NULL DEFAULT '',
    batch                INTEGER NOT NULL DEFAULT 0      -- which `generate` run made it (0 = by hand)
);

CREATE TABLE channel_tags (
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    tag            TEXT NOT NULL,
    PRIMARY KEY (broadcaster_id, tag)
);

CREATE TABLE channel_ccls (
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    label_id       TEXT NOT NULL,
    PRIMARY KEY (broadcaster_id, label_id)
);

CREATE TABLE chat_settings (
    broadcaster_id                    TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    slow_mode                         INTEGER NOT NULL DEFAULT 0,
    slow_mode_wait_time               INTEGER,           -- NULL while slow mode is off
    follower_mode                     INTEGER NOT NULL DEFAULT 0,
    follower_mode_duration            INTEGER,
    subscriber_mode                   INTEGER NOT NULL DEFAULT 0,
    emote_mode                        INTEGER NOT NULL DEFAULT 0,
    unique_chat_mode                  INTEGER NOT NULL DEFAULT 0,
    non_moderator_chat_delay          INTEGER NOT NULL DEFAULT 0,
    non_moderator_chat_delay_duration INTEGER
);

-- The fixed catalogue of stream tags (twitch-cli's `tags` unit kind).
CREATE TABLE tags (
    id       TEXT PRIMARY KEY,
    tag_name TEXT NOT NULL UNIQUE,
    is_auto  INTEGER NOT NULL DEFAULT 0
);

-- user_id follows broadcaster_id.
CREATE TABLE follows (
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    followed_at    TEXT NOT NULL,
    PRIMARY KEY (broadcaster_id, user_id)
);
CREATE INDEX follows_by_user ON follows (user_id, followed_at);

-- user_id has blocked target_user_id (Get User Block List is the blocker's list).
CREATE TABLE blocks (
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    target_user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (user_id, target_user_id)
);

-- Current bans and timeouts; expires_at NULL is a permanent ban.
CREATE TABLE bans (
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    moderator_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reason         TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    expires_at     TEXT,
    PRIMARY KEY (broadcaster_id, user_id)
);

CREATE TABLE moderators (
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (broadcaster_id, user_id)
);
CREATE INDEX moderators_by_user ON moderators (user_id);

CREATE TABLE editors (
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (broadcaster_id, user_id)
);

CREATE TABLE vips (
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (broadcaster_id, user_id)
);

CREATE TABLE subscriptions (
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    tier           TEXT NOT NULL DEFAULT '1000',         -- '1000', '2000', '3000'
    is_gift        INTEGER NOT NULL DEFAULT 0,
    gifter_id      TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (broadcaster_id, user_id)
);
CREATE INDEX subscriptions_by_user ON subscriptions (user_id);

CREATE TABLE teams (
    id                   TEXT PRIMARY KEY,
    team_name            TEXT NOT NULL UNIQUE,
    team_display_name    TEXT NOT NULL,
    info                 TEXT NOT NULL DEFAULT '',
    thumbnail_url        TEXT NOT NULL DEFAULT '',
    background_image_url TEXT,
    banner               TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);

CREATE TABLE team_members (
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_by_user ON team_members (user_id);

-- A row means the user is live. Title, category, language and tags come from the channel.
CREATE TABLE streams (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    type         TEXT NOT NULL DEFAULT 'live',
    viewer_count INTEGER NOT NULL DEFAULT 0,
    started_at   TEXT NOT NULL,
    is_mature    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE videos (
    id           TEXT PRIMARY KEY,
    stream_id    TEXT,                                   -- NULL for uploads and highlights
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    published_at TEXT NOT NULL,
    viewable     TEXT NOT NULL DEFAULT 'public',
    view_count   INTEGER NOT NULL DEFAULT 0,
    language     TEXT NOT NULL DEFAULT 'en',
    type         TEXT NOT NULL DEFAULT 'archive',        -- 'archive', 'highlight', 'upload'
    duration     TEXT NOT NULL                            -- Twitch's '1h2m3s' form
);
CREATE INDEX videos_by_user ON videos (user_id, created_at);

CREATE TABLE video_muted_segments (
    video_id TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
    offset   INTEGER NOT NULL,
    duration INTEGER NOT NULL,
    PRIMARY KEY (video_id, offset)
);

CREATE TABLE clips (
    id             TEXT PRIMARY KEY,
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    creator_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    video_id       TEXT NOT NULL DEFAULT '',
    game_id        TEXT NOT NULL DEFAULT '',
    language       TEXT NOT NULL DEFAULT 'en',
    title          TEXT NOT NULL,
    view_count     INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    duration       REAL NOT NULL,
    vod_offset     INTEGER,
    is_featured    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX clips_by_broadcaster ON clips (broadcaster_id, created_at);

CREATE TABLE stream_markers (
    id               TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    video_id         TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
    created_at       TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    position_seconds INTEGER NOT NULL
);

-- Channel points. client_id is the app that created the reward (only it may manage it).
CREATE TABLE custom_rewards (
    id                                    TEXT PRIMARY KEY,
    broadcaster_id                        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    client_id                             TEXT NOT NULL,
    title                                 TEXT NOT NULL,
    prompt                                TEXT NOT NULL DEFAULT '',
    cost                                  INTEGER NOT NULL,
    background_color                      TEXT NOT NULL DEFAULT '#9147FF',
    is_enabled                            INTEGER NOT NULL DEFAULT 1,
    is_user_input_required                INTEGER NOT NULL DEFAULT 0,
    max_per_stream_enabled                INTEGER NOT NULL DEFAULT 0,
    max_per_stream                        INTEGER NOT NULL DEFAULT 0,
    max_per_user_per_stream_enabled       INTEGER NOT NULL DEFAULT 0,
    max_per_user_per_stream               INTEGER NOT NULL DEFAULT 0,
    global_cooldown_enabled               INTEGER NOT NULL DEFAULT 0,
    global_cooldown_seconds               INTEGER NOT NULL DEFAULT 0,
    is_paused                             INTEGER NOT NULL DEFAULT 0,
    is_in_stock                           INTEGER NOT NULL DEFAULT 1,
    should_redemptions_skip_request_queue INTEGER NOT NULL DEFAULT 0,
    redemptions_redeemed_current_stream   INTEGER,
    cooldown_expires_at                   TEXT,
    created_at                            TEXT NOT NULL
);
CREATE INDEX custom_rewards_by_broadcaster ON custom_rewards (broadcaster_id);

CREATE TABLE redemptions (
    id             TEXT PRIMARY KEY,
    reward_id      TEXT NOT NULL REFERENCES custom_rewards(id) ON DELETE CASCADE,
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_input     TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'UNFULFILLED',  -- 'UNFULFILLED', 'FULFILLED', 'CANCELED'
    redeemed_at    TEXT NOT NULL
);
CREATE INDEX redemptions_by_reward ON redemptions (reward_id, status, redeemed_at);

-- A poll's status is stored as set by Twitch or the broadcaster (ACTIVE, TERMINATED, ARCHIVED, ...);
-- an ACTIVE poll whose started_at + duration has passed is read as COMPLETED.
CREATE TABLE polls (
    id                            TEXT PRIMARY KEY,
    broadcaster_id                TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title                         TEXT NOT NULL,
    bits_voting_enabled           INTEGER NOT NULL DEFAULT 0,
    bits_per_vote                 INTEGER NOT NULL DEFAULT 0,
    channel_points_voting_enabled INTEGER NOT NULL DEFAULT 0,
    channel_points_per_vote       INTEGER NOT NULL DEFAULT 0,
    status                        TEXT NOT NULL,
    duration                      INTEGER NOT NULL,
    started_at                    TEXT NOT NULL,
    ended_at                      TEXT
);
CREATE INDEX polls_by_broadcaster ON polls (broadcaster_id, started_at);

CREATE TABLE poll_choices (
    id                   TEXT PRIMARY KEY,
    poll_id              TEXT NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    position             INTEGER NOT NULL,
    title                TEXT NOT NULL,
    votes                INTEGER NOT NULL DEFAULT 0,
    channel_points_votes INTEGER NOT NULL DEFAULT 0,
    bits_votes           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX poll_choices_by_poll ON poll_choices (poll_id, position);

CREATE TABLE predictions (
    id                 TEXT PRIMARY KEY,
    broadcaster_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title              TEXT NOT NULL,
    winning_outcome_id TEXT,
    prediction_window  INTEGER NOT NULL,
    status             TEXT NOT NULL,                    -- ACTIVE, LOCKED, RESOLVED, CANCELED
    created_at         TEXT NOT NULL,
    ended_at           TEXT,
    locked_at          TEXT
);
CREATE INDEX predictions_by_broadcaster ON predictions (broadcaster_id, created_at);

CREATE TABLE prediction_outcomes (
    id            TEXT PRIMARY KEY,
    prediction_id TEXT NOT NULL REFERENCES predictions(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    title         TEXT NOT NULL,
    color         TEXT NOT NULL                          -- BLUE, PINK
);

-- One bet per user per prediction; outcome totals are computed from these.
CREATE TABLE prediction_bets (
    prediction_id  TEXT NOT NULL REFERENCES predictions(id) ON DELETE CASCADE,
    outcome_id     TEXT NOT NULL REFERENCES prediction_outcomes(id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    channel_points INTEGER NOT NULL,
    PRIMARY KEY (prediction_id, user_id)
);
CREATE INDEX prediction_bets_by_outcome ON prediction_bets (outcome_id);

CREATE TABLE schedule_segments (
    id             TEXT PRIMARY KEY,
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    start_time     TEXT NOT NULL,
    end_time       TEXT NOT NULL,
    title          TEXT NOT NULL DEFAULT '',
    category_id    TEXT REFERENCES categories(id),
    is_recurring   INTEGER NOT NULL DEFAULT 0,
    canceled_until TEXT
);
CREATE INDEX schedule_segments_by_broadcaster ON schedule_segments (broadcaster_id, start_time);

CREATE TABLE schedule_settings (
    broadcaster_id      TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    timezone            TEXT NOT NULL DEFAULT 'UTC',
    vacation_start_time TEXT,
    vacation_end_time   TEXT
);

CREATE TABLE drops_entitlements (
    id                 TEXT PRIMARY KEY,
    benefit_id         TEXT NOT NULL,
    user_id            TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    game_id            TEXT NOT NULL,
    timestamp          TEXT NOT NULL,
    fulfillment_status TEXT NOT NULL DEFAULT 'CLAIMED',   -- CLAIMED, FULFILLED
    last_updated       TEXT NOT NULL
);

-- Registered applications. Public clients have no secret.
CREATE TABLE clients (
    id           TEXT PRIMARY KEY,
    secret       TEXT,
    name         TEXT NOT NULL,
    is_public    INTEGER NOT NULL DEFAULT 0,
    is_extension INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL
);

CREATE TABLE client_redirect_uris (
    client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    uri       TEXT NOT NULL,
    PRIMARY KEY (client_id, uri)
);

-- Access tokens. user_id is NULL for app tokens; scopes are space-separated.
CREATE TABLE tokens (
    token      TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    user_id    TEXT REFERENCES users(id) ON DELETE CASCADE,
    scopes     TEXT NOT NULL DEFAULT '',
    issued_at  REAL NOT NULL,
    expires_at REAL NOT NULL,
    grant_id   TEXT                                      -- the grant (refresh token family) it came from
);
CREATE INDEX tokens_by_grant ON tokens (grant_id);

-- Refresh tokens. used_at is set when a public client's single-use token is exchanged.
CREATE TABLE refresh_tokens (
    token        TEXT PRIMARY KEY,
    client_id    TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    scopes       TEXT NOT NULL DEFAULT '',
    grant_id     TEXT NOT NULL,
    issued_at    REAL NOT NULL,
    last_used_at REAL,
    used_at      REAL
);
CREATE INDEX refresh_tokens_by_grant ON refresh_tokens (grant_id);

-- Authorization codes from GET /oauth2/authorize (response_type code). Single use, short-lived,
-- bound to the client, the redirect URI, the scopes, the nonce and the requested OIDC claims.
CREATE TABLE auth_codes (
    code         TEXT PRIMARY KEY,
    client_id    TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    redirect_uri TEXT NOT NULL,
    scopes       TEXT NOT NULL DEFAULT '',
    nonce        TEXT,
    claims       TEXT,                                   -- the `claims` JSON as the client sent it
    issued_at    REAL NOT NULL,
    expires_at   REAL NOT NULL,
    used_at      REAL
);

-- Device authorization (POST /oauth2/device). status: pending -> approved | denied -> used.
CREATE TABLE device_codes (
    device_code TEXT PRIMARY KEY,
    user_code   TEXT NOT NULL UNIQUE,
    client_id   TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    scopes      TEXT NOT NULL DEFAULT '',
    issued_at   REAL NOT NULL,
    expires_at  REAL NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending',
    user_id     TEXT REFERENCES users(id) ON DELETE CASCADE
);

-- OIDC claims a grant asked for (the authorize `claims` parameter), read by /oauth2/userinfo.
CREATE TABLE grant_claims (
    grant_id TEXT PRIMARY KEY,
    claims   TEXT NOT NULL
);
