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
