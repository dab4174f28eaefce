package no.dpe.tracker.app.metrics;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import no.dpe.tracker.core.sbd.OrganisationNumber;
import no.dpe.tracker.core.sbd.SbdValidator;
import no.dpe.tracker.gateway.MessageFiles;
import no.dpe.tracker.gateway.inbound.InboundDispatcher;
import no.dpe.tracker.gateway.inbound.Outcome;
import no.dpe.tracker.packaging.DpePackages;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * The inbound dispatcher, counted: {@code dpe.inbound.messages} by outcome, {@code recorded} or
 * {@code dead-lettered} with the dead-letter reason ({@code none} for recorded ones). A message held through an
 * outage is counted once it is recorded.
 */
public class MeteredInboundDispatcher extends InboundDispatcher {

    private final MeterRegistry registry;
    private final Counter recorded;

    public MeteredInboundDispatcher(CommandGateway commands, MessageFiles files, DpePackages packages,
                                    SbdValidator validator, OrganisationNumber us, Duration receiptDeadline,
                                    Clock clock, MeterRegistry registry) {
        super(commands, files, packages, validator, us, receiptDeadline, clock);
        this.registry = registry;
        this.recorded = counter(registry, "recorded", "none");
    }

    private static Counter counter(MeterRegistry registry, String outcome, String reason) {
        return Counter.builder("dpe.inbound.messages")
                .description("Service Bus messages taken from our queues: recorded, or dead-lettered with a reason")
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry);
    }

    @Override
    public Outcome dispatch(byte[] body, String queue, String messageId) {
        Outcome outcome = super.dispatch(body, queue, messageId);
        if (outcome instanceof Outcome.DeadLetter deadLetter) {
            // the reasons are the dispatcher's own few words, so the tag's values stay few
            counter(registry, "dead-lettered", deadLetter.reason()).increment();
        } else {
            recorded.increment();
        }
        return outcome;
    }
}
