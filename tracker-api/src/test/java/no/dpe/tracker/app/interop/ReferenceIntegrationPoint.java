package no.dpe.tracker.app.interop;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import no.difi.asic.AsicReader;
import no.difi.asic.AsicReaderFactory;
import no.difi.asic.AsicWriter;
import no.difi.asic.AsicWriterFactory;
import no.difi.asic.MimeType;
import no.difi.asic.SignatureHelper;
import no.difi.asic.SignatureMethod;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.CMSEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * eFormidling's integration point on the other side of Service Bus, written for these tests from what its public
 * source does (efm-integrasjonspunkt's NextMoveServiceBusPayloadFactory, ServiceBusPayload, AsicHandlerImpl,
 * ManifestFactory; efm-common's CreateCMSDocument, DecryptCMSDocument), not from our code, with the libraries it
 * uses: commons-asic for the signed ASiC-E, BouncyCastle for CMS, Jackson for the body. What it sends, a tracker must
 * read; what a tracker sends, it must read.
 */
final class ReferenceIntegrationPoint {

    /** The real one's body: the SBD and the package's base64 text in a byte[], which Jackson base64-encodes again. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class ServiceBusPayload {
        public JsonNode sbd;
        public byte[] asic;
    }

    /** What it reads out of a package: the files by name, eFormidling's manifest, the signer's subject. */
    record Unpacked(Map<String, byte[]> files, String manifest, String signer) {
    }

    /** Its ObjectMapper: pretty-printed, nulls left out. */
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    final String orgnr;
    private final KeyStore keyStore;
    private final String alias;
    private final String password;
    private final ServiceBusClientBuilder sdk;

    ReferenceIntegrationPoint(String orgnr, Path keystore, String alias, String password, ServiceBusClientBuilder sdk)
            throws Exception {
        this.orgnr = orgnr;
        this.alias = alias;
        this.password = password;
        this.sdk = sdk;
        this.keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keyStore.load(in, password.toCharArray());
        }
    }

    X509Certificate certificate() throws Exception {
        return (X509Certificate) keyStore.getCertificate(alias);
    }

    /** As its AsicHandlerImpl: manifest.xml, then the files, signed with CAdES by the enterprise key. */
    byte[] asice(String sender, String receiver, Map<String, byte[]> files, String mainMediaType) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsicWriter writer = AsicWriterFactory.newFactory(SignatureMethod.CAdES).newContainer(out);
        String main = files.keySet().iterator().next();
        writer.add(new ByteArrayInputStream(manifest(receiver, sender, main, mainMediaType)), "manifest.xml",
                MimeType.forString("application/xml"));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            writer.add(new ByteArrayInputStream(file.getValue()), file.getKey(),
                    MimeType.forString(file.getKey().equals(main) ? mainMediaType : "text/plain"));
        }
        writer.sign(new SignatureHelper(keyStore, alias, password));
        return out.toByteArray();
    }

    /** What MOXy writes for its Manifest: no namespace, three-space indent, the title always "Hoveddokument". */
    static byte[] manifest(String receiver, String sender, String main, String mediaType) {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <manifest>
                   <mottaker>
                      <organisasjon authority="iso6523-actorid-upis">0192:%s</organisasjon>
                   </mottaker>
                   <avsender>
                      <organisasjon authority="iso6523-actorid-upis">0192:%s</organisasjon>
                   </avsender>
                   <hoveddokument href="%s" mime="%s">
                      <tittel lang="no">Hoveddokument</tittel>
                   </hoveddokument>
                </manifest>
                """).formatted(receiver, sender, main, mediaType).getBytes(StandardCharsets.UTF_8);
    }

    /** As efm-common's CreateCMSDocument for DPE: streamed EnvelopedData, AES-256-CBC, the key by RSA PKCS#1 v1.5. */
    static byte[] envelope(byte[] content, X509Certificate receiver) throws Exception {
        CMSEnvelopedDataStreamGenerator generator = new CMSEnvelopedDataStreamGenerator();
        generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(receiver).setProvider(BC));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream encrypting = generator.open(out,
                new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).build())) {
            encrypting.write(content);
        }
        return out.toByteArray();
    }

    /** As DecryptCMSDocument: the first recipient, our key. */
    byte[] decrypt(byte[] cms) throws Exception {
        RecipientInformation recipient = new CMSEnvelopedDataParser(cms).getRecipientInfos().getRecipients()
                .iterator().next();
        try (InputStream content = recipient.getContentStream(new JceKeyTransEnvelopedRecipient(
                (PrivateKey) keyStore.getKey(alias, password.toCharArray())).setProvider(BC)).getContentStream()) {
            return content.readAllBytes();
        }
    }

    /** As efm-common's AsicParser: every file through commons-asic's reader, which checks the signature. */
    static Unpacked unpack(byte[] asic) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        String signer;
        try (AsicReader reader = AsicReaderFactory.newFactory().open(new ByteArrayInputStream(asic))) {
            for (String name = reader.getNextFile(); name != null; name = reader.getNextFile()) {
                try (InputStream in = reader.inputStream()) {
                    files.put(name, in.readAllBytes());
                }
            }
            byte[] certificate = reader.getAsicManifest().getCertificate().get(0).getCertificate();
            signer = ((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate))).getSubjectX500Principal().getName();
        }
        return new Unpacked(files, new String(files.remove("manifest.xml"), StandardCharsets.UTF_8), signer);
    }

    static byte[] body(JsonNode sbd, byte[] cms) throws Exception {
        ServiceBusPayload payload = new ServiceBusPayload();
        payload.sbd = sbd;
        payload.asic = cms == null ? null : Base64.getEncoder().encode(cms);
        return JSON.writeValueAsBytes(payload);
    }

    /** The SBD, and the package as CMS (null when there is none). */
    static Map.Entry<JsonNode, byte[]> read(byte[] body) throws Exception {
        ServiceBusPayload payload = JSON.readValue(body, ServiceBusPayload.class);
        return Map.entry(payload.sbd, payload.asic == null ? new byte[0] : Base64.getDecoder().decode(payload.asic));
    }

    /** Sends as the real one does: no MessageId, no properties, the JSON as the body. */
    void send(String queue, byte[] body) {
        try (ServiceBusSenderClient sender = sdk.sender().queueName(queue).buildClient()) {
            sender.sendMessage(new ServiceBusMessage(body));
        }
    }

    /** The next messages on the queue, completed. */
    List<ServiceBusReceivedMessage> receive(String queue, int count, Duration wait) {
        try (ServiceBusReceiverClient receiver = sdk.receiver().queueName(queue)
                .receiveMode(ServiceBusReceiveMode.RECEIVE_AND_DELETE).buildClient()) {
            return receiver.receiveMessages(count, wait).stream().toList();
        }
    }
}
