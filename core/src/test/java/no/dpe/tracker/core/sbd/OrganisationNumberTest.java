package no.dpe.tracker.core.sbd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OrganisationNumberTest {

    @ParameterizedTest
    @ValueSource(strings = {"991825827", "986252932", "910076787"})
    void real_organisation_numbers_pass_the_modulus_11_check(String digits) {
        assertThat(OrganisationNumber.isValid(digits)).isTrue();
        assertThat(OrganisationNumber.of(digits).value()).isEqualTo(digits);
    }

    @ParameterizedTest
    @ValueSource(strings = {"991825828", "986252930", "910076781"})
    void a_wrong_check_digit_is_rejected(String digits) {
        assertThat(OrganisationNumber.isValid(digits)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> OrganisationNumber.of(digits))
                .withMessageContaining(digits);
    }

    @Test
    void no_check_digit_completes_a_number_whose_check_digit_would_have_to_be_10() {
        // The weighted sum of 10000013 leaves remainder 1, so its check digit would be 11 - 1 = 10.
        assertThat(IntStream.rangeClosed(0, 9).mapToObj(digit -> "10000013" + digit))
                .noneMatch(OrganisationNumber::isValid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "99182582", "9918258270", " 991825827"})
    void a_number_that_is_not_nine_digits_long_is_rejected(String digits) {
        assertThat(OrganisationNumber.isValid(digits)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"99182582x", "991 825 8", "９９１８２５８２７"})
    void a_number_with_anything_but_ascii_digits_is_rejected(String digits) {
        assertThat(OrganisationNumber.isValid(digits)).isFalse();
    }

    @Test
    void null_is_not_an_organisation_number() {
        assertThat(OrganisationNumber.isValid(null)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> new OrganisationNumber(null));
    }

    @Test
    void the_iso6523_form_prefixes_the_norwegian_register_code() {
        assertThat(OrganisationNumber.of("991825827").iso6523()).isEqualTo("0192:991825827");
    }

    @Test
    void an_sbd_identifier_yields_its_organisation_number() {
        assertThat(OrganisationNumber.fromIdentifier("0192:986252932")).contains(OrganisationNumber.of("986252932"));
    }

    @Test
    void the_old_on_behalf_of_identifier_yields_the_first_organisation_number() {
        assertThat(OrganisationNumber.fromIdentifier("0192:986252932:910076787"))
                .contains(OrganisationNumber.of("986252932"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"986252932", "9908:986252932", "0192:986252930", "0192:986252932:910076781",
            "0192:986252932:", "0192:986252932:910076787:991825827"})
    void a_malformed_identifier_or_one_failing_the_check_yields_nothing(String identifier) {
        assertThat(OrganisationNumber.fromIdentifier(identifier)).isEmpty();
    }
}
