package no.dpe.tracker.gateway;

import no.dpe.tracker.core.sbd.DocumentType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DpeQueuesTest {

    final DpeQueues agency = new DpeQueues(DpeQueues.receiptModeFor(Mode.INNSYN));

    @Test
    void an_innsynskrav_goes_to_the_receivers_innsyn_queue() {
        assertThat(agency.queueFor("986252932", DocumentType.INNSYNSKRAV, null))
                .isEqualTo("nextbestqueue986252932innsyn");
    }

    @Test
    void journalpost_and_mote_publishing_go_to_the_receivers_data_queue() {
        assertThat(agency.queueFor("991825827", DocumentType.PUBLISERING, null))
                .isEqualTo("nextbestqueue991825827data");
        assertThat(agency.queueFor("991825827", DocumentType.PUBLISERING, null))
                .isEqualTo("nextbestqueue991825827data");
    }

    @Test
    void statuses_go_to_data_when_our_mode_is_innsyn_and_to_innsyn_otherwise() {
        assertThat(agency.queueFor("991825827", DocumentType.STATUS, null))
                .isEqualTo("nextbestqueue991825827data");
        DpeQueues einnsyn = new DpeQueues(DpeQueues.receiptModeFor(Mode.DATA));
        assertThat(einnsyn.queueFor("986252932", DocumentType.STATUS, null))
                .isEqualTo("nextbestqueue986252932innsyn");
    }

    @Test
    void a_kvittering_goes_to_data_for_an_innsynskrav_and_to_innsyn_for_a_publisering() {
        assertThat(agency.queueFor("986252932", DocumentType.EINNSYN_KVITTERING, "innsynskrav"))
                .isEqualTo("nextbestqueue986252932data");
        assertThat(agency.queueFor("986252932", DocumentType.EINNSYN_KVITTERING, "publisering"))
                .isEqualTo("nextbestqueue986252932innsyn");
    }
}
