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
