package no.dpe.tracker.app.webhook;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookPropertiesTest {

    final WebhookProperties properties = new WebhookProperties(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofMinutes(1), 10, Duration.ofSeconds(10), null);

    @Test
    void the_wait_doubles_with_each_failure_up_to_the_maximum() {
        assertThat(properties.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(properties.backoff(6)).isEqualTo(Duration.ofSeconds(32));
        assertThat(properties.backoff(7)).isEqualTo(Duration.ofMinutes(1));
        assertThat(properties.backoff(1000)).isEqualTo(Duration.ofMinutes(1));
    }
}
