package no.dpe.tracker.app.processing;

import java.net.ConnectException;

import no.dpe.tracker.gateway.registry.ServiceRegistryUnavailableException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What parks an event and what is waited out. */
class DeadLetterPolicyTest {

    private final DeadLetterPolicy policy = new DeadLetterPolicy();
    private final GenericDeadLetter<EventMessage<?>> letter = new GenericDeadLetter<>("conversation",
            GenericEventMessage.asEventMessage("an event"));

    @Test
    void a_failure_of_the_events_own_parks_it() {
        assertThat(policy.decide(letter, new DataIntegrityViolationException("value too long")).shouldEnqueue())
                .isTrue();
    }

    @Test
    void a_service_registry_that_cannot_be_asked_is_waited_out_and_parks_nothing() {
        ServiceRegistryUnavailableException down = new ServiceRegistryUnavailableException("HTTP 503", null);

        assertThatThrownBy(() -> policy.decide(letter, down)).isSameAs(down);
    }

    @Test
    void a_database_out_of_reach_is_waited_out_and_parks_nothing() {
        RuntimeException outage = new RuntimeException("could not get a connection", new ConnectException("refused"));

        assertThatThrownBy(() -> policy.decide(letter, outage)).isSameAs(outage);
    }
}
