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

-- Charity family: a broadcaster's running charity campaign and the donations made to it.
-- Amounts are in the currency's minor units (cents for USD).
CREATE TABLE charity_campaigns (
    id                  TEXT PRIMARY KEY,
    broadcaster_id      TEXT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    charity_name        TEXT NOT NULL,
    charity_description TEXT NOT NULL DEFAULT '',
    charity_logo        TEXT NOT NULL DEFAULT '',
    charity_website     TEXT NOT NULL DEFAULT '',
    currency            TEXT NOT NULL DEFAULT 'USD',
    decimal_places      INTEGER NOT NULL DEFAULT 2,
    target_amount       INTEGER,                      -- NULL: no fundraising goal
    started_at          TEXT NOT NULL
);

CREATE TABLE charity_donations (
    id          TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES charity_campaigns(id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    amount      INTEGER NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX charity_donations_by_campaign ON charity_donations (campaign_id, created_at, id);

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

-- Entitlements family: Get Drops Entitlements lists a user's entitlements newest first.
CREATE INDEX drops_entitlements_by_user ON drops_entitlements (user_id, timestamp);

-- Goals family: a broadcaster's active creator goals. Their current amounts are computed when
-- read, from follows, subscriptions and cheers (domain/goals.py).
CREATE TABLE goals (
    id             TEXT PRIMARY KEY,
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    type           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    target_amount  INTEGER NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX goals_by_broadcaster ON goals (broadcaster_id, created_at);

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

-- Schedule family: a segment recurs weekly at the same wall-clock time in its own time zone.
ALTER TABLE schedule_segments ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';

-- Streams family (Get Stream Key, Get Streams, Get Videos, Get Clips).

-- A channel's stream key: made once (by `generate`, or on the first Get Stream Key) and stable.
CREATE TABLE stream_keys (
    broadcaster_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    stream_key     TEXT NOT NULL
);

-- Get Streams' order (viewer_count descending, then id), so a page is an index range.
CREATE INDEX streams_by_viewers ON streams (viewer_count DESC, id);
-- Each stream item lists its channel's tags in order: read them from an index, without a sort.
CREATE INDEX channel_tags_in_order ON channel_tags (broadcaster_id, position, tag);

-- Stream markers are listed per video in creation order.
CREATE INDEX stream_markers_by_video ON stream_markers (video_id, created_at, id);

-- Videos show the category they were made in (Get Videos' game_id filter).
ALTER TABLE videos ADD COLUMN game_id TEXT NOT NULL DEFAULT '';

-- Get Videos by user or by game, newest first (sort=time), and the live stream's archive.
CREATE INDEX videos_by_user_time ON videos (user_id, created_at DESC, id DESC);
CREATE INDEX videos_by_game_time ON videos (game_id, created_at DESC, id DESC);
CREATE INDEX videos_by_stream ON videos (stream_id);

-- Get Clips by broadcaster or game, most viewed first.
CREATE INDEX clips_by_broadcaster_views ON clips (broadcaster_id, view_count DESC, id);
CREATE INDEX clips_by_game_views ON clips (game_id, view_count DESC, id);

-- VIPs family: the recent VIP changes of a channel, for Twitch's 10-per-10-seconds limits on Add
-- and Remove Channel VIP (rows older than the window are dropped as new ones are counted).
CREATE TABLE vip_changes (
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    action         TEXT NOT NULL,                        -- 'add', 'remove'
    at             TEXT NOT NULL
);
CREATE INDEX vip_changes_by_broadcaster ON vip_changes (broadcaster_id, at);

-- Polls, predictions and channel points (domain/polls.py, domain/predictions.py,
-- domain/channel_points.py).

-- Get Polls pages a channel's polls newest first; the partial index finds the one running poll.
CREATE INDEX polls_by_broadcaster_page ON polls (broadcaster_id, started_at, id);
CREATE INDEX polls_active ON polls (broadcaster_id) WHERE status = 'ACTIVE';

CREATE INDEX predictions_by_broadcaster_page ON predictions (broadcaster_id, created_at, id);
CREATE INDEX predictions_running ON predictions (broadcaster_id) WHERE status IN ('ACTIVE', 'LOCKED');
CREATE INDEX prediction_outcomes_by_prediction ON prediction_outcomes (prediction_id, position);

-- The points a bet paid back once its prediction ended: the winnings of a bet on the winning
-- outcome, 0 for a losing one, the bet itself when the prediction was canceled (a refund).
-- NULL while the prediction is open.
ALTER TABLE prediction_bets ADD COLUMN payout INTEGER;

CREATE INDEX redemptions_by_reward_time ON redemptions (reward_id, redeemed_at, id);

-- Whispers family: every whisper sent (Send Whisper), so chat and EventSub can see them.
CREATE TABLE whispers (
    id           TEXT PRIMARY KEY,
    from_user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    to_user_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    text         TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX whispers_by_pair ON whispers (from_user_id, to_user_id, created_at);
CREATE INDEX whispers_by_recipient ON whispers (to_user_id, created_at);

-- The games whose analytics a user may read (Get Game Analytics: the user's organization owns
-- the game). Extension analytics need no table: a user reads those of the extensions they wrote.
CREATE TABLE game_analytics_owners (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    game_id TEXT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, game_id)
);

-- Each channel's tags, in order, as one JSON array on its users row: a page of streams, channels or
-- search results reads them with the row instead of a subquery per row (a third of Get Streams'
-- time). channel_tags stays the table that is written; these triggers keep the copy equal to it.
ALTER TABLE users ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';

UPDATE users SET tags = (
    SELECT json_group_array(tag) FROM (
        SELECT tag FROM channel_tags WHERE broadcaster_id = users.id ORDER BY position
    )
) WHERE id IN (SELECT broadcaster_id FROM channel_tags);

CREATE TRIGGER channel_tags_added AFTER INSERT ON channel_tags BEGIN
    UPDATE users SET tags = (
        SELECT json_group_array(tag) FROM (
            SELECT tag FROM channel_tags WHERE broadcaster_id = NEW.broadcaster_id ORDER BY position
        )
    ) WHERE id = NEW.broadcaster_id;
END;

CREATE TRIGGER channel_tags_removed AFTER DELETE ON channel_tags BEGIN
    UPDATE users SET tags = (
        SELECT json_group_array(tag) FROM (
            SELECT tag FROM channel_tags WHERE broadcaster_id = OLD.broadcaster_id ORDER BY position
        )
    ) WHERE id = OLD.broadcaster_id;
END;

CREATE TRIGGER channel_tags_changed AFTER UPDATE ON channel_tags BEGIN
    UPDATE users SET tags = (
        SELECT json_group_array(tag) FROM (
            SELECT tag FROM channel_tags WHERE broadcaster_id = OLD.broadcaster_id ORDER BY position
        )
    ) WHERE id = OLD.broadcaster_id;
    UPDATE users SET tags = (
        SELECT json_group_array(tag) FROM (
            SELECT tag FROM channel_tags WHERE broadcaster_id = NEW.broadcaster_id ORDER BY position
        )
    ) WHERE id = NEW.broadcaster_id AND NEW.broadcaster_id IS NOT OLD.broadcaster_id;
END;

-- EventSub conduits (dev.twitch.tv/docs/eventsub/handling-conduit-events): one client's pool of
-- shards that its conduit subscriptions are delivered through. Owned by domain/conduits.py.
CREATE TABLE conduits (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    shard_count INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX conduits_by_client ON conduits (client_id, created_at, id);

-- A shard row exists for every shard id 0..shard_count-1. `method` is NULL until Update Conduit
-- Shards assigns a transport; webhook shards keep their secret (never shown), websocket shards
-- their session and its connection times (RFC3339).
CREATE TABLE conduit_shards (
    conduit_id TEXT NOT NULL REFERENCES conduits (id) ON DELETE CASCADE,
    shard_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    method TEXT,
    callback TEXT,
    secret TEXT,
    session_id TEXT,
    connected_at TEXT,
    disconnected_at TEXT,
    PRIMARY KEY (conduit_id, shard_id)
);
CREATE INDEX conduit_shards_by_session ON conduit_shards (session_id) WHERE session_id IS NOT NULL;

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

-- EventSub subscriptions (eventsub/, domain/eventsub.py). `n` orders them oldest first and is the
-- page key; `match_key` is the condition's main user (or `from:`/`to:` for raids), the value
-- dispatch looks subscriptions up by; `user_id` is the user whose grant authorizes it.
CREATE TABLE eventsub_subscriptions (
    n               INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    client_id       TEXT NOT NULL,
    user_id         TEXT,
    status          TEXT NOT NULL,
    type            TEXT NOT NULL,
    version         TEXT NOT NULL,
    condition       TEXT NOT NULL,
    match_key       TEXT NOT NULL,
    method          TEXT NOT NULL,
    session_id      TEXT,
    callback        TEXT,
    secret          TEXT,
    conduit_id      TEXT,
    connected_at    TEXT,
    disconnected_at TEXT,
    created_at      TEXT NOT NULL,
    cost            INTEGER NOT NULL
);
CREATE INDEX eventsub_subscriptions_by_match ON eventsub_subscriptions (type, match_key, status);
CREATE INDEX eventsub_subscriptions_by_client ON eventsub_subscriptions (client_id, n);
CREATE INDEX eventsub_subscriptions_by_session ON eventsub_subscriptions (session_id);
CREATE INDEX eventsub_subscriptions_by_user ON eventsub_subscriptions (client_id, user_id);

-- Extensions (dev.twitch.tv/docs/api/reference/#get-extensions): an extension's id is its client's
-- id; each version is a row, the one in state Released is what Get Released Extensions shows.
CREATE TABLE extensions (
    id                          TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    version                     TEXT NOT NULL,
    author_id                   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name                        TEXT NOT NULL,
    state                       TEXT NOT NULL,
    description                 TEXT NOT NULL,
    summary                     TEXT NOT NULL,
    viewer_summary              TEXT NOT NULL,
    support_email               TEXT NOT NULL,
    bits_enabled                INTEGER NOT NULL,
    has_chat_support            INTEGER NOT NULL,
    can_install                 INTEGER NOT NULL,
    request_identity_link       INTEGER NOT NULL,
    configuration_location      TEXT NOT NULL,
    subscriptions_support_level TEXT NOT NULL,
    panel_height                INTEGER NOT NULL,
    types                       TEXT NOT NULL, -- JSON array: panel, overlay, component, mobile
    created_at                  TEXT NOT NULL,
    PRIMARY KEY (id, version)
);

-- Shared secrets (base64), used to sign extension JWTs; a secret verifies from active_at to expires_at.
CREATE TABLE extension_secrets (
    extension_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    content      TEXT NOT NULL,
    active_at    TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    PRIMARY KEY (extension_id, content)
);

-- Configuration segments; broadcaster_id is '' for the global segment.
CREATE TABLE extension_configurations (
    extension_id   TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    segment        TEXT NOT NULL,
    broadcaster_id TEXT NOT NULL,
    content        TEXT NOT NULL,
    version        TEXT NOT NULL,
    PRIMARY KEY (extension_id, segment, broadcaster_id)
);

CREATE TABLE extension_required_configurations (
    extension_id           TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    extension_version      TEXT NOT NULL,
    broadcaster_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    required_configuration TEXT NOT NULL,
    PRIMARY KEY (extension_id, extension_version, broadcaster_id)
);

-- What Send Extension PubSub Message and Send Extension Chat Message were asked to deliver.
CREATE TABLE extension_pubsub_messages (
    id                  TEXT PRIMARY KEY,
    extension_id        TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    broadcaster_id      TEXT NOT NULL, -- '' for a global broadcast
    is_global_broadcast INTEGER NOT NULL,
    targets             TEXT NOT NULL, -- JSON array
    message             TEXT NOT NULL,
    sent_at             TEXT NOT NULL
);
CREATE INDEX extension_pubsub_messages_recent ON extension_pubsub_messages (extension_id, broadcaster_id, sent_at);

CREATE TABLE extension_chat_messages (
    id                TEXT PRIMARY KEY,
    extension_id      TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    extension_version TEXT NOT NULL,
    broadcaster_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    text              TEXT NOT NULL,
    sent_at           TEXT NOT NULL
);
CREATE INDEX extension_chat_messages_recent ON extension_chat_messages (broadcaster_id, sent_at);

CREATE TABLE extension_bits_products (
    extension_id   TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    sku            TEXT NOT NULL,
    amount         INTEGER NOT NULL,
    display_name   TEXT NOT NULL,
    in_development INTEGER NOT NULL,
    expiration     TEXT NOT NULL, -- '' when the product does not expire
    is_broadcast   INTEGER NOT NULL,
    PRIMARY KEY (extension_id, sku)
);

-- Bits products bought (Get Extension Transactions); the product as it was when bought.
CREATE TABLE extension_transactions (
    id             TEXT PRIMARY KEY,
    extension_id   TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    sku            TEXT NOT NULL,
    amount         INTEGER NOT NULL,
    display_name   TEXT NOT NULL,
    in_development INTEGER NOT NULL,
    expiration     TEXT NOT NULL,
    broadcast      INTEGER NOT NULL,
    timestamp      TEXT NOT NULL
);
CREATE INDEX extension_transactions_by_extension ON extension_transactions (extension_id, timestamp, id);

-- Extensions a user installed, and the slots they activated them in (panel 1-3, overlay 1,
-- component 1-2).
CREATE TABLE user_extensions (
    user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    extension_id      TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    extension_version TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (user_id, extension_id)
);

CREATE TABLE user_extension_slots (
    user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    slot_type         TEXT NOT NULL, -- panel, overlay, component
    slot              TEXT NOT NULL, -- "1".."3"
    extension_id      TEXT NOT NULL,
    extension_version TEXT NOT NULL,
    x                 INTEGER,
    y                 INTEGER,
    PRIMARY KEY (user_id, slot_type, slot)
);
CREATE INDEX user_extension_slots_by_extension ON user_extension_slots (extension_id, user_id);

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

-- Ads (domain/ads.py): what a channel's ad schedule remembers between requests; the rest (the next
-- automatic break rolling forward, snoozes refilling) is computed from the mock's clock when read.
-- Times are epoch seconds, as Get Ad Schedule sends them; 0 means none.
CREATE TABLE ad_schedules (
    broadcaster_id     TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    stream_id          TEXT NOT NULL,              -- the stream next_ad_at/last_ad_at belong to
    next_ad_at         INTEGER NOT NULL,
    last_ad_at         INTEGER NOT NULL,
    snooze_count       INTEGER NOT NULL,           -- snoozes left at snooze_base
    snooze_base        INTEGER NOT NULL,           -- refills count from here, one per hour
    preroll_free_until INTEGER NOT NULL
);

-- Guest Star (domain/guest_star.py): a channel's settings (a row once read or changed), its
-- sessions (at most one without ended_at), the invites of a session and its slots (one guest
-- each, the host in slot "0").
CREATE TABLE guest_star_settings (
    broadcaster_id                  TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    is_moderator_send_live_enabled  INTEGER NOT NULL,
    slot_count                      INTEGER NOT NULL,
    is_browser_source_audio_enabled INTEGER NOT NULL,
    group_layout                    TEXT NOT NULL,
    browser_source_token            TEXT NOT NULL
);
CREATE TABLE guest_star_sessions (
    id             TEXT PRIMARY KEY,
    broadcaster_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    started_at     TEXT NOT NULL,
    ended_at       TEXT
);
CREATE UNIQUE INDEX guest_star_sessions_active ON guest_star_sessions (broadcaster_id) WHERE ended_at IS NULL;
CREATE TABLE guest_star_invites (
    session_id         TEXT NOT NULL REFERENCES guest_star_sessions(id) ON DELETE CASCADE,
    user_id            TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    invited_at         TEXT NOT NULL,
    status             TEXT NOT NULL,             -- INVITED, ACCEPTED or READY
    is_video_enabled   INTEGER NOT NULL,
    is_audio_enabled   INTEGER NOT NULL,
    is_video_available INTEGER NOT NULL,
    is_audio_available INTEGER NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE TABLE guest_star_slots (
    session_id        TEXT NOT NULL REFERENCES guest_star_sessions(id) ON DELETE CASCADE,
    slot_id           TEXT NOT NULL,
    user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    assigned_at       TEXT NOT NULL,
    is_live           INTEGER NOT NULL,
    volume            INTEGER NOT NULL,
    audio_host        INTEGER NOT NULL,          -- the host lets the guest be heard
    audio_guest       INTEGER NOT NULL,          -- the guest shares their audio
    audio_available   INTEGER NOT NULL,
    video_host        INTEGER NOT NULL,
    video_guest       INTEGER NOT NULL,
    video_available   INTEGER NOT NULL,
    PRIMARY KEY (session_id, slot_id),
    UNIQUE (session_id, user_id)
);

-- Custom Power-ups (domain/power_ups.py): what a channel sells for Bits besides cheers.
CREATE TABLE custom_power_ups (
    id                               TEXT PRIMARY KEY,
    broadcaster_id                   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title                            TEXT NOT NULL,
    prompt                           TEXT NOT NULL,
    bits                             INTEGER NOT NULL,
    background_color                 TEXT NOT NULL,
    is_enabled                       INTEGER NOT NULL,
    is_user_input_required           INTEGER NOT NULL,
    max_per_stream_enabled           INTEGER NOT NULL,
    max_per_stream                   INTEGER NOT NULL,
    max_per_user_per_stream_enabled  INTEGER NOT NULL,
    max_per_user_per_stream          INTEGER NOT NULL,
    global_cooldown_enabled          INTEGER NOT NULL,
    global_cooldown_seconds          INTEGER NOT NULL,
    is_paused                        INTEGER NOT NULL,
    created_at                       TEXT NOT NULL
);
CREATE INDEX custom_power_ups_by_channel ON custom_power_ups (broadcaster_id, created_at, id);

-- Indexes whose columns start another index's columns on the same table: the longer one serves
-- every lookup the shorter one did, and each row written cost a page more for it.
DROP INDEX IF EXISTS videos_by_user;
DROP INDEX IF EXISTS polls_by_broadcaster;
DROP INDEX IF EXISTS predictions_by_broadcaster;

-- Send Chat Message's write cost (perf-write): chat_messages_by_channel (broadcaster_id, deleted,
-- user_id) cost a page write per message for lookups the other two indexes answer: a user's
-- messages in a channel (a ban clearing them) by chat_messages_by_sender, a channel's messages
-- (Delete Chat Messages without an id) by chat_messages_by_time.
DROP INDEX IF EXISTS chat_messages_by_channel;

-- Get Streams' items, stored (stream-cards): each live stream's JSON object, in Twitch's field
-- order, on its streams row. Built from the stream, its channel (users) and its category, it cost
-- ~85 % of a Get Streams request's database time built per request: a page of 100 is now a read of
-- one index. stream_cards is the one definition of an item; these triggers keep every stored copy
-- equal to it when a column it reads changes (Modify Channel Information, channel tags, a stream).
ALTER TABLE streams ADD COLUMN card TEXT;

CREATE VIEW stream_cards AS
SELECT s.id AS stream_id, json_object(
    'id', s.id,
    'user_id', u.id,
    'user_login', u.login,
    'user_name', u.display_name,
    'game_id', COALESCE(u.game_id, ''),
    'game_name', COALESCE(c.name, ''),
    'type', s.type,
    'title', u.title,
    'viewer_count', s.viewer_count,
    'started_at', s.started_at,
    'language', u.broadcaster_language,
    'thumbnail_url', 'https://static-cdn.jtvnw.net/previews-ttv/live_user_' || u.login || '-{width}x{height}.jpg',
    'tag_ids', json('[]'),
    'tags', json(u.tags),
    'is_mature', json('false')
) AS card
FROM streams s JOIN users u ON u.id = s.user_id LEFT JOIN categories c ON c.id = u.game_id;

UPDATE streams SET card = (SELECT card FROM stream_cards WHERE stream_id = streams.id);

-- Get Streams' order, with the card: a page is read from the index alone
DROP INDEX streams_by_viewers;
CREATE INDEX streams_by_viewers ON streams (viewer_count DESC, id, card);

CREATE TRIGGER stream_card_new AFTER INSERT ON streams BEGIN
    UPDATE streams SET card = (SELECT card FROM stream_cards WHERE stream_id = NEW.id) WHERE id = NEW.id;
END;

CREATE TRIGGER stream_card_stream AFTER UPDATE OF id, user_id, type, viewer_count, started_at ON streams BEGIN
    UPDATE streams SET card = (SELECT card FROM stream_cards WHERE stream_id = NEW.id) WHERE id = NEW.id;
END;

CREATE TRIGGER stream_card_channel
AFTER UPDATE OF login, display_name, game_id, title, broadcaster_language, tags ON users BEGIN
    UPDATE streams SET card = (SELECT card FROM stream_cards WHERE stream_id = streams.id)
    WHERE user_id = NEW.id;
END;

CREATE TRIGGER stream_card_category AFTER UPDATE OF name ON categories BEGIN
    UPDATE streams SET card = (SELECT card FROM stream_cards WHERE stream_id = streams.id)
    WHERE (SELECT game_id FROM users WHERE id = streams.user_id) = NEW.id;
END;
