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
