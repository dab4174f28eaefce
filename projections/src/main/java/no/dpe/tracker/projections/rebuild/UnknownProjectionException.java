package no.dpe.tracker.projections.rebuild;

/** No rebuildable projection has this name. */
public class UnknownProjectionException extends RuntimeException {

    UnknownProjectionException(String name, Iterable<String> known) {
        super("No rebuildable projection named '" + name + "'; known: " + String.join(", ", known));
    }
}
