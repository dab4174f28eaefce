package no.dpe.tracker.gateway;

import no.dpe.tracker.core.sbd.DocumentType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DpeQueuesTest {

    final DpeQueues agency = new DpeQueues(DpeQueues.receiptModeFor(Mode.INNSYN), false);

    @Test
    void a_business_message_goes_to_the_queue_its_receivers_service_record_names() {
        assertThat(DpeQueues.queue("991825827", "meeting")).isEqualTo("nextbestqueue991825827meeting");
        assertThat(DpeQueues.queue("986252932", "innsyn")).isEqualTo("nextbestqueue986252932innsyn");
    }

    @Test
    void a_service_record_suffix_that_is_no_dpe_mode_is_refused() {
        assertThatThrownBy(() -> DpeQueues.queue("991825827", "https://example.org/")).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void a_business_message_has_no_receipt_queue() {
        assertThatThrownBy(() -> agency.receiptQueueFor("991825827", DocumentType.PUBLISERING, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statuses_go_to_data_when_our_mode_is_innsyn_and_to_innsyn_otherwise() {
        assertThat(agency.receiptQueueFor("991825827", DocumentType.STATUS, null))
                .isEqualTo("nextbestqueue991825827data");
        DpeQueues einnsyn = new DpeQueues(DpeQueues.receiptModeFor(Mode.DATA), false);
        assertThat(einnsyn.receiptQueueFor("986252932", DocumentType.STATUS, null))
                .isEqualTo("nextbestqueue986252932innsyn");
        DpeQueues meeting = new DpeQueues(DpeQueues.receiptModeFor(Mode.MEETING), false);
        assertThat(meeting.receiptQueueFor("986252932", DocumentType.STATUS, null))
                .isEqualTo("nextbestqueue986252932innsyn");
    }

    @Test
    void a_kvittering_goes_to_data_for_an_innsynskrav_and_to_innsyn_for_a_publisering() {
        assertThat(agency.receiptQueueFor("986252932", DocumentType.EINNSYN_KVITTERING, "innsynskrav"))
                .isEqualTo("nextbestqueue986252932data");
        assertThat(agency.receiptQueueFor("986252932", DocumentType.EINNSYN_KVITTERING, "publisering"))
                .isEqualTo("nextbestqueue986252932innsyn");
    }

    @Test
    void a_configured_receipt_queue_takes_kvitteringer_as_well_as_statuses() {
        DpeQueues configured = new DpeQueues(Mode.MEETING, true);
        assertThat(configured.receiptQueueFor("986252932", DocumentType.EINNSYN_KVITTERING, "innsynskrav"))
                .isEqualTo("nextbestqueue986252932meeting");
        assertThat(configured.receiptQueueFor("986252932", DocumentType.STATUS, null))
                .isEqualTo("nextbestqueue986252932meeting");
    }
}
