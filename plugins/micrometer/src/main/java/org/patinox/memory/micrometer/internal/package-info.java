/**
 * The service-provider side of the Micrometer plugin. Not exported: only {@link
 * org.patinox.memory.micrometer.internal.MicrometerMonitorProvider} is public, for {@link
 * java.util.ServiceLoader}.
 */
package org.patinox.memory.micrometer.internal;
