package no.dpe.tracker.gateway;

import java.nio.charset.StandardCharsets;

import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireMessageTest {

    static final Sbd SBD = Examples.sbd(Examples.PUBLISERING_JOURNALPOST);

    @Test
    void a_message_with_files_round_trips_with_its_asic() throws Exception {
        byte[] asic = {1, 2, 3, 4};

        WireMessage read = WireMessage.parse(new WireMessage(SBD, asic).toBytes());

        assertThat(read.sbd()).isEqualTo(SBD);
        assertThat(read.files()).hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(asic));
    }

    @Test
    void a_message_without_files_has_no_asic_on_the_wire() throws Exception {
        byte[] wire = new WireMessage(SBD, null).toBytes();

        assertThat(new String(wire, StandardCharsets.UTF_8)).startsWith("{\"sbd\":").doesNotContain("asic");
        assertThat(WireMessage.parse(wire).files()).isEmpty();
    }

    @Test
    void a_body_that_is_not_json_is_refused_as_not_json() {
        assertThatThrownBy(() -> WireMessage.parse("<xml/>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidWireMessageException.class,
                        e -> assertThat(e.reason()).isEqualTo("NotJson"));
    }

    @Test
    void json_without_an_sbd_object_is_refused_as_not_an_sbd() {
        assertThatThrownBy(() -> WireMessage.parse("{\"sbd\": 42}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidWireMessageException.class,
                        e -> assertThat(e.reason()).isEqualTo("NotSbd"));
    }

    @Test
    void an_asic_that_is_not_base64_is_refused() {
        assertThatThrownBy(() -> WireMessage.parse("{\"sbd\": {}, \"asic\": \"***\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidWireMessageException.class,
                        e -> assertThat(e.reason()).isEqualTo("InvalidAsic"));
    }
}
