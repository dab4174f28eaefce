package no.dpe.tracker.app.file;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import no.dpe.tracker.core.api.FileReference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * The files of outgoing messages, content-addressed in the database (V11__message_files.sql). The events
 * carry {@link FileReference}s: name, type, size and SHA-256, never the bytes.
 */
public class FileStore {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public FileStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Stores a file for a message.
     *
     * @throws FileNameTakenException when the message already has a file of that name
     */
    @Transactional
    public FileReference store(String messageId, String name, String filename, String mediaType, String title,
                               byte[] content) {
        String sha256 = sha256(content);
        if (has(messageId, name)) {
            throw new FileNameTakenException(messageId, name);
        }
        Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM file_content WHERE sha256 = ?", Integer.class,
                sha256);
        if (known == null || known == 0) {
            jdbc.update("INSERT INTO file_content (sha256, size, content) VALUES (?, ?, ?)", sha256,
                    (long) content.length, content);
        }
        jdbc.update("INSERT INTO message_file (message_id, name, filename, media_type, size, sha256, title, "
                        + "uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                messageId, name, filename, mediaType, (long) content.length, sha256, title,
                clock.instant().atOffset(ZoneOffset.UTC));
        return new FileReference(name, filename, mediaType, content.length, sha256, title);
    }

    public boolean has(String messageId, String name) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM message_file WHERE message_id = ? AND name = ?",
                Integer.class, messageId, name);
        return count != null && count > 0;
    }

    /** The files of a message, in the order they were uploaded. */
    public List<FileReference> filesOf(String messageId) {
        return jdbc.query("SELECT name, filename, media_type, size, sha256, title FROM message_file "
                        + "WHERE message_id = ? ORDER BY uploaded_at, name",
                (rs, i) -> new FileReference(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6)),
                messageId);
    }

    public Optional<byte[]> content(String sha256) {
        return jdbc.query("SELECT content FROM file_content WHERE sha256 = ?", (rs, i) -> rs.getBytes(1), sha256)
                .stream().findFirst();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
