package dev.tenantry.spi.metering;

/** What a usage event records. */
public enum UsageKind {
    /** One execution, with its CPU, wall, memory, allocation, API and output figures. */
    EXECUTION,
    /** A sample of stored data over an interval, counted in byte-hours. */
    STORAGE
}
