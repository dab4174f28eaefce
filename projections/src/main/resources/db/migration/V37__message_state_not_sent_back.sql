-- The latest status we owed the sender of an incoming message and could not send back (StatusNotSentBackEvent),
-- so support sees why the sender is still waiting. Null when every status went.
ALTER TABLE message_state ADD COLUMN not_sent_back_status VARCHAR(32);
ALTER TABLE message_state ADD COLUMN not_sent_back_reason TEXT;
ALTER TABLE message_state ADD COLUMN not_sent_back_occurred_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE message_state ADD COLUMN not_sent_back_recorded_at TIMESTAMP WITH TIME ZONE;
