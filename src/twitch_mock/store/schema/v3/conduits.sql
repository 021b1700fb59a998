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
