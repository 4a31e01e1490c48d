/** Platform events: asynchronous, ordered delivery to configured listeners and to subscribers. */
package dev.tenantry.core.events;
