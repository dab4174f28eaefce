package no.dpe.tracker.app;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a test or its set-up fails on a timeout, logs what every thread of the JVM was doing then, with the locks it
 * held and waited for, and lets the failure through. A rare test waits 30 s for an answer to a request that the
 * tracker never gives (stops 19 and 20, in CI only); the next time, the log says where the request was stuck. A
 * WebTestClient timeout is Reactor's IllegalStateException "Timeout on blocking read", with or without a cause.
 */
public final class ThreadsOnTimeout implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ThreadsOnTimeout.class);

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        dumpOnTimeout(context, failure);
        throw failure;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        dumpOnTimeout(context, failure);
        throw failure;
    }

    /**
     * A {@link TimeoutException}, or Reactor's way of saying a blocking read ran out of time (WebTestClient's
     * {@code block(timeout)} throws an IllegalStateException without a cause).
     */
    private static boolean timedOut(Throwable cause) {
        return cause instanceof TimeoutException
                || cause instanceof IllegalStateException && cause.getMessage() != null
                && cause.getMessage().startsWith("Timeout on blocking read");
    }

    private static void dumpOnTimeout(ExtensionContext context, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (timedOut(cause)) {
                StringBuilder dump = new StringBuilder();
                for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
                    dump.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
                    if (thread.getLockName() != null) {
                        dump.append(" on ").append(thread.getLockName());
                    }
                    if (thread.getLockOwnerName() != null) {
                        dump.append(" owned by \"").append(thread.getLockOwnerName()).append('"');
                    }
                    dump.append('\n');
                    for (StackTraceElement frame : thread.getStackTrace()) {
                        dump.append("    at ").append(frame).append('\n');
                    }
                }
                log.error("{} timed out; every thread now:\n{}", context.getDisplayName(), dump);
                return;
            }
        }
    }
}
