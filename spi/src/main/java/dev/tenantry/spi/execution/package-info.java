/** Executions: what a tenant asks to run, how it ended, and what it used. */
package dev.tenantry.spi.execution;
