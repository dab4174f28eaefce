package no.dpe.tracker.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

        assertThat(new String(wire, StandardCharsets.UTF_8)).startsWith("{\n  \"sbd\" : {").doesNotContain("asic");
        assertThat(WireMessage.parse(wire).files()).isEmpty();
    }

    /** What the real integration point's ServiceBusPayload is: the package's base64 text in a byte[]. */
    record RealPayload(JsonNode sbd, byte[] asic) {
    }

    @Test
    void the_package_is_base64_twice_as_jackson_writes_a_byte_array_holding_its_base64_text() throws Exception {
        byte[] cms = {48, -128, 6, 9, 42, -122, 72};
        ObjectMapper jackson = new ObjectMapper();

        RealPayload read = jackson.readValue(new WireMessage(SBD, cms).toBytes(), RealPayload.class);
        byte[] written = jackson.writeValueAsBytes(new RealPayload(SBD.json(),
                Base64.getEncoder().encode(cms)));

        assertThat(Base64.getDecoder().decode(read.asic())).as("what the real one reads from us").containsExactly(cms);
        assertThat(WireMessage.parse(written).files()).as("what we read from the real one")
                .hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(cms));
    }

    @Test
    void a_package_encoded_only_once_is_refused() {
        String once = Base64.getEncoder().encodeToString(new byte[] {48, -128, 6, 9, 42, -122, 72, -1});
        assertThatThrownBy(() -> WireMessage.parse(("{\"sbd\": {}, \"asic\": \"" + once + "\"}")
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidWireMessageException.class,
                        e -> assertThat(e.reason()).isEqualTo("InvalidAsic"));
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
