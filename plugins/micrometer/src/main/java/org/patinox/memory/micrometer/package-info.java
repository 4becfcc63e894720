/**
 * Micrometer metrics for Patinox Memory: {@link org.patinox.memory.micrometer.PatinoxMetrics}
 * binds gauges and function counters over the components' statistics, and {@link
 * org.patinox.memory.micrometer.MicrometerMonitor} counts the library's events and times resource
 * cleanups.
 */
package org.patinox.memory.micrometer;
