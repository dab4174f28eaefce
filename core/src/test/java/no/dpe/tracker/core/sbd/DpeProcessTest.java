package no.dpe.tracker.core.sbd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class DpeProcessTest {

    @ParameterizedTest
    @EnumSource(DpeProcess.class)
    void a_process_is_found_by_its_identifier(DpeProcess process) {
        assertThat(DpeProcess.fromIdentifier(process.identifier())).contains(process);
    }

    @Test
    void identifiers_are_the_einnsyn_profiles() {
        assertThat(DpeProcess.values()).extracting(DpeProcess::identifier).containsExactly(
                "urn:no:difi:profile:einnsyn:innsynskrav:ver1.0",
                "urn:no:difi:profile:einnsyn:journalpost:ver1.0",
                "urn:no:difi:profile:einnsyn:meeting:ver1.0",
                "urn:no:difi:profile:einnsyn:response:ver1.0");
    }

    @Test
    void an_identifier_outside_dpe_names_no_process() {
        assertThat(DpeProcess.fromIdentifier("urn:no:difi:profile:arkivmelding:administrasjon:ver1.0")).isEmpty();
    }

    @Test
    void the_innsynskrav_process_carries_only_innsynskrav() {
        assertThat(DocumentType.values()).filteredOn(DpeProcess.INNSYNSKRAV::fits)
                .containsExactly(DocumentType.INNSYNSKRAV);
    }

    @Test
    void the_journalpost_and_meeting_processes_carry_only_publisering() {
        assertThat(DocumentType.values()).filteredOn(DpeProcess.JOURNALPOST::fits)
                .containsExactly(DocumentType.PUBLISERING);
        assertThat(DocumentType.values()).filteredOn(DpeProcess.MEETING::fits)
                .containsExactly(DocumentType.PUBLISERING);
    }

    @Test
    void the_response_process_carries_statuses_and_kvitteringer() {
        assertThat(DocumentType.values()).filteredOn(DpeProcess.RESPONSE::fits)
                .containsExactlyInAnyOrder(DocumentType.STATUS, DocumentType.EINNSYN_KVITTERING);
    }
}
