package no.dpe.tracker.core.sbd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A Standard Business Document in eFormidling's JSON form.
 *
 * <p>The document is kept as JSON rather than mapped onto classes: fields this project does not know must
 * reach the other side unchanged, and the validator must be able to name a broken field even when it has
 * the wrong type. Instances are immutable; every way in and out copies.
 */
public final class Sbd {

    static final String HEADER = "standardBusinessDocumentHeader";
    static final String DOCUMENT_IDENTIFICATION = "documentIdentification";
    static final String BUSINESS_SCOPE = "businessScope";
    static final String SCOPE = "scope";
    static final String CONVERSATION_ID_SCOPE = "ConversationId";
    static final String SCOPE_INFORMATION = "scopeInformation";
    static final String EXPECTED_RESPONSE_DATE_TIME = "expectedResponseDateTime";
    static final String AUTHORITY = "iso6523-actorid-upis";

    static final Set<String> STATUSES = Set.of("MOTTATT", "LEVERT");

    // Big decimals, untrimmed: numbers in fields we do not know must survive a round trip digit for digit.
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final ObjectNode root;

    private Sbd(ObjectNode root) {
        this.root = root;
    }

    public static Sbd parse(String json) throws SbdParseException {
        if (json == null || json.isBlank()) {
            throw new SbdParseException("SBD is empty; expected a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SbdParseException("SBD is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new SbdParseException("SBD must be a JSON object, but was " + describe(node));
        }
        return new Sbd(object);
    }

    /** @throws IllegalArgumentException when {@code json} is not a JSON object */
    public static Sbd of(JsonNode json) {
        if (!(json instanceof ObjectNode object)) {
            throw new IllegalArgumentException("SBD must be a JSON object, but was " + describe(json));
        }
        return new Sbd(object.deepCopy());
    }

    /** Takes ownership of {@code root} without copying; for builders in this package that made it themselves. */
    static Sbd wrap(ObjectNode root) {
        return new Sbd(root);
    }

    private static String describe(JsonNode node) {
        return node == null ? "null" : node.getNodeType().name().toLowerCase();
    }

    // --- reading ---------------------------------------------------------------------------------------

    public Optional<String> messageId() {
        return text(documentIdentification().path("instanceIdentifier"));
    }

    public Optional<String> conversationId() {
        return text(conversationScope().path("instanceIdentifier"));
    }

    /** The process identifier as written, also when it names no DPE process. */
    public Optional<String> processIdentifier() {
        return text(conversationScope().path("identifier"));
    }

    public Optional<DpeProcess> process() {
        return processIdentifier().flatMap(DpeProcess::fromIdentifier);
    }

    public Optional<DocumentType> documentType() {
        return text(documentIdentification().path("standard")).flatMap(DocumentType::fromStandard);
    }

    public Optional<OrganisationNumber> sender() {
        return party("sender");
    }

    public Optional<OrganisationNumber> receiver() {
        return party("receiver");
    }

    /** The delivery deadline ({@code expectedResponseDateTime}); empty when absent or not a date-time. */
    public Optional<OffsetDateTime> deadline() {
        for (JsonNode information : conversationScope().path(SCOPE_INFORMATION)) {
            Optional<String> deadline = text(information.path(EXPECTED_RESPONSE_DATE_TIME));
            if (deadline.isPresent()) {
                return deadline.flatMap(Sbd::parseDateTime);
            }
        }
        return Optional.empty();
    }

    public Optional<OffsetDateTime> createdAt() {
        return text(documentIdentification().path("creationDateAndTime")).flatMap(Sbd::parseDateTime);
    }

    /**
     * The business message: the node under the key named by {@code documentIdentification.type}
     * (or, when that is absent, by the standard); a missing node when there is none.
     */
    public JsonNode businessMessage() {
        Optional<String> key = text(documentIdentification().path("type"))
                .or(() -> documentType().map(DocumentType::type));
        return key.<JsonNode>map(k -> root.path(k).deepCopy()).orElse(MissingNode.getInstance());
    }

    public ObjectNode json() {
        return root.deepCopy();
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    public Sbd withDefaults(SbdDefaults defaults, OrganisationNumber ourOrganisation) {
        return defaults.fillOutgoing(this, ourOrganisation);
    }

    /** The tree itself, for readers in this package that promise not to change it. */
    ObjectNode node() {
        return root;
    }

    JsonNode header() {
        return root.path(HEADER);
    }

    JsonNode documentIdentification() {
        return header().path(DOCUMENT_IDENTIFICATION);
    }

    /** Index of the first scope of type ConversationId in {@code businessScope.scope}, if any. */
    OptionalInt conversationScopeIndex() {
        JsonNode scopes = header().path(BUSINESS_SCOPE).path(SCOPE);
        for (int i = 0; i < scopes.size(); i++) {
            JsonNode scope = scopes.path(i);
            if (scope.isObject() && CONVERSATION_ID_SCOPE.equals(scope.path("type").asText(null))) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    private JsonNode conversationScope() {
        OptionalInt index = conversationScopeIndex();
        return index.isPresent()
                ? header().path(BUSINESS_SCOPE).path(SCOPE).path(index.getAsInt())
                : MissingNode.getInstance();
    }

    private Optional<OrganisationNumber> party(String role) {
        return text(header().path(role).path(0).path("identifier").path("value"))
                .flatMap(OrganisationNumber::fromIdentifier);
    }

    /** A string value; absent, null, blank and non-string values all count as "no value". */
    static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.textValue().isBlank() ? Optional.of(node.textValue()) : Optional.empty();
    }

    /** ISO 8601 with an offset: a deadline without one would mean different instants to sender and receiver. */
    static Optional<OffsetDateTime> parseDateTime(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String format(OffsetDateTime dateTime) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(dateTime);
    }

    // --- answers -------------------------------------------------------------------------------------

    /**
     * The status message answering {@code original}: it reuses the original's messageId and conversationId,
     * as the integration point does, so the sender can match it without a lookup table.
     *
     * @param status {@code MOTTATT} or {@code LEVERT}
     */
    public static Sbd status(Sbd original, String status, OffsetDateTime createdAt) {
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("a DPE status is MOTTATT or LEVERT, not " + status);
        }
        String messageId = original.messageId()
                .orElseThrow(() -> new IllegalArgumentException("the original has no messageId to answer"));
        ObjectNode answer = answer(original, DocumentType.STATUS, "2.0", messageId, createdAt);
        answer.putObject(DocumentType.STATUS.type()).put("status", status);
        return new Sbd(answer);
    }

    /**
     * eInnsyn's receipt for a publisering (or innsynskrav): same conversation, its own messageId.
     *
     * @param statusJson a JSON object encoded as a string, as eInnsyn sends it
     */
    public static Sbd einnsynKvittering(Sbd publisering, String messageId, String dokumentId, String statusJson,
                                        String referanseType, OffsetDateTime createdAt) {
        Objects.requireNonNull(messageId, "messageId");
        ObjectNode answer = answer(publisering, DocumentType.EINNSYN_KVITTERING, "1.0", messageId, createdAt);
        answer.putObject(DocumentType.EINNSYN_KVITTERING.type())
                .put("dokumentId", dokumentId)
                .put("status", statusJson)
                .put("referanseType", referanseType);
        return new Sbd(answer);
    }

    /** Header of an answer in the response process: parties swapped, same conversation, no deadline. */
    private static ObjectNode answer(Sbd original, DocumentType type, String typeVersion, String messageId,
                                     OffsetDateTime createdAt) {
        Objects.requireNonNull(createdAt, "createdAt");
        String conversationId = original.conversationId()
                .orElseThrow(() -> new IllegalArgumentException("the original has no conversationId to answer"));
        // The parties are copied as written, so an old on-behalf-of identifier comes back unchanged.
        JsonNode originalSender = requiredParty(original, "sender");
        JsonNode originalReceiver = requiredParty(original, "receiver");

        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode header = root.putObject(HEADER);
        header.put("headerVersion", "1.0");
        header.putArray("sender").add(originalReceiver.deepCopy());
        header.putArray("receiver").add(originalSender.deepCopy());
        header.putObject(DOCUMENT_IDENTIFICATION)
                .put("standard", type.standard())
                .put("typeVersion", typeVersion)
                .put("instanceIdentifier", messageId)
                .put("type", type.type())
                .put("creationDateAndTime", format(createdAt));
        header.putObject(BUSINESS_SCOPE).putArray(SCOPE).addObject()
                .put("type", CONVERSATION_ID_SCOPE)
                .put("instanceIdentifier", conversationId)
                .put("identifier", DpeProcess.RESPONSE.identifier());
        return root;
    }

    private static JsonNode requiredParty(Sbd original, String role) {
        JsonNode party = original.header().path(role).path(0);
        if (!party.isObject() || text(party.path("identifier").path("value")).isEmpty()) {
            throw new IllegalArgumentException("the original has no " + role + " to answer");
        }
        return party;
    }

    // --- value semantics -------------------------------------------------------------------------------

    @Override
    public boolean equals(Object other) {
        return other instanceof Sbd sbd && root.equals(sbd.root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
