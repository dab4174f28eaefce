package no.dpe.tracker.core.sbd;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.assertj.core.api.ListAssert;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static no.dpe.tracker.core.sbd.Examples.EINNSYN_KVITTERING;
import static no.dpe.tracker.core.sbd.Examples.INNSYNSKRAV;
import static no.dpe.tracker.core.sbd.Examples.PUBLISERING_JOURNALPOST;
import static no.dpe.tracker.core.sbd.Examples.PUBLISERING_MOTE;
import static no.dpe.tracker.core.sbd.Examples.STATUS_MOTTATT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SbdValidatorTest {

    private static final String HEADER = "standardBusinessDocumentHeader";
    private static final String DOCUMENT = HEADER + ".documentIdentification";
    private static final String CONVERSATION = HEADER + ".businessScope.scope[0]";
    private static final String DEADLINE = CONVERSATION + ".scopeInformation[0].expectedResponseDateTime";
    private static final String SENDER = HEADER + ".sender[0].identifier.value";
    private static final String RECEIVER = HEADER + ".receiver[0].identifier.value";

    private final SbdValidator validator = new SbdValidator(Examples.CLOCK);

    /** The (field, rule) pairs reported for an incoming message. */
    private ListAssert<Tuple> incoming(Sbd sbd) {
        return assertThat(fieldsAndRules(validator.validateIncoming(sbd)));
    }

    private ListAssert<Tuple> outgoing(Sbd sbd) {
        return assertThat(fieldsAndRules(validator.validateOutgoing(sbd)));
    }

    private static List<Tuple> fieldsAndRules(List<Violation> violations) {
        return violations.stream().map(v -> tuple(v.field(), v.rule())).toList();
    }

    // JSON-pointer access into an example's tree, to break one thing at a time.
    private static ObjectNode node(ObjectNode root, String pointer) {
        return (ObjectNode) root.at(pointer);
    }

    private static ObjectNode documentIdentification(ObjectNode root) {
        return node(root, "/standardBusinessDocumentHeader/documentIdentification");
    }

    private static ObjectNode conversationScope(ObjectNode root) {
        return node(root, "/standardBusinessDocumentHeader/businessScope/scope/0");
    }

    private static ObjectNode receiverIdentifier(ObjectNode root) {
        return node(root, "/standardBusinessDocumentHeader/receiver/0/identifier");
    }

    @Nested
    class Parties {

        @Test
        void a_missing_receiver_is_reported() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST, root -> node(root, "/" + HEADER).remove("receiver"));

            outgoing(sbd).containsExactly(tuple(RECEIVER, "required"));
        }

        @Test
        void a_receiver_failing_the_modulus_11_check_is_reported() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST,
                    root -> receiverIdentifier(root).put("value", "0192:991825828"));

            outgoing(sbd).containsExactly(tuple(RECEIVER, "orgnr-mod11"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"991825827", "9908:991825827", "0192:99182582", "0192:99182582x", "0192:991825827:"})
        void a_receiver_not_in_the_0192_form_is_reported(String identifier) {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST, root -> receiverIdentifier(root).put("value", identifier));

            outgoing(sbd).containsExactly(tuple(RECEIVER, "orgnr-format"));
        }

        @Test
        void the_old_on_behalf_of_form_is_accepted() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST,
                    root -> receiverIdentifier(root).put("value", "0192:991825827:910076787"));

            outgoing(sbd).isEmpty();
        }

        @Test
        void an_on_behalf_of_number_failing_the_modulus_11_check_is_reported() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST,
                    root -> receiverIdentifier(root).put("value", "0192:991825827:910076781"));

            outgoing(sbd).containsExactly(tuple(RECEIVER, "orgnr-mod11"));
        }

        @Test
        void an_incoming_message_must_name_its_sender_so_that_statuses_can_go_back() {
            Sbd sbd = Examples.sbd(INNSYNSKRAV, root -> node(root, "/" + HEADER).remove("sender"));

            incoming(sbd).containsExactly(tuple(SENDER, "required"));
        }

        @Test
        void an_outgoing_message_may_leave_the_sender_to_the_defaults() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST, root -> node(root, "/" + HEADER).remove("sender"));

            outgoing(sbd).isEmpty();
        }

        @Test
        void a_given_sender_must_be_valid_also_when_outgoing() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST,
                    root -> node(root, "/" + HEADER + "/sender/0/identifier").put("value", "0192:986252933"));

            outgoing(sbd).containsExactly(tuple(SENDER, "orgnr-mod11"));
        }
    }

    @Nested
    class DocumentIdentification {

        @Test
        void a_missing_standard_is_reported() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST, root -> documentIdentification(root).remove("standard"));

            outgoing(sbd).containsExactly(tuple(DOCUMENT + ".standard", "required"));
        }

        @Test
        void a_standard_outside_dpe_is_reported() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST, root -> documentIdentification(root)
                    .put("standard", "urn:no:difi:arkivmelding:xsd::arkivmelding").put("type", "arkivmelding"));

            outgoing(sbd).containsExactly(tuple(DOCUMENT + ".standard", "one-of"));
        }

        @Test
        void a_type_other_than_the_last_segment_of_the_standard_is_reported() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST, root -> documentIdentification(root).put("type", "journalpost"));

            outgoing(sbd).containsExactly(tuple(DOCUMENT + ".type", "type-matches-standard"));
        }

        @Test
        void a_missing_type_is_reported() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST, root -> documentIdentification(root).remove("type"));

            outgoing(sbd).containsExactly(tuple(DOCUMENT + ".type", "required"));
        }

        @Test
        void a_message_id_that_is_not_a_uuid_is_reported() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST,
                    root -> documentIdentification(root).put("instanceIdentifier", "1-2-3-4-5"));

            outgoing(sbd).containsExactly(tuple(DOCUMENT + ".instanceIdentifier", "uuid"));
        }

        @Test
        void an_incoming_message_must_have_a_message_id() {
            Sbd sbd = Examples.sbd(INNSYNSKRAV, root -> documentIdentification(root).remove("instanceIdentifier"));

            incoming(sbd).containsExactly(tuple(DOCUMENT + ".instanceIdentifier", "required"));
        }

        @Test
        void an_outgoing_message_may_leave_the_message_id_to_the_defaults() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST,
                    root -> documentIdentification(root).remove("instanceIdentifier"));

            outgoing(sbd).isEmpty();
        }

        @Test
        void a_creation_time_that_is_not_iso_8601_is_reported() {
            Sbd sbd = Examples.sbd(STATUS_MOTTATT,
                    root -> documentIdentification(root).put("creationDateAndTime", "20.11.2026 10:00"));

            incoming(sbd).containsExactly(tuple(DOCUMENT + ".creationDateAndTime", "iso8601"));
        }

        @Test
        void a_number_where_a_string_belongs_is_reported() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST, root -> documentIdentification(root).put("standard", 42));

            outgoing(sbd).containsExactly(tuple(DOCUMENT + ".standard", "string"));
        }
    }

    @Nested
    class ConversationScope {

        @Test
        void a_document_without_a_conversation_id_scope_is_reported_once() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST, root -> node(root, "/" + HEADER).remove("businessScope"));

            outgoing(sbd).containsExactly(tuple(HEADER + ".businessScope.scope", "required"));
        }

        @Test
        void the_path_names_the_index_of_the_conversation_id_scope() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST, root -> {
                var scopes = root.withArray("/" + HEADER + "/businessScope/scope");
                scopes.insertObject(0).put("type", "SenderRef").put("instanceIdentifier", "ref-1");
                node(root, "/" + HEADER + "/businessScope/scope/1").put("identifier", "urn:unknown");
            });

            outgoing(sbd).containsExactly(tuple(HEADER + ".businessScope.scope[1].identifier", "one-of"));
        }

        @Test
        void a_missing_process_is_reported() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST, root -> conversationScope(root).remove("identifier"));

            outgoing(sbd).containsExactly(tuple(CONVERSATION + ".identifier", "required"));
        }

        @Test
        void a_process_outside_dpe_is_reported() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST, root -> conversationScope(root)
                    .put("identifier", "urn:no:difi:profile:arkivmelding:administrasjon:ver1.0"));

            outgoing(sbd).containsExactly(tuple(CONVERSATION + ".identifier", "one-of"));
        }

        @Test
        void an_innsynskrav_in_the_journalpost_process_is_reported() {
            Sbd sbd = Examples.sbd(INNSYNSKRAV, root -> conversationScope(root)
                    .put("identifier", DpeProcess.JOURNALPOST.identifier()));

            incoming(sbd).containsExactly(tuple(CONVERSATION + ".identifier", "fits-process"));
        }

        @Test
        void a_status_outside_the_response_process_is_reported() {
            Sbd sbd = Examples.sbd(STATUS_MOTTATT, root -> conversationScope(root)
                    .put("identifier", DpeProcess.JOURNALPOST.identifier()));

            incoming(sbd).containsExactly(tuple(CONVERSATION + ".identifier", "fits-process"));
        }

        @Test
        void publisering_fits_the_meeting_process() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST, root -> conversationScope(root)
                    .put("identifier", DpeProcess.MEETING.identifier()));

            outgoing(sbd).isEmpty();
        }

        @Test
        void a_conversation_id_that_is_not_a_uuid_is_reported() {
            Sbd sbd = Examples.sbd(INNSYNSKRAV, root -> conversationScope(root).put("instanceIdentifier", "conv-1"));

            incoming(sbd).containsExactly(tuple(CONVERSATION + ".instanceIdentifier", "uuid"));
        }

        @Test
        void an_incoming_message_must_have_a_conversation_id() {
            Sbd sbd = Examples.sbd(INNSYNSKRAV, root -> conversationScope(root).remove("instanceIdentifier"));

            incoming(sbd).containsExactly(tuple(CONVERSATION + ".instanceIdentifier", "required"));
        }

        @Test
        void an_outgoing_message_may_leave_the_conversation_id_to_the_defaults() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST, root -> conversationScope(root).remove("instanceIdentifier"));

            outgoing(sbd).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"tomorrow", "2026-11-21", "2026-11-21T10:00:00", "2026-11-21 10:00:00+01:00"})
        void a_deadline_that_is_not_an_iso_8601_date_time_with_offset_is_reported(String deadline) {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST,
                    root -> node(root, "/" + HEADER + "/businessScope/scope/0/scopeInformation/0")
                            .put("expectedResponseDateTime", deadline));

            outgoing(sbd).containsExactly(tuple(DEADLINE, "iso8601"));
        }

        @Test
        void a_deadline_in_utc_is_accepted() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST,
                    root -> node(root, "/" + HEADER + "/businessScope/scope/0/scopeInformation/0")
                            .put("expectedResponseDateTime", "2026-11-21T09:00:00Z"));

            outgoing(sbd).isEmpty();
        }

        @Test
        void an_outgoing_message_whose_deadline_has_passed_is_reported() {
            Sbd sbd = Examples.sbd(PUBLISERING_JOURNALPOST,
                    root -> node(root, "/" + HEADER + "/businessScope/scope/0/scopeInformation/0")
                            .put("expectedResponseDateTime", "2026-11-20T08:59:59+01:00"));

            outgoing(sbd).containsExactly(tuple(DEADLINE, "in-past"));
        }

        @Test
        void an_incoming_message_whose_deadline_has_passed_is_still_valid() {
            Sbd sbd = Examples.sbd(INNSYNSKRAV,
                    root -> node(root, "/" + HEADER + "/businessScope/scope/0/scopeInformation/0")
                            .put("expectedResponseDateTime", "2026-11-20T08:59:59+01:00"));

            incoming(sbd).isEmpty();
        }
    }

    @Nested
    class BusinessMessages {

        @Test
        void an_innsynskrav_without_orgnr_and_epost_reports_both() {
            Sbd sbd = Examples.sbd(INNSYNSKRAV, root -> root.putObject("innsynskrav"));

            incoming(sbd).containsExactlyInAnyOrder(
                    tuple("innsynskrav.orgnr", "required"), tuple("innsynskrav.epost", "required"));
        }

        @Test
        void an_innsynskrav_orgnr_failing_the_modulus_11_check_is_reported() {
            Sbd sbd = Examples.sbd(INNSYNSKRAV, root -> node(root, "/innsynskrav").put("orgnr", "986252933"));

            incoming(sbd).containsExactly(tuple("innsynskrav.orgnr", "orgnr-mod11"));
        }

        @Test
        void an_innsynskrav_orgnr_of_the_wrong_length_is_reported() {
            Sbd sbd = Examples.sbd(INNSYNSKRAV, root -> node(root, "/innsynskrav").put("orgnr", "0192:986252932"));

            incoming(sbd).containsExactly(tuple("innsynskrav.orgnr", "orgnr-format"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"innbygger", "innbygger@", "@example.no", "inn bygger@example.no",
                "innbygger@example", "innbygger@@example.no", "innbygger@example..no"})
        void an_innsynskrav_epost_that_is_no_email_address_is_reported(String epost) {
            Sbd sbd = Examples.sbd(INNSYNSKRAV, root -> node(root, "/innsynskrav").put("epost", epost));

            incoming(sbd).containsExactly(tuple("innsynskrav.epost", "email"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"ola.nordmann+innsyn@post.example.no", "kari@xn--bl-zia.no", "A@B.COM"})
        void ordinary_email_addresses_are_accepted(String epost) {
            Sbd sbd = Examples.sbd(INNSYNSKRAV, root -> node(root, "/innsynskrav").put("epost", epost));

            incoming(sbd).isEmpty();
        }

        @Test
        void a_publisering_without_orgnr_is_reported() {
            Sbd sbd = Examples.sbd(PUBLISERING_MOTE, root -> root.remove("publisering"));

            outgoing(sbd).containsExactly(tuple("publisering.orgnr", "required"));
        }

        @Test
        void a_kvittering_without_its_fields_reports_each() {
            Sbd sbd = Examples.sbd(EINNSYN_KVITTERING, root -> root.remove("einnsyn_kvittering"));

            incoming(sbd).containsExactlyInAnyOrder(
                    tuple("einnsyn_kvittering.dokumentId", "required"),
                    tuple("einnsyn_kvittering.status", "required"),
                    tuple("einnsyn_kvittering.referanseType", "required"));
        }

        /** The real integration point forwards the status unchecked, and its own tests send a plain "publisert". */
        @ParameterizedTest
        @ValueSource(strings = {"publisert", "[{\"publisert\":true}]", "{\"publisert\":", "true"})
        void a_kvittering_status_that_is_no_json_object_is_taken_as_it_is(String status) {
            Sbd sbd = Examples.sbd(EINNSYN_KVITTERING, root -> node(root, "/einnsyn_kvittering").put("status", status));

            incoming(sbd).isEmpty();
        }

        @Test
        void a_kvittering_status_sent_as_a_bare_object_instead_of_a_string_is_reported() {
            Sbd sbd = Examples.sbd(EINNSYN_KVITTERING,
                    root -> node(root, "/einnsyn_kvittering").putObject("status").put("publisert", true));

            incoming(sbd).containsExactly(tuple("einnsyn_kvittering.status", "json-object"));
        }

        @Test
        void a_kvittering_referring_to_something_else_than_innsynskrav_or_publisering_is_reported() {
            Sbd sbd = Examples.sbd(EINNSYN_KVITTERING,
                    root -> node(root, "/einnsyn_kvittering").put("referanseType", "journalpost"));

            incoming(sbd).containsExactly(tuple("einnsyn_kvittering.referanseType", "one-of"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"LEST", "mottatt", "LEVETID_UTLOPT"})
        void a_status_other_than_mottatt_or_levert_is_reported(String status) {
            Sbd sbd = Examples.sbd(STATUS_MOTTATT, root -> node(root, "/status").put("status", status));

            incoming(sbd).containsExactly(tuple("status.status", "one-of"));
        }
    }

    @Test
    void a_document_breaking_several_rules_reports_every_violation() {
        Sbd sbd = Examples.sbd(INNSYNSKRAV, root -> {
            receiverIdentifier(root).put("value", "0192:986252933");
            documentIdentification(root).put("instanceIdentifier", "not-a-uuid").put("type", "innsyn");
            conversationScope(root).put("identifier", DpeProcess.RESPONSE.identifier());
            node(root, "/innsynskrav").put("epost", "nobody").remove("orgnr");
        });

        incoming(sbd).containsExactlyInAnyOrder(
                tuple(RECEIVER, "orgnr-mod11"),
                tuple(DOCUMENT + ".instanceIdentifier", "uuid"),
                tuple(DOCUMENT + ".type", "type-matches-standard"),
                tuple(CONVERSATION + ".identifier", "fits-process"),
                tuple("innsynskrav.orgnr", "required"),
                tuple("innsynskrav.epost", "email"));
    }

    @Test
    void an_empty_document_reports_every_required_field_of_an_incoming_message() {
        Sbd sbd = Sbd.of(JsonNodeFactory.instance.objectNode());

        incoming(sbd).containsExactlyInAnyOrder(
                tuple(SENDER, "required"),
                tuple(RECEIVER, "required"),
                tuple(DOCUMENT + ".instanceIdentifier", "required"),
                tuple(DOCUMENT + ".standard", "required"),
                tuple(DOCUMENT + ".type", "required"),
                tuple(HEADER + ".businessScope.scope", "required"));
    }

    @Test
    void every_violation_explains_itself() {
        List<Violation> violations = validator.validateIncoming(Sbd.of(JsonNodeFactory.instance.objectNode()));

        assertThat(violations).allSatisfy(violation -> assertThat(violation.message()).isNotBlank());
    }
}
