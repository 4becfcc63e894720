/**
 * The events the library reports to a {@link org.patinox.memory.spi.Monitor}: a sealed family of
 * records, each with a timestamp, the name of its source, an {@link
 * org.patinox.memory.monitor.EventKind} and attributes.
 */
package org.patinox.memory.monitor;
