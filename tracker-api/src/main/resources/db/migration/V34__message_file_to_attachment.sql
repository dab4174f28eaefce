-- message_file (V11) listed files by (message_id, name) alone, so an incoming file could be swallowed by an
-- outgoing one of the same messageId and name. Its rows move to attachment (V33), by direction: a row belongs to
-- the outgoing message when there is one with its messageId (the only one the old key could keep), else to the
-- incoming one.
INSERT INTO attachment (message_id, direction, name, ordinal, filename, media_type, size, sha256, title, recorded_at)
SELECT f.message_id,
       CASE WHEN EXISTS (SELECT 1 FROM message_index i WHERE i.message_id = f.message_id AND i.direction = 'OUTGOING')
            THEN 'OUTGOING' ELSE 'INCOMING' END,
       f.name,
       (SELECT COUNT(*) FROM message_file e
         WHERE e.message_id = f.message_id AND (e.uploaded_at < f.uploaded_at
               OR (e.uploaded_at = f.uploaded_at AND e.name < f.name))),
       f.filename, f.media_type, f.size, f.sha256, f.title, f.uploaded_at
FROM message_file f;

DROP TABLE message_file;
