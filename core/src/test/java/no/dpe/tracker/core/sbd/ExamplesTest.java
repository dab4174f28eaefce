package no.dpe.tracker.core.sbd;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ExamplesTest {

    private final SbdValidator validator = new SbdValidator(Examples.CLOCK);

    @ParameterizedTest
    @FieldSource("no.dpe.tracker.core.sbd.Examples#ALL")
    void every_example_passes_the_rules_for_incoming_messages(String example) {
        assertThat(validator.validateIncoming(Examples.sbd(example))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Examples.PUBLISERING_JOURNALPOST, Examples.PUBLISERING_MOTE})
    void the_publishing_examples_pass_the_rules_for_outgoing_messages_before_their_deadline(String example) {
        assertThat(validator.validateOutgoing(Examples.sbd(example))).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("no.dpe.tracker.core.sbd.Examples#ALL")
    void every_example_is_sent_in_a_process_that_fits_its_document_type(String example) {
        Sbd sbd = Examples.sbd(example);

        assertThat(sbd.process()).hasValueSatisfying(process ->
                assertThat(process.fits(sbd.documentType().orElseThrow())).isTrue());
    }
}
