package no.dpe.tracker.core.sbd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static no.dpe.tracker.core.sbd.Examples.PUBLISERING_JOURNALPOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The messages the receiving side sends back: statuses and eInnsyn's kvittering. */
class SbdAnswersTest {

    private static final OffsetDateTime CREATED = OffsetDateTime.parse("2026-11-20T10:00:07+01:00");
    private static final String KVITTERING_STATUS = "{\"publisert\":true,\"dokumentId\":\"http://data.einnsyn.no/noark5/journalpost/1\"}";

    private final SbdValidator validator = new SbdValidator(Examples.CLOCK);
    private final Sbd publisering = Examples.sbd(PUBLISERING_JOURNALPOST);

    @Test
    void a_status_answering_a_message_is_the_status_example() {
        Sbd status = Sbd.status(publisering, "MOTTATT", CREATED);

        assertThat(status).isEqualTo(Examples.sbd(Examples.STATUS_MOTTATT));
    }

    @Test
    void a_status_reuses_the_ids_and_swaps_the_parties() {
        Sbd status = Sbd.status(publisering, "LEVERT", CREATED);

        assertThat(status.messageId()).isEqualTo(publisering.messageId());
        assertThat(status.conversationId()).isEqualTo(publisering.conversationId());
        assertThat(status.sender()).isEqualTo(publisering.receiver());
        assertThat(status.receiver()).isEqualTo(publisering.sender());
        assertThat(status.process()).contains(DpeProcess.RESPONSE);
        assertThat(status.businessMessage().path("status").asText()).isEqualTo("LEVERT");
    }

    @Test
    void a_status_passes_the_incoming_rules() {
        assertThat(validator.validateIncoming(Sbd.status(publisering, "LEVERT", CREATED))).isEmpty();
    }

    @Test
    void a_status_other_than_mottatt_or_levert_cannot_be_built() {
        assertThatIllegalArgumentException().isThrownBy(() -> Sbd.status(publisering, "LEST", CREATED));
    }

    @Test
    void a_message_without_a_conversation_id_cannot_be_answered() {
        Sbd withoutConversation = Examples.sbd(PUBLISERING_JOURNALPOST, root ->
                ((ObjectNode) root.at("/standardBusinessDocumentHeader/businessScope/scope/0")).remove("instanceIdentifier"));

        assertThatIllegalArgumentException().isThrownBy(() -> Sbd.status(withoutConversation, "MOTTATT", CREATED))
                .withMessageContaining("conversationId");
    }

    @Test
    void a_party_in_the_old_on_behalf_of_form_is_answered_in_the_same_form() {
        Sbd onBehalf = Examples.sbd(PUBLISERING_JOURNALPOST, root ->
                ((ObjectNode) root.at("/standardBusinessDocumentHeader/sender/0/identifier")).put("value", "0192:986252932:910076787"));

        Sbd status = Sbd.status(onBehalf, "MOTTATT", CREATED);

        assertThat(status.json().at("/standardBusinessDocumentHeader/receiver/0/identifier/value").asText())
                .isEqualTo("0192:986252932:910076787");
    }

    @Test
    void a_kvittering_keeps_the_conversation_with_its_own_message_id_and_swapped_parties() {
        Sbd kvittering = Sbd.einnsynKvittering(publisering, "e1d2c3b4-a596-4788-9a0b-1c2d3e4f5a6b",
                "http://data.einnsyn.no/noark5/journalpost/1", KVITTERING_STATUS, "publisering", CREATED);

        assertThat(kvittering.messageId()).contains("e1d2c3b4-a596-4788-9a0b-1c2d3e4f5a6b");
        assertThat(kvittering.conversationId()).isEqualTo(publisering.conversationId());
        assertThat(kvittering.sender()).isEqualTo(publisering.receiver());
        assertThat(kvittering.receiver()).isEqualTo(publisering.sender());
        assertThat(kvittering.documentType()).contains(DocumentType.EINNSYN_KVITTERING);
        assertThat(kvittering.process()).contains(DpeProcess.RESPONSE);
        assertThat(kvittering.businessMessage().path("status").asText()).isEqualTo(KVITTERING_STATUS);
    }

    @Test
    void a_kvittering_passes_the_incoming_rules() {
        Sbd kvittering = Sbd.einnsynKvittering(publisering, "e1d2c3b4-a596-4788-9a0b-1c2d3e4f5a6b",
                "http://data.einnsyn.no/noark5/journalpost/1", KVITTERING_STATUS, "publisering", CREATED);

        assertThat(validator.validateIncoming(kvittering)).isEmpty();
    }
}
