package no.dpe.tracker.core.api;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SbdToCommandTest {

    static final Instant FALLBACK = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void details_are_taken_from_the_sbd_header() {
        MessageDetails details = MessageDetails.of(Examples.sbd("publisering-journalpost.sbd.json"), FALLBACK);

        assertThat(details).isEqualTo(new MessageDetails(DpeProcess.JOURNALPOST, DocumentType.PUBLISERING,
                "986252932", "991825827", Instant.parse("2026-11-21T09:00:00Z")));
    }

    @Test
    void a_document_without_a_deadline_gets_the_fallback() {
        assertThat(MessageDetails.of(Examples.sbd("status-mottatt.sbd.json"), FALLBACK).deadline())
                .isEqualTo(FALLBACK);
    }

    @Test
    void a_kvittering_command_carries_the_parsed_status_and_whether_it_was_published() {
        RecordKvitteringCommand command = RecordKvitteringCommand.of(
                Examples.sbd("einnsyn-kvittering.sbd.json"), FALLBACK, FALLBACK);

        assertThat(command.conversationId()).isEqualTo("c0ffee00-1234-4abc-9def-0123456789ab");
        assertThat(command.kvitteringMessageId()).isEqualTo("e1d2c3b4-a596-4788-9a0b-1c2d3e4f5a6b");
        assertThat(command.referanseType()).isEqualTo("publisering");
        assertThat(command.published()).isTrue();
        assertThat(command.warnings()).isEmpty();
        assertThat(command.status().path("enhetskode").asText()).isEqualTo("ABC");
        assertThat(command.occurredAt()).isEqualTo(Instant.parse("2026-11-20T09:02:30Z"));
        assertThat(command.details().sender()).isEqualTo("991825827");
    }

    @Test
    void a_kvittering_whose_status_is_a_plain_word_keeps_the_word_and_publisert_means_published() {
        Sbd kvittering = Examples.sbd("einnsyn-kvittering.sbd.json",
                root -> ((ObjectNode) root.path("einnsyn_kvittering"))
                        .put("status", "publisert"));

        RecordKvitteringCommand command = RecordKvitteringCommand.of(kvittering, FALLBACK, FALLBACK);

        assertThat(command.published()).isTrue();
        assertThat(command.status().asText()).isEqualTo("publisert");
        assertThat(command.warnings()).isEmpty();
    }
}
