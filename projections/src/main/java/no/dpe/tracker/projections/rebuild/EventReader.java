package no.dpe.tracker.projections.rebuild;

import java.util.stream.Stream;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

/**
 * The stored events after a position, in the order and with the tokens a streaming processor is given them; the
 * stream ends where the store ended when asked. The application's is its storage engine's own reader (the event
 * table in global order, its serializer and upcasters, its gap-aware tokens).
 */
@FunctionalInterface
public interface EventReader {

    /**
     * @param after null for the first event
     */
    Stream<? extends TrackedEventMessage<?>> after(TrackingToken after);
}
