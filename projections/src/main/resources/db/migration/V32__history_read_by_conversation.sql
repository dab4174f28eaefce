-- (Numbered after the tracker's own V31 so that existing databases take it in order.)
-- Histories are read by conversation (message_state knows each message's), through the primary key. The index
-- by message made every history insert, the projection's most frequent write, maintain a second B-tree.
DROP INDEX message_state_history_message;
