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
