package dev.tenantry.spi;

/**
 * The version of this SPI. A provider reports the major version it was compiled against through
 * {@link Provider#spiVersion()}; the platform refuses a provider whose major version differs from
 * {@link #MAJOR}, because a major change may remove or change methods the provider relies on.
 * Minor versions only add default methods and new types, so they stay compatible.
 */
public final class SpiVersion {
    /** Incremented on an incompatible change of any SPI type. */
    public static final int MAJOR = 1;
    /** Incremented when types or default methods are added. */
    public static final int MINOR = 1;

    private SpiVersion() {
    }

    /** {@return the version as {@code MAJOR.MINOR}} */
    public static String asString() {
        return MAJOR + "." + MINOR;
    }
}
