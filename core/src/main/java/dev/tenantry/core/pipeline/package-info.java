/**
 * The execution pipeline: admission, the scheduler queue, the worker pool that runs sandboxes, metering
 * before the result is returned, and events. Internal to core; reached through {@code Platform}.
 */
package dev.tenantry.core.pipeline;
