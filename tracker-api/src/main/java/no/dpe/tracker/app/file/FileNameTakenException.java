package no.dpe.tracker.app.file;

/** A message may not carry two files with one name. */
public class FileNameTakenException extends RuntimeException {

    public FileNameTakenException(String messageId, String name) {
        super("Message " + messageId + " already has a file named '" + name + "'");
    }
}
