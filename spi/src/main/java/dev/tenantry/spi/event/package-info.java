/** Events: threshold warnings, critical events, limit changes, rejections and kills, and their listeners. */
package dev.tenantry.spi.event;
