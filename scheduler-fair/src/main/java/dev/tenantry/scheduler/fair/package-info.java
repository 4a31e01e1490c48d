/**
 * Schedulers for the platform's workers: {@link dev.tenantry.scheduler.fair.FairSchedulerProvider fair},
 * {@link dev.tenantry.scheduler.fair.PriorityAgingSchedulerProvider priority-aging} and
 * {@link dev.tenantry.scheduler.fair.FifoSchedulerProvider fifo}, configured by
 * {@link dev.tenantry.scheduler.fair.SchedulerSettings}.
 */
package dev.tenantry.scheduler.fair;
