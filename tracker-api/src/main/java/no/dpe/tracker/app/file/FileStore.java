package no.dpe.tracker.app.file;

import java.util.Optional;

import no.dpe.tracker.core.api.FileReference;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The content of files, stored once by SHA-256 in {@code file_content} (V11__message_files.sql), whichever
 * messages carry it. The events name files by {@link no.dpe.tracker.core.api.FileReference}: name, type, size and
 * SHA-256, never the bytes; the content is stored before the event that refers to it, so an event never names
 * content that is not there.
 */
public class FileStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    public FileStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Stores the content unless it is there already, and returns its SHA-256 (hex). Two requests storing the same
     * bytes at once both succeed: the one whose insert loses the race finds the row the other wrote. The insert
     * runs in a transaction of its own, so losing that race aborts nothing of the caller's (on PostgreSQL a failed
     * statement aborts its whole transaction).
     */
    public String store(byte[] content) {
        String sha256 = FileReference.sha256(content);
        if (has(sha256)) {
            return sha256;
        }
        try {
            ownTransaction.executeWithoutResult(status -> jdbc.update(
                    "INSERT INTO file_content (sha256, size, content) VALUES (?, ?, ?)",
                    sha256, (long) content.length, content));
        } catch (DuplicateKeyException storedMeanwhile) {
            // the same bytes, stored by another request a moment earlier
        }
        return sha256;
    }

    public Optional<byte[]> content(String sha256) {
        return jdbc.query("SELECT content FROM file_content WHERE sha256 = ?", (rs, i) -> rs.getBytes(1), sha256)
                .stream().findFirst();
    }

    private boolean has(String sha256) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM file_content WHERE sha256 = ?", Integer.class,
                sha256);
        return count != null && count > 0;
    }
}
