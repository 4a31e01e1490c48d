package dev.tenantry.billing.rules;

import dev.tenantry.spi.metering.Meter;

/** Human names of meters for invoice lines. */
final class MeterNames {
    private MeterNames() {
    }

    static String describe(Meter meter) {
        return switch (meter) {
            case EXECUTIONS -> "Executions";
            case CPU_MS -> "CPU time in ms";
            case WALL_MS -> "Wall time in ms";
            case MEMORY_MB_SECONDS -> "Memory in MiB-seconds";
            case API_CALLS -> "Host API calls";
            case ALLOCATED_BYTES -> "Allocated bytes";
            case STORAGE_GB_HOURS -> "Storage in GiB-hours";
        };
    }
}
