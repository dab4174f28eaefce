package no.dpe.tracker.core.sbd;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Norwegian organisation number: nine digits, the last a modulus-11 check digit. */
public record OrganisationNumber(String value) {

    /** ISO 6523 code of the Norwegian register of legal entities; SBD identifiers are {@code 0192:<orgnr>}. */
    static final String ICD = "0192";

    /**
     * {@code 0192:<orgnr>} or the old {@code 0192:<orgnr>:<on-behalf-of orgnr>}, which is still accepted.
     * Java's {@code \d} matches ASCII digits only.
     */
    static final Pattern IDENTIFIER = Pattern.compile(ICD + ":(\\d{9})(?::(\\d{9}))?");

    private static final int[] WEIGHTS = {3, 2, 7, 6, 5, 4, 3, 2};

    public OrganisationNumber {
        if (!isValid(value)) {
            throw new IllegalArgumentException(
                    "not a valid organisation number (9 digits with a modulus-11 check digit): " + value);
        }
    }

    public static OrganisationNumber of(String digits) {
        return new OrganisationNumber(digits);
    }

    public static boolean isValid(String digits) {
        if (!isNineDigits(digits)) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            sum += WEIGHTS[i] * (digits.charAt(i) - '0');
        }
        int check = (11 - sum % 11) % 11;
        // A remainder that would need check digit 10 has no valid number: such numbers are never issued.
        return check != 10 && check == digits.charAt(8) - '0';
    }

    /** Format only, without the check digit: lets the validator tell a typo in the format from a wrong digit. */
    static boolean isNineDigits(String digits) {
        return digits != null && digits.matches("\\d{9}");
    }

    /**
     * The organisation in an SBD identifier; for the on-behalf-of form, the first one (the party itself).
     * Empty when the identifier is malformed or either number fails the check.
     */
    public static Optional<OrganisationNumber> fromIdentifier(String identifier) {
        if (identifier == null) {
            return Optional.empty();
        }
        Matcher matcher = IDENTIFIER.matcher(identifier);
        if (!matcher.matches() || !isValid(matcher.group(1))
                || (matcher.group(2) != null && !isValid(matcher.group(2)))) {
            return Optional.empty();
        }
        return Optional.of(new OrganisationNumber(matcher.group(1)));
    }

    public String iso6523() {
        return ICD + ":" + value;
    }

    @Override
    public String toString() {
        return value;
    }
}
