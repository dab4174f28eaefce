package no.dpe.tracker.core.asic;

import java.util.Arrays;
import java.util.Objects;

/** One file in an ASiC-E container. */
public record AsicFile(String name, String mediaType, byte[] content) {

    public AsicFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(content, "content");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AsicFile that && name.equals(that.name) && mediaType.equals(that.mediaType)
                && Arrays.equals(content, that.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, mediaType, Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return "AsicFile[" + name + ", " + mediaType + ", " + content.length + " bytes]";
    }
}
