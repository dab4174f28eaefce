package no.dpe.tracker.core.sbd;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;

import static no.dpe.tracker.core.sbd.Examples.PUBLISERING_JOURNALPOST;
import static no.dpe.tracker.core.sbd.Examples.PUBLISERING_MOTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SbdDefaultsTest {

    private static final OffsetDateTime NOW = OffsetDateTime.now(Examples.CLOCK);
    private static final OrganisationNumber US = OrganisationNumber.of("910076787");
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final SbdDefaults defaults = new SbdDefaults(Examples.CLOCK);

    /** A publisering the way a fagsystem may post it: receiver, type, process and message, nothing else. */
    private static Sbd bare() {
        return Examples.sbd(PUBLISERING_MOTE, root -> {
            ObjectNode header = (ObjectNode) root.get("standardBusinessDocumentHeader");
            header.remove("headerVersion");
            header.remove("sender");
            ((ObjectNode) header.get("documentIdentification")).remove("instanceIdentifier");
            ((ObjectNode) header.at("/businessScope/scope/0")).remove("instanceIdentifier");
        });
    }

    @Test
    void missing_message_and_conversation_ids_are_generated_as_uuids() {
        Sbd filled = defaults.fillOutgoing(bare(), US);

        assertThat(filled.messageId()).hasValueSatisfying(id -> assertThat(id).matches(UUID));
        assertThat(filled.conversationId()).hasValueSatisfying(id -> assertThat(id).matches(UUID));
        assertThat(filled.messageId()).isNotEqualTo(filled.conversationId());
    }

    @Test
    void a_missing_sender_becomes_our_organisation_in_iso6523_form() {
        ObjectNode json = defaults.fillOutgoing(bare(), US).json();

        assertThat(json.at("/standardBusinessDocumentHeader/sender/0/identifier/value").asText())
                .isEqualTo("0192:910076787");
        assertThat(json.at("/standardBusinessDocumentHeader/sender/0/identifier/authority").asText())
                .isEqualTo("iso6523-actorid-upis");
    }

    @Test
    void a_missing_deadline_is_now_plus_24_hours_by_default() {
        assertThat(defaults.fillOutgoing(bare(), US).deadline()).contains(NOW.plusHours(24));
    }

    @Test
    void the_default_deadline_is_configurable() {
        Sbd filled = new SbdDefaults(Examples.CLOCK, Duration.ofDays(30)).fillOutgoing(bare(), US);

        assertThat(filled.deadline()).contains(NOW.plusDays(30));
    }

    @Test
    void a_missing_creation_time_is_now_and_the_header_version_is_1_0() {
        Sbd filled = defaults.fillOutgoing(bare(), US);

        assertThat(filled.createdAt()).contains(NOW);
        assertThat(filled.json().at("/standardBusinessDocumentHeader/headerVersion").asText()).isEqualTo("1.0");
    }

    @Test
    void given_values_are_kept() {
        Sbd given = Examples.sbd(PUBLISERING_JOURNALPOST);

        assertThat(defaults.fillOutgoing(given, US)).isEqualTo(given);
    }

    @Test
    void a_missing_conversation_id_scope_is_created_and_a_given_process_scope_elsewhere_is_kept() {
        Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST, root -> ((ObjectNode) root.at("/standardBusinessDocumentHeader/businessScope/scope/0"))
                .put("type", "SenderRef").put("instanceIdentifier", "our-ref"));

        ObjectNode scopes = JsonNodeFactory.instance.objectNode()
                .set("scopes", defaults.fillOutgoing(sbd, US).json().at("/standardBusinessDocumentHeader/businessScope/scope"));

        assertThat(scopes.at("/scopes/0/instanceIdentifier").asText()).isEqualTo("our-ref");
        assertThat(scopes.at("/scopes/1/type").asText()).isEqualTo("ConversationId");
        assertThat(scopes.at("/scopes/1/instanceIdentifier").asText()).matches(UUID);
    }

    @Test
    void a_conversation_scope_that_names_only_the_process_keeps_it_and_gets_an_id() {
        Sbd filled = defaults.fillOutgoing(bare(), US);

        assertThat(filled.process()).contains(DpeProcess.MEETING);
        assertThat(filled.conversationId()).isPresent();
    }

    @Test
    void the_filled_document_passes_the_outgoing_rules() {
        Sbd filled = bare().withDefaults(defaults, US);

        assertThat(new SbdValidator(Examples.CLOCK).validateOutgoing(filled)).isEmpty();
        assertThat(new SbdValidator(Examples.CLOCK).validateIncoming(filled)).isEmpty();
    }

    @Test
    void the_document_filled_in_is_not_changed() {
        Sbd bare = bare();

        defaults.fillOutgoing(bare, US);

        assertThat(bare.messageId()).isEmpty();
    }

    @Test
    void a_default_deadline_must_be_positive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SbdDefaults(Examples.CLOCK, Duration.ZERO));
    }
}
