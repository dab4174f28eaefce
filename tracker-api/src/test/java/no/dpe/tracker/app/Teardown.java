package no.dpe.tracker.app;

/** Stopping what a test started. */
public final class Teardown {

    private Teardown() {
    }

    /**
     * Stops what a test started, in the order given (a tracker before what it uses), passing over what never started
     * (null). Every one is tried, so that a tracker failing to stop does not leave its emulator and its registry
     * running for the tests after it; the first failure is thrown after.
     */
    public static void closeInOrder(AutoCloseable... started) throws Exception {
        Exception first = null;
        for (AutoCloseable each : started) {
            if (each == null) {
                continue;
            }
            try {
                each.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
