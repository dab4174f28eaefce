package no.dpe.tracker.app.chain;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * JSON written one way only, so that the same value always gives the same bytes, whichever database stored it and
 * whichever version of Jackson wrote it (adr/0015-tamper-evident-history.md): object members sorted by their names'
 * UTF-16 code units, no white space, strings escaped as RFC 8785 (JCS) escapes them, numbers as plain decimals
 * without exponent or trailing zeros. Jackson only parses here; the writing is ours, so a Jackson upgrade cannot
 * change it.
 */
public final class CanonicalJson {

    private static final ObjectMapper PARSER = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {
    }

    /** The JSON text parsed as a tree, numbers exact. */
    public static JsonNode parse(byte[] json) throws java.io.IOException {
        return PARSER.readTree(json);
    }

    public static JsonNode parse(String json) throws java.io.IOException {
        return PARSER.readTree(json);
    }

    public static byte[] bytes(JsonNode value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String text(JsonNode value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out);
        return out.toString();
    }

    private static void write(JsonNode value, StringBuilder out) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            out.append("null");
        } else if (value.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(value.size());
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                members.add(fields.next());
            }
            members.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (int i = 0; i < members.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(members.get(i).getKey(), out);
                out.append(':');
                write(members.get(i).getValue(), out);
            }
            out.append('}');
        } else if (value.isArray()) {
            out.append('[');
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(value.get(i), out);
            }
            out.append(']');
        } else if (value.isTextual()) {
            string(value.textValue(), out);
        } else if (value.isBoolean()) {
            out.append(value.booleanValue());
        } else if (value.isInt() || value.isLong()) {
            out.append(value.longValue());
        } else if (value.isIntegralNumber()) {
            out.append(value.bigIntegerValue());
        } else if (value.isNumber()) {
            BigDecimal number = value.decimalValue().stripTrailingZeros();
            out.append(number.signum() == 0 ? "0" : number.toPlainString());
        } else if (value.isBinary()) {
            string(java.util.Base64.getEncoder().encodeToString(binary(value)), out);
        } else {
            throw new IllegalArgumentException("Not a JSON value: " + value.getNodeType());
        }
    }

    private static boolean needsEscape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    /** Appends a value's canonical form to {@code out}. */
    static void append(JsonNode value, StringBuilder out) {
        write(value, out);
    }

    private static byte[] binary(JsonNode value) {
        try {
            return value.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Writes a JSON string as the canonical form escapes it (also used for the forms' fixed members). */
    static void string(String text, StringBuilder out) {
        out.append('"');
        if (!needsEscape(text)) {
            out.append(text).append('"');
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
