-- Send Chat Message's write cost (perf-write): chat_messages_by_channel (broadcaster_id, deleted,
-- user_id) cost a page write per message for lookups the other two indexes answer: a user's
-- messages in a channel (a ban clearing them) by chat_messages_by_sender, a channel's messages
-- (Delete Chat Messages without an id) by chat_messages_by_time.
DROP INDEX IF EXISTS chat_messages_by_channel;
