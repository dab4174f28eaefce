package no.dpe.tracker.core.sbd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentTypeTest {

    @Test
    void each_document_type_has_the_standard_of_the_eformidling_documentation() {
        assertThat(DocumentType.INNSYNSKRAV.standard()).isEqualTo("urn:no:difi:einnsyn:xsd::innsynskrav");
        assertThat(DocumentType.PUBLISERING.standard()).isEqualTo("urn:no:difi:einnsyn:xsd::publisering");
        assertThat(DocumentType.EINNSYN_KVITTERING.standard()).isEqualTo("urn:no:difi:einnsyn:xsd::einnsyn_kvittering");
        assertThat(DocumentType.STATUS.standard()).isEqualTo("urn:no:difi:eformidling:xsd::status");
    }

    @Test
    void the_type_is_the_last_segment_of_the_standard() {
        assertThat(DocumentType.values()).extracting(DocumentType::type)
                .containsExactly("innsynskrav", "publisering", "einnsyn_kvittering", "status");
    }

    @Test
    void only_statuses_and_kvitteringer_are_receipts() {
        assertThat(DocumentType.values()).filteredOn(DocumentType::isReceipt)
                .containsExactlyInAnyOrder(DocumentType.STATUS, DocumentType.EINNSYN_KVITTERING);
    }

    @ParameterizedTest
    @EnumSource(DocumentType.class)
    void a_document_type_is_found_by_its_standard(DocumentType type) {
        assertThat(DocumentType.fromStandard(type.standard())).contains(type);
    }

    @Test
    void a_standard_outside_dpe_names_no_document_type() {
        assertThat(DocumentType.fromStandard("urn:no:difi:arkivmelding:xsd::arkivmelding")).isEmpty();
        assertThat(DocumentType.fromStandard(null)).isEmpty();
    }
}
