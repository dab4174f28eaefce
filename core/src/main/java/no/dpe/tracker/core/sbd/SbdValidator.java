package no.dpe.tracker.core.sbd;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static no.dpe.tracker.core.sbd.Sbd.BUSINESS_SCOPE;
import static no.dpe.tracker.core.sbd.Sbd.DOCUMENT_IDENTIFICATION;
import static no.dpe.tracker.core.sbd.Sbd.EXPECTED_RESPONSE_DATE_TIME;
import static no.dpe.tracker.core.sbd.Sbd.HEADER;
import static no.dpe.tracker.core.sbd.Sbd.SCOPE;
import static no.dpe.tracker.core.sbd.Sbd.SCOPE_INFORMATION;

/**
 * Checks an SBD against the DPE rules and reports every violation, not just the first, so a fagsystem can
 * fix its message in one round trip. Paths name the offending field with array indices.
 */
public final class SbdValidator {

    // Any 8-4-4-4-12 hex string: UUID.fromString accepts shorter groups, and ids in the wild
    // do not always carry an RFC 4122 version and variant.
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    // Pragmatic, not RFC 5322: something@domain.tld, no spaces, no second @.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@(?:[^@\\s.]+\\.)+[^@\\s.]{2,}");
    private static final Set<String> REFERANSE_TYPES = Set.of("innsynskrav", "publisering");

    private final Clock clock;

    public SbdValidator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** For a message we send: ids may still be generated, but a deadline must not have passed already. */
    public List<Violation> validateOutgoing(Sbd sbd) {
        return new Run(sbd, false, OffsetDateTime.now(clock)).violations();
    }

    /**
     * For a message we received: nothing is generated, so both ids and the sender must be there.
     * A past deadline is no violation: the message did arrive, and the conversation records LEVETID_UTLOPT.
     */
    public List<Violation> validateIncoming(Sbd sbd) {
        return new Run(sbd, true, OffsetDateTime.now(clock)).violations();
    }

    /** One validation of one document. */
    private static final class Run {
        private static final String DOCUMENT = HEADER + "." + DOCUMENT_IDENTIFICATION;
        private static final String SCOPES = HEADER + "." + BUSINESS_SCOPE + "." + SCOPE;

        private final Sbd sbd;
        private final boolean incoming;
        private final OffsetDateTime now;
        private final List<Violation> violations = new ArrayList<>();

        Run(Sbd sbd, boolean incoming, OffsetDateTime now) {
            this.sbd = Objects.requireNonNull(sbd, "sbd");
            this.incoming = incoming;
            this.now = now;
        }

        List<Violation> violations() {
            party("sender", incoming);
            party("receiver", true);
            Optional<DocumentType> documentType = documentIdentification();
            conversationScope(documentType);
            documentType.ifPresent(this::businessMessage);
            return List.copyOf(violations);
        }

        private void party(String role, boolean required) {
            String path = HEADER + "." + role + "[0].identifier.value";
            text(sbd.header().path(role).path(0).path("identifier").path("value"), path, required)
                    .ifPresent(value -> identifier(path, value));
        }

        private Optional<DocumentType> documentIdentification() {
            JsonNode node = sbd.documentIdentification();
            text(node.path("instanceIdentifier"), DOCUMENT + ".instanceIdentifier", incoming)
                    .ifPresent(id -> uuid(DOCUMENT + ".instanceIdentifier", id));
            text(node.path("creationDateAndTime"), DOCUMENT + ".creationDateAndTime", false)
                    .ifPresent(time -> dateTime(DOCUMENT + ".creationDateAndTime", time));

            Optional<String> standard = text(node.path("standard"), DOCUMENT + ".standard", true);
            Optional<DocumentType> documentType = standard.flatMap(DocumentType::fromStandard);
            if (standard.isPresent() && documentType.isEmpty()) {
                add(DOCUMENT + ".standard", "one-of", "must be one of the DPE document types "
                        + Arrays.stream(DocumentType.values()).map(DocumentType::standard).toList());
            }
            Optional<String> type = text(node.path("type"), DOCUMENT + ".type", true);
            if (type.isPresent() && documentType.isPresent() && !type.get().equals(documentType.get().type())) {
                add(DOCUMENT + ".type", "type-matches-standard",
                        "must be '" + documentType.get().type() + "', the last segment of the standard");
            }
            return documentType;
        }

        private void conversationScope(Optional<DocumentType> documentType) {
            OptionalInt index = sbd.conversationScopeIndex();
            if (index.isEmpty()) {
                // One violation rather than three: the scope carries the conversationId, process and deadline.
                add(SCOPES, "required", "must contain a scope of type ConversationId naming the process");
                return;
            }
            String path = SCOPES + "[" + index.getAsInt() + "]";
            JsonNode scope = sbd.header().path(BUSINESS_SCOPE).path(SCOPE).path(index.getAsInt());

            text(scope.path("instanceIdentifier"), path + ".instanceIdentifier", incoming)
                    .ifPresent(id -> uuid(path + ".instanceIdentifier", id));

            Optional<String> identifier = text(scope.path("identifier"), path + ".identifier", true);
            Optional<DpeProcess> process = identifier.flatMap(DpeProcess::fromIdentifier);
            if (identifier.isPresent() && process.isEmpty()) {
                add(path + ".identifier", "one-of", "must be one of the DPE processes "
                        + Arrays.stream(DpeProcess.values()).map(DpeProcess::identifier).toList());
            }
            if (process.isPresent() && documentType.isPresent() && !process.get().fits(documentType.get())) {
                add(path + ".identifier", "fits-process", "process " + process.get().identifier()
                        + " does not carry " + documentType.get().type() + " documents");
            }

            JsonNode information = scope.path(SCOPE_INFORMATION);
            for (int i = 0; i < information.size(); i++) {
                String deadlinePath = path + "." + SCOPE_INFORMATION + "[" + i + "]." + EXPECTED_RESPONSE_DATE_TIME;
                text(information.path(i).path(EXPECTED_RESPONSE_DATE_TIME), deadlinePath, false)
                        .flatMap(time -> dateTime(deadlinePath, time))
                        .filter(deadline -> !incoming && !deadline.isAfter(now))
                        .ifPresent(deadline -> add(deadlinePath, "in-past",
                                "the deadline " + deadline + " has already passed"));
            }
        }

        private void businessMessage(DocumentType documentType) {
            String path = documentType.type();
            JsonNode body = sbd.node().path(path);
            switch (documentType) {
                case INNSYNSKRAV -> {
                    text(body.path("orgnr"), path + ".orgnr", true).ifPresent(v -> orgnr(path + ".orgnr", v));
                    text(body.path("epost"), path + ".epost", true).ifPresent(v -> email(path + ".epost", v));
                }
                case PUBLISERING ->
                        text(body.path("orgnr"), path + ".orgnr", true).ifPresent(v -> orgnr(path + ".orgnr", v));
                case EINNSYN_KVITTERING -> {
                    text(body.path("dokumentId"), path + ".dokumentId", true);
                    jsonObject(body.path("status"), path + ".status");
                    text(body.path("referanseType"), path + ".referanseType", true)
                            .ifPresent(v -> oneOf(path + ".referanseType", v, REFERANSE_TYPES));
                }
                case STATUS -> text(body.path("status"), path + ".status", true)
                        .ifPresent(v -> oneOf(path + ".status", v, Sbd.STATUSES));
            }
        }

        // --- single-field rules --------------------------------------------------------------------

        private Optional<String> text(JsonNode node, String path, boolean required) {
            if (node.isMissingNode() || node.isNull() || (node.isTextual() && node.textValue().isBlank())) {
                if (required) {
                    add(path, "required", "is required");
                }
                return Optional.empty();
            }
            if (!node.isTextual()) {
                add(path, "string", "must be a string, was " + describe(node));
                return Optional.empty();
            }
            return Optional.of(node.textValue());
        }

        private void identifier(String path, String value) {
            Matcher matcher = OrganisationNumber.IDENTIFIER.matcher(value);
            if (!matcher.matches()) {
                add(path, "orgnr-format",
                        "must be 0192:<9-digit organisation number>, optionally followed by :<on-behalf-of number>");
                return;
            }
            for (String digits : new String[] {matcher.group(1), matcher.group(2)}) {
                if (digits != null && !OrganisationNumber.isValid(digits)) {
                    add(path, "orgnr-mod11", digits + " fails the modulus-11 check of organisation numbers");
                }
            }
        }

        private void orgnr(String path, String value) {
            if (!OrganisationNumber.isNineDigits(value)) {
                add(path, "orgnr-format", "must be a 9-digit organisation number");
            } else if (!OrganisationNumber.isValid(value)) {
                add(path, "orgnr-mod11", value + " fails the modulus-11 check of organisation numbers");
            }
        }

        private void uuid(String path, String value) {
            if (!UUID.matcher(value).matches()) {
                add(path, "uuid", "must be a UUID, e.g. 3f6a1c2e-8d7b-4e41-9a53-2b1f0c9d7e10");
            }
        }

        private Optional<OffsetDateTime> dateTime(String path, String value) {
            Optional<OffsetDateTime> dateTime = Sbd.parseDateTime(value);
            if (dateTime.isEmpty()) {
                add(path, "iso8601", "must be an ISO 8601 date-time with offset, e.g. 2026-11-21T10:00:00+01:00");
            }
            return dateTime;
        }

        private void email(String path, String value) {
            if (!EMAIL.matcher(value).matches()) {
                add(path, "email", "must be an e-mail address");
            }
        }

        private void oneOf(String path, String value, Set<String> allowed) {
            if (!allowed.contains(value)) {
                add(path, "one-of", "must be one of " + allowed.stream().sorted().collect(Collectors.joining(", ")));
            }
        }

        /**
         * eInnsyn sends the kvittering's status as a JSON object encoded in a string, never as a bare object. The
         * real integration point reads it as a string and forwards it unchecked (its own tests send a plain
         * "publisert"), so any text is taken; a bare object or array is not a string at all.
         */
        private void jsonObject(JsonNode node, String path) {
            if (node.isContainerNode()) {
                add(path, "json-object", "must be a JSON object encoded as a string, not a bare " + describe(node));
                return;
            }
            text(node, path, true);
        }

        private static String describe(JsonNode node) {
            return node.getNodeType().name().toLowerCase();
        }

        private void add(String field, String rule, String message) {
            violations.add(new Violation(field, rule, message));
        }
    }
}
