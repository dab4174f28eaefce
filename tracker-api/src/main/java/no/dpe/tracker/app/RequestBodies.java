package no.dpe.tracker.app;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import no.dpe.tracker.app.problem.ClientError;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads a request body up to a limit. A body over its limit is still read to its end, its rest thrown away, before
 * the 413 problem is answered: a client that writes its whole body before it reads the answer (Java's
 * HttpURLConnection, Python's urllib) would otherwise have the connection closed under it while writing, and never
 * see why. Past {@link #MOST_DRAINED} it is not read on; the connection is closed then.
 */
public final class RequestBodies {

    static final long MOST_DRAINED = 64L * 1024 * 1024;

    private RequestBodies() {
    }

    /**
     * The body's bytes.
     *
     * @param what names the body in the 413 problem ("file", "SBD")
     */
    public static Mono<byte[]> bytes(Flux<DataBuffer> body, long limit, String what) {
        return body.collect(() -> new Collected(limit, what), Collected::add)
                .flatMap(collected -> collected.seen > limit
                        ? Mono.error(ClientError.tooLarge(what, limit))
                        : Mono.just(collected.out.toByteArray()));
    }

    /** The body as UTF-8 text. */
    public static Mono<String> text(Flux<DataBuffer> body, long limit, String what) {
        return bytes(body, limit, what).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    private static final class Collected {
        private final long limit;
        private final String what;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long seen;

        Collected(long limit, String what) {
            this.limit = limit;
            this.what = what;
        }

        void add(DataBuffer buffer) {
            try {
                int length = buffer.readableByteCount();
                seen += length;
                if (seen <= limit) {
                    byte[] bytes = new byte[length];
                    buffer.read(bytes);
                    out.writeBytes(bytes);
                } else if (seen > Math.max(limit, MOST_DRAINED)) {
                    throw ClientError.tooLarge(what, limit);
                }
            } finally {
                DataBufferUtils.release(buffer);
            }
        }
    }
}
