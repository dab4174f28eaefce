package no.dpe.tracker.core.asic;

import java.io.ByteArrayOutputStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsicETest {

    static final List<AsicFile> FILES = List.of(
            new AsicFile("journalpost.json", "application/json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)),
            new AsicFile("vedlegg & notat.pdf", "application/pdf", new byte[] {1, 2, 3}));

    @Test
    void files_written_into_a_container_read_back_with_their_media_types() throws Exception {
        assertThat(AsicE.read(AsicE.write(FILES))).containsExactlyElementsOf(FILES);
    }

    @Test
    void the_first_entry_is_the_uncompressed_mimetype() throws Exception {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(AsicE.write(FILES)))) {
            ZipEntry first = zip.getNextEntry();
            assertThat(first.getName()).isEqualTo("mimetype");
            assertThat(first.getMethod()).isEqualTo(ZipEntry.STORED);
            assertThat(new String(zip.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(AsicE.MIME_TYPE);
        }
    }

    @Test
    void a_zip_without_the_asic_mimetype_is_refused() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("journalpost.json"));
            zip.write(1);
        }

        assertThatThrownBy(() -> AsicE.read(bytes.toByteArray())).isInstanceOf(InvalidAsicException.class);
    }

    @Test
    void bytes_that_are_not_a_zip_are_refused() {
        assertThatThrownBy(() -> AsicE.read("not a zip".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidAsicException.class);
    }
}
