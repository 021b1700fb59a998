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
