package no.dpe.tracker.packaging;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.KeyTransRecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sealing and opening packages between two organisations' real keys (generated keystores, BouncyCastle). */
class DpePackagesTest {

    static final String AGENCY = "986252932";
    static final String EINNSYN = "991825827";
    static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    @TempDir
    static Path keys;

    static DpePackages agency;
    static DpePackages einnsyn;
    static DpePackages stranger;

    static final List<PackagedFile> FILES = List.of(
            new PackagedFile("journalpost.json", "application/json",
                    "{\"tittel\": \"Vedtak\"}".getBytes(StandardCharsets.UTF_8)),
            new PackagedFile("vedlegg æøå.txt", "text/plain", "vedlegg".getBytes(StandardCharsets.UTF_8)));

    @BeforeAll
    static void keys() {
        agency = new DpePackages(Keystores.loadOrGenerate(keys.resolve("agency.p12"), "secret", "agency", AGENCY,
                "Agency", NOW));
        einnsyn = new DpePackages(Keystores.loadOrGenerate(keys.resolve("einnsyn.p12"), "secret", "einnsyn", EINNSYN,
                "eInnsyn", NOW));
        stranger = new DpePackages(Keystores.loadOrGenerate(keys.resolve("stranger.p12"), "secret", "stranger",
                "910077473", "Stranger", NOW));
    }

    @Test
    void a_sealed_package_opens_with_the_receivers_key_with_its_files_in_order_and_the_sender_as_signer() {
        byte[] sealed = agency.seal(AGENCY, EINNSYN, FILES, einnsyn.key().certificate());

        OpenedPackage opened = einnsyn.open(sealed);

        assertThat(opened.files()).extracting(PackagedFile::name).containsExactly("journalpost.json", "vedlegg æøå.txt");
        assertThat(opened.files()).extracting(PackagedFile::mediaType).containsExactly("application/json", "text/plain");
        assertThat(opened.files().get(0).content()).isEqualTo(FILES.get(0).content());
        assertThat(opened.signer().organisationNumber()).isEqualTo(AGENCY);
        assertThat(opened.signer().serialNumber())
                .isEqualTo(agency.key().certificate().getSerialNumber().toString(16));
    }

    @Test
    void packages_sealed_at_the_same_time_by_one_sender_each_open_with_their_own_files_and_a_valid_signature()
            throws Exception {
        int threads = 8;
        int each = 5;
        CyclicBarrier together = new CyclicBarrier(threads);
        ExecutorService sealers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<byte[]>>> sealed = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                sealed.add(sealers.submit(() -> {
                    together.await();
                    List<byte[]> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(agency.seal(AGENCY, EINNSYN, List.of(numbered(thread, i)), einnsyn.key().certificate()));
                    }
                    return mine;
                }));
            }
            for (int t = 0; t < threads; t++) {
                List<byte[]> mine = sealed.get(t).get(1, TimeUnit.MINUTES);
                for (int i = 0; i < each; i++) {
                    OpenedPackage opened = einnsyn.open(mine.get(i));
                    assertThat(opened.files()).hasSize(1);
                    assertThat(opened.files().get(0).content()).isEqualTo(numbered(t, i).content());
                    assertThat(opened.signer().organisationNumber()).isEqualTo(AGENCY);
                }
            }
        } finally {
            sealers.shutdownNow();
        }
    }

    private static PackagedFile numbered(int thread, int i) {
        return new PackagedFile("journalpost.json", "application/json",
                ("{\"tittel\": \"Vedtak " + thread + "-" + i + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_container_is_an_asic_e_with_eformidlings_manifest_first_and_a_cades_signature() throws IOException {
        byte[] asic = agency.asic(AGENCY, EINNSYN, FILES);

        List<String> entries = new ArrayList<>();
        String manifest = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(asic))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.add(entry.getName());
                byte[] content = zip.readAllBytes();
                if (entry.getName().equals("mimetype")) {
                    assertThat(new String(content, StandardCharsets.US_ASCII)).isEqualTo("application/vnd.etsi.asic-e+zip");
                }
                if (entry.getName().equals("manifest.xml")) {
                    manifest = new String(content, StandardCharsets.UTF_8);
                }
            }
        }
        assertThat(entries.subList(0, 4)).containsExactly("mimetype", "manifest.xml", "journalpost.json",
                "vedlegg æøå.txt");
        assertThat(entries).contains("META-INF/ASiCManifest.xml")
                .anyMatch(name -> name.matches("META-INF/signature-.*\\.p7s"));
        assertThat(manifest).isEqualTo("""
                <?xml version="1.0" encoding="UTF-8"?>
                <manifest>
                   <mottaker>
                      <organisasjon authority="iso6523-actorid-upis">0192:991825827</organisasjon>
                   </mottaker>
                   <avsender>
                      <organisasjon authority="iso6523-actorid-upis">0192:986252932</organisasjon>
                   </avsender>
                   <hoveddokument href="journalpost.json" mime="application/json">
                      <tittel lang="no">Hoveddokument</tittel>
                   </hoveddokument>
                </manifest>
                """);
    }

    @Test
    void the_envelope_is_aes_256_cbc_with_the_key_sent_by_rsa_pkcs1_to_the_receiver_by_issuer_and_serial()
            throws Exception {
        byte[] sealed = agency.seal(AGENCY, EINNSYN, FILES, einnsyn.key().certificate());

        CMSEnvelopedDataParser parser = new CMSEnvelopedDataParser(sealed);
        assertThat(parser.getEncryptionAlgOID()).isEqualTo(CMSAlgorithm.AES256_CBC.getId());
        RecipientInformation recipient = parser.getRecipientInfos().getRecipients().iterator().next();
        assertThat(recipient.getKeyEncryptionAlgOID()).as("rsaEncryption: PKCS#1 v1.5").isEqualTo("1.2.840.113549.1.1.1");
        KeyTransRecipientId id = (KeyTransRecipientId) recipient.getRID();
        assertThat(id.getSerialNumber()).isEqualTo(einnsyn.key().certificate().getSerialNumber());
    }

    @Test
    void a_package_for_another_key_is_undecryptable() {
        byte[] sealed = agency.seal(AGENCY, EINNSYN, FILES, stranger.key().certificate());

        assertThatThrownBy(() -> einnsyn.open(sealed))
                .isInstanceOfSatisfying(PackageException.class,
                        e -> assertThat(e.reason()).isEqualTo(PackageException.UNDECRYPTABLE));
    }

    @Test
    void a_small_package_that_unpacks_to_more_than_a_package_may_is_too_large() {
        byte[] zeros = new byte[(int) DpePackages.MAX_UNPACKED_SIZE + 1];
        byte[] sealed = agency.seal(AGENCY, EINNSYN, List.of(new PackagedFile("zeros.bin", "application/octet-stream",
                zeros)), einnsyn.key().certificate());

        assertThat(sealed.length).as("deflated, it travels in one Service Bus message").isLessThan(1024 * 1024);
        assertThatThrownBy(() -> einnsyn.open(sealed))
                .isInstanceOfSatisfying(PackageException.class,
                        e -> assertThat(e.reason()).isEqualTo(PackageException.TOO_LARGE));
    }

    @Test
    void bytes_that_are_not_cms_are_undecryptable() {
        assertThatThrownBy(() -> einnsyn.open("not a package".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(PackageException.class,
                        e -> assertThat(e.reason()).isEqualTo(PackageException.UNDECRYPTABLE));
    }

    @Test
    void an_unsigned_container_has_an_invalid_signature() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("mimetype"));
            out.write("application/vnd.etsi.asic-e+zip".getBytes(StandardCharsets.US_ASCII));
            out.putNextEntry(new ZipEntry("journalpost.json"));
            out.write(FILES.get(0).content());
        }
        byte[] sealed = DpePackages.encrypt(zip.toByteArray(), einnsyn.key().certificate());

        assertThatThrownBy(() -> einnsyn.open(sealed))
                .isInstanceOfSatisfying(PackageException.class,
                        e -> assertThat(e.reason()).isEqualTo(PackageException.INVALID_SIGNATURE));
    }

    @Test
    void a_file_changed_after_signing_has_an_invalid_signature() throws IOException {
        byte[] asic = agency.asic(AGENCY, EINNSYN, FILES);
        ByteArrayOutputStream changed = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(asic));
             ZipOutputStream out = new ZipOutputStream(changed)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(entry.getName().equals("journalpost.json")
                        ? "{\"tittel\": \"Endret\"}".getBytes(StandardCharsets.UTF_8) : content);
            }
        }
        byte[] sealed = DpePackages.encrypt(changed.toByteArray(), einnsyn.key().certificate());

        assertThatThrownBy(() -> einnsyn.open(sealed))
                .isInstanceOfSatisfying(PackageException.class,
                        e -> assertThat(e.reason()).isEqualTo(PackageException.INVALID_SIGNATURE));
    }
}
