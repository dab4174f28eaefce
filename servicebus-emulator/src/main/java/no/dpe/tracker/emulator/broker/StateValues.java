package no.dpe.tracker.emulator.broker;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * How {@link BrokerState} writes the values it is made of. Strings and byte arrays carry an int length rather
 * than {@code writeUTF}'s 64 KiB-limited one, with -1 for {@code null}; the reader is given the whole file in
 * memory, so every length and count is checked against what is left of it before anything is allocated.
 */
final class StateValues {

    private static final int NULL = -1;

    // Tags of the property values kept; part of the file format, so never renumbered.
    private static final byte STRING = 1;
    private static final byte BOOLEAN = 2;
    private static final byte BYTE = 3;
    private static final byte SHORT = 4;
    private static final byte INT = 5;
    private static final byte LONG = 6;
    private static final byte FLOAT = 7;
    private static final byte DOUBLE = 8;
    private static final byte CHAR = 9;
    private static final byte UUID_VALUE = 10;
    private static final byte TIMESTAMP = 11;
    private static final byte NULL_VALUE = 12;

    private StateValues() {
    }

    static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        if (bytes == null) {
            out.writeInt(NULL);
            return;
        }
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length == NULL) {
            return null;
        }
        byte[] bytes = new byte[checkedCount(in, length)];
        in.readFully(bytes);
        return bytes;
    }

    static void writeString(DataOutputStream out, String value) throws IOException {
        writeBytes(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    static String readString(DataInputStream in) throws IOException {
        byte[] bytes = readBytes(in);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** A count of items still to come: each takes at least one byte, so a larger count means a damaged file. */
    static int readCount(DataInputStream in) throws IOException {
        return checkedCount(in, in.readInt());
    }

    private static int checkedCount(DataInputStream in, int count) throws IOException {
        if (count < 0 || count > in.available()) {
            throw new IOException("a length of " + count + " where " + in.available() + " bytes are left");
        }
        return count;
    }

    static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeBoolean(instant != null);
        if (instant != null) {
            out.writeLong(instant.getEpochSecond());
            out.writeInt(instant.getNano());
        }
    }

    static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    static void writeDuration(DataOutputStream out, Duration duration) throws IOException {
        out.writeBoolean(duration != null);
        if (duration != null) {
            out.writeLong(duration.getSeconds());
            out.writeInt(duration.getNano());
        }
    }

    static Duration readDuration(DataInputStream in) throws IOException {
        return in.readBoolean() ? Duration.ofSeconds(in.readLong(), in.readInt()) : null;
    }

    /** Whether {@link #writeValue} can keep {@code value} with its type, so a receiver gets back the same thing. */
    static boolean canWrite(Object value) {
        return value == null || value instanceof String || value instanceof Boolean || value instanceof Byte
                || value instanceof Short || value instanceof Integer || value instanceof Long
                || value instanceof Float || value instanceof Double || value instanceof Character
                || value instanceof UUID || value instanceof Date;
    }

    static void writeValue(DataOutputStream out, Object value) throws IOException {
        switch (value) {
            case null -> out.writeByte(NULL_VALUE);
            case String string -> {
                out.writeByte(STRING);
                writeString(out, string);
            }
            case Boolean bool -> {
                out.writeByte(BOOLEAN);
                out.writeBoolean(bool);
            }
            case Byte number -> {
                out.writeByte(BYTE);
                out.writeByte(number);
            }
            case Short number -> {
                out.writeByte(SHORT);
                out.writeShort(number);
            }
            case Integer number -> {
                out.writeByte(INT);
                out.writeInt(number);
            }
            case Long number -> {
                out.writeByte(LONG);
                out.writeLong(number);
            }
            case Float number -> {
                out.writeByte(FLOAT);
                out.writeFloat(number);
            }
            case Double number -> {
                out.writeByte(DOUBLE);
                out.writeDouble(number);
            }
            case Character character -> {
                out.writeByte(CHAR);
                out.writeChar(character);
            }
            case UUID uuid -> {
                out.writeByte(UUID_VALUE);
                out.writeLong(uuid.getMostSignificantBits());
                out.writeLong(uuid.getLeastSignificantBits());
            }
            // An AMQP timestamp decodes to a Date, and is encoded from one again when the message is delivered.
            case Date date -> {
                out.writeByte(TIMESTAMP);
                out.writeLong(date.getTime());
            }
            default -> throw new IllegalArgumentException("cannot keep a " + value.getClass().getName());
        }
    }

    static Object readValue(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL_VALUE -> null;
            case STRING -> readString(in);
            case BOOLEAN -> in.readBoolean();
            case BYTE -> in.readByte();
            case SHORT -> in.readShort();
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case FLOAT -> in.readFloat();
            case DOUBLE -> in.readDouble();
            case CHAR -> in.readChar();
            case UUID_VALUE -> new UUID(in.readLong(), in.readLong());
            case TIMESTAMP -> new Date(in.readLong());
            default -> throw new IOException("unknown property value tag " + tag);
        };
    }
}
