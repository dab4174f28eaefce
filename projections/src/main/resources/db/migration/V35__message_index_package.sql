-- A received message's package as it arrived (CMS, encrypted to our certificate), by the SHA-256 it is stored
-- under in file_content: decrypted when the fagsystem pops the message. Null for receipts, outgoing messages and
-- messages received before packages were signed and encrypted.
ALTER TABLE message_index ADD COLUMN package_sha256 VARCHAR(64);
