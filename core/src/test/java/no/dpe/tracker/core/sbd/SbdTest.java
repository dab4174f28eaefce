package no.dpe.tracker.core.sbd;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;

import static no.dpe.tracker.core.sbd.Examples.INNSYNSKRAV;
import static no.dpe.tracker.core.sbd.Examples.PUBLISERING_MOTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SbdTest {

    @Test
    void an_innsynskrav_exposes_its_identifiers_parties_process_and_deadline() {
        Sbd sbd = Examples.sbd(INNSYNSKRAV);

        assertThat(sbd.messageId()).contains("3f6a1c2e-8d7b-4e41-9a53-2b1f0c9d7e10");
        assertThat(sbd.conversationId()).contains("b2c4e6a8-1d3f-4b5a-8c7e-9f0a1b2c3d4e");
        assertThat(sbd.documentType()).contains(DocumentType.INNSYNSKRAV);
        assertThat(sbd.process()).contains(DpeProcess.INNSYNSKRAV);
        assertThat(sbd.processIdentifier()).contains("urn:no:difi:profile:einnsyn:innsynskrav:ver1.0");
        assertThat(sbd.sender()).contains(OrganisationNumber.of("991825827"));
        assertThat(sbd.receiver()).contains(OrganisationNumber.of("986252932"));
        assertThat(sbd.deadline()).contains(OffsetDateTime.parse("2026-12-20T09:15:00+01:00"));
        assertThat(sbd.createdAt()).contains(OffsetDateTime.parse("2026-11-20T09:15:00+01:00"));
    }

    @Test
    void the_business_message_is_the_node_named_by_the_type() {
        assertThat(Examples.sbd(INNSYNSKRAV).businessMessage().path("epost").asText())
                .isEqualTo("innbygger@example.no");
    }

    @Test
    void a_document_without_deadline_or_creation_time_has_neither() {
        Sbd sbd = Examples.sbd(PUBLISERING_MOTE);

        assertThat(sbd.deadline()).isEmpty();
        assertThat(sbd.createdAt()).isEmpty();
    }

    @Test
    void an_unknown_process_is_kept_raw_but_names_no_dpe_process() {
        Sbd sbd = Examples.sbd(INNSYNSKRAV, root -> ((ObjectNode) root.at("/standardBusinessDocumentHeader/businessScope/scope/0"))
                .put("identifier", "urn:no:difi:profile:arkivmelding:administrasjon:ver1.0"));

        assertThat(sbd.processIdentifier()).contains("urn:no:difi:profile:arkivmelding:administrasjon:ver1.0");
        assertThat(sbd.process()).isEmpty();
    }

    @Test
    void a_party_in_the_old_on_behalf_of_form_is_read_as_the_first_organisation() {
        Sbd sbd = Examples.sbd(INNSYNSKRAV, root -> ((ObjectNode) root.at("/standardBusinessDocumentHeader/receiver/0/identifier"))
                .put("value", "0192:986252932:910076787"));

        assertThat(sbd.receiver()).contains(OrganisationNumber.of("986252932"));
    }

    @Test
    void an_empty_document_has_nothing_to_read() {
        Sbd sbd = Sbd.of(JsonNodeFactory.instance.objectNode());

        assertThat(sbd.messageId()).isEmpty();
        assertThat(sbd.conversationId()).isEmpty();
        assertThat(sbd.process()).isEmpty();
        assertThat(sbd.documentType()).isEmpty();
        assertThat(sbd.sender()).isEmpty();
        assertThat(sbd.deadline()).isEmpty();
        assertThat(sbd.businessMessage().isMissingNode()).isTrue();
    }

    @Test
    void fields_this_project_does_not_know_survive_a_round_trip_unchanged() throws SbdParseException {
        String json = """
                {"standardBusinessDocumentHeader":{"headerVersion":"1.0","x-custom":{"amount":1.50,"big":12345678901234567890}},\
                "innsynskrav":{"orgnr":"986252932","epost":"a@b.no","extra":[1,2.0,"three"]}}""";

        assertThat(Sbd.parse(json).toJson()).isEqualTo(json);
    }

    @Test
    void changing_the_json_handed_out_does_not_change_the_document() {
        Sbd sbd = Examples.sbd(INNSYNSKRAV);

        ObjectNode copy = sbd.json();
        copy.remove("standardBusinessDocumentHeader");

        assertThat(sbd.messageId()).isPresent();
    }

    @Test
    void changing_the_json_a_document_was_made_from_does_not_change_the_document() {
        ObjectNode json = Examples.sbd(INNSYNSKRAV).json();
        Sbd sbd = Sbd.of(json);

        json.remove("standardBusinessDocumentHeader");

        assertThat(sbd.messageId()).isPresent();
    }

    @Test
    void documents_with_the_same_content_are_equal() {
        assertThat(Examples.sbd(INNSYNSKRAV)).isEqualTo(Examples.sbd(INNSYNSKRAV))
                .hasSameHashCodeAs(Examples.sbd(INNSYNSKRAV));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"a\":", "{} {}", "<sbd/>"})
    void text_that_is_not_json_is_rejected_with_a_clear_message(String text) {
        assertThatThrownBy(() -> Sbd.parse(text))
                .isInstanceOf(SbdParseException.class)
                .hasMessageStartingWith("SBD is not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"sbd\"", "42", "null"})
    void json_that_is_not_an_object_is_rejected_with_a_clear_message(String text) {
        assertThatThrownBy(() -> Sbd.parse(text))
                .isInstanceOf(SbdParseException.class)
                .hasMessageStartingWith("SBD must be a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void empty_text_is_rejected(String text) {
        assertThatThrownBy(() -> Sbd.parse(text)).isInstanceOf(SbdParseException.class).hasMessageContaining("empty");
    }

    @Test
    void a_json_tree_that_is_not_an_object_is_refused() {
        assertThatIllegalArgumentException().isThrownBy(() -> Sbd.of(JsonNodeFactory.instance.arrayNode()));
    }
}
