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
