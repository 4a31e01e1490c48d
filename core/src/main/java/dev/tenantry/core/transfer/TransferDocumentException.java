package dev.tenantry.core.transfer;

import java.util.Objects;

/**
 * An export document that cannot be imported as it is: not JSON, not this format or version, a section
 * whose count or checksum differs from the manifest, or a value of the wrong shape. Nothing was written.
 */
public final class TransferDocumentException extends IllegalArgumentException {
    private final String section;

    /**
     * @param section the section at fault, or {@code document} for the document as a whole
     * @param message what is wrong, for a person
     */
    public TransferDocumentException(String section, String message) {
        super(message);
        this.section = Objects.requireNonNull(section, "section");
    }

    /** {@return the section at fault, or {@code document} for the document as a whole} */
    public String section() {
        return section;
    }
}
