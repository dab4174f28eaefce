package no.dpe.tracker.core.asic;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The ASiC-E container DPE carries a message's files in (ETSI EN 319 162): a ZIP whose first entry is an
 * uncompressed {@code mimetype}, then the files, then {@code META-INF/manifest.xml} naming each file's
 * media type.
 *
 * <p>The containers written here are <em>unsigned</em>: the real integration point signs with the
 * agency's enterprise certificate, which a tracker does not hold. Signatures in containers read here
 * ({@code META-INF/*}) are kept out of the file list, not verified.
 */
public final class AsicE {

    public static final String MIME_TYPE = "application/vnd.etsi.asic-e+zip";
    private static final String MANIFEST = "META-INF/manifest.xml";
    private static final Pattern MANIFEST_ENTRY = Pattern.compile(
            "<manifest:file-entry\\s+manifest:full-path=\"([^\"]*)\"\\s+manifest:media-type=\"([^\"]*)\"");

    private AsicE() {
    }

    public static byte[] write(List<AsicFile> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            byte[] mimeType = MIME_TYPE.getBytes(StandardCharsets.US_ASCII);
            ZipEntry mimeTypeEntry = new ZipEntry("mimetype");
            mimeTypeEntry.setMethod(ZipEntry.STORED);
            mimeTypeEntry.setSize(mimeType.length);
            CRC32 crc = new CRC32();
            crc.update(mimeType);
            mimeTypeEntry.setCrc(crc.getValue());
            zip.putNextEntry(mimeTypeEntry);
            zip.write(mimeType);
            zip.closeEntry();
            for (AsicFile file : files) {
                zip.putNextEntry(new ZipEntry(file.name()));
                zip.write(file.content());
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(manifest(files).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The files of a container, in container order.
     *
     * @throws InvalidAsicException when it is not a ZIP with the ASiC-E mimetype first
     */
    public static List<AsicFile> read(byte[] container) throws InvalidAsicException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        Map<String, String> mediaTypes = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(container))) {
            ZipEntry first = zip.getNextEntry();
            if (first == null || !first.getName().equals("mimetype")
                    || !new String(zip.readAllBytes(), StandardCharsets.US_ASCII).equals(MIME_TYPE)) {
                throw new InvalidAsicException("not an ASiC-E container: the first entry must be 'mimetype' with "
                        + MIME_TYPE);
            }
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                byte[] content = zip.readAllBytes();
                if (entry.getName().equals(MANIFEST)) {
                    Matcher matcher = MANIFEST_ENTRY.matcher(new String(content, StandardCharsets.UTF_8));
                    while (matcher.find()) {
                        mediaTypes.put(unescape(matcher.group(1)), unescape(matcher.group(2)));
                    }
                } else if (!entry.isDirectory() && !entry.getName().startsWith("META-INF/")) {
                    contents.put(entry.getName(), content);
                }
            }
        } catch (IOException e) {
            throw new InvalidAsicException("not a readable ZIP: " + e.getMessage());
        }
        List<AsicFile> files = new ArrayList<>();
        contents.forEach((name, content) -> files.add(
                new AsicFile(name, mediaTypes.getOrDefault(name, "application/octet-stream"), content)));
        return files;
    }

    private static String manifest(List<AsicFile> files) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">\n"
                + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"" + MIME_TYPE + "\"/>\n");
        for (AsicFile file : files) {
            xml.append("<manifest:file-entry manifest:full-path=\"").append(escape(file.name()))
                    .append("\" manifest:media-type=\"").append(escape(file.mediaType())).append("\"/>\n");
        }
        return xml.append("</manifest:manifest>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String unescape(String text) {
        return text.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
