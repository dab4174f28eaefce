package no.dpe.tracker.packaging;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * eFormidling's {@code manifest.xml}, the first entry of every package: who receives it, who sends it, and which
 * file is the main document. Written as the real integration point writes it (its ManifestFactory, marshalled by
 * MOXy): no namespace, {@code mottaker} / {@code avsender} each naming an {@code organisasjon} by ISO 6523
 * ({@code 0192:<orgnr>}), {@code hoveddokument} with its file name and media type and the title "Hoveddokument",
 * three-space indentation. Receivers read it as XML, so the layout is courtesy, not contract.
 */
final class EformidlingManifest {

    static final String NAME = "manifest.xml";
    static final String MEDIA_TYPE = "application/xml";
    private static final String AUTHORITY = "iso6523-actorid-upis";

    private EformidlingManifest() {
    }

    static byte[] write(String receiverOrgnr, String senderOrgnr, String mainDocument, String mainMediaType) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("manifest");
            party(xml, "mottaker", receiverOrgnr);
            party(xml, "avsender", senderOrgnr);
            xml.writeCharacters("\n   ");
            xml.writeStartElement("hoveddokument");
            xml.writeAttribute("href", mainDocument);
            xml.writeAttribute("mime", mainMediaType);
            xml.writeCharacters("\n      ");
            xml.writeStartElement("tittel");
            xml.writeAttribute("lang", "no");
            xml.writeCharacters("Hoveddokument");
            xml.writeEndElement();
            xml.writeCharacters("\n   ");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing XML to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void party(XMLStreamWriter xml, String role, String orgnr) throws XMLStreamException {
        xml.writeCharacters("\n   ");
        xml.writeStartElement(role);
        xml.writeCharacters("\n      ");
        xml.writeStartElement("organisasjon");
        xml.writeAttribute("authority", AUTHORITY);
        xml.writeCharacters("0192:" + orgnr);
        xml.writeEndElement();
        xml.writeCharacters("\n   ");
        xml.writeEndElement();
    }

    static String text(byte[] manifest) {
        return new String(manifest, StandardCharsets.UTF_8);
    }
}
