package no.dpe.tracker.app.metrics;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import no.dpe.tracker.gateway.ServiceBusConnection;
import no.dpe.tracker.gateway.outbound.PublishException;
import no.dpe.tracker.gateway.outbound.ServiceBusPublisher;

/**
 * The publisher, timed: {@code dpe.outbound.send} by outcome ({@code sent}, {@code transient-failure} — retried —
 * or {@code permanent-failure} — recorded as FEIL), with percentiles for a histogram. A send is one message, or the
 * messages of an outbound batch for one queue; such a send with any message refused counts as a permanent failure.
 */
public class MeteredServiceBusPublisher extends ServiceBusPublisher {

    private final Timer sent;
    private final Timer transientFailure;
    private final Timer permanentFailure;

    public MeteredServiceBusPublisher(ServiceBusConnection connection, MeterRegistry registry) {
        super(connection);
        this.sent = timer(registry, "sent");
        this.transientFailure = timer(registry, "transient-failure");
        this.permanentFailure = timer(registry, "permanent-failure");
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder("dpe.outbound.send")
                .description("One message, or one queue's messages of an outbound batch, put on Service Bus, from the "
                        + "first try to the SDK's answer")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public void publish(String queue, String serviceBusMessageId, byte[] body) {
        long start = System.nanoTime();
        try {
            super.publish(queue, serviceBusMessageId, body);
            sent.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (PublishException e) {
            (e.isPermanent() ? permanentFailure : transientFailure)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            throw e;
        }
    }

    @Override
    public List<Refused> publishAll(String queue, List<Outgoing> messages) {
        long start = System.nanoTime();
        try {
            List<Refused> refused = super.publishAll(queue, messages);
            (refused.isEmpty() ? sent : permanentFailure)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            return refused;
        } catch (PublishException e) {
            transientFailure.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            throw e;
        }
    }
}
