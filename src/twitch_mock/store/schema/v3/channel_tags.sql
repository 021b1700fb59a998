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
