/**
 * What implementations and plugins provide: the service interfaces that {@link
 * java.util.ServiceLoader} finds ({@link org.patinox.memory.spi.MemoryProvider}, {@link
 * org.patinox.memory.spi.MonitorProvider}) and the extension points they supply ({@link
 * org.patinox.memory.spi.Monitor}).
 *
 * <p>A provider is a small stateless factory with a public no-argument constructor, registered
 * twice: {@code provides ... with} in its {@code module-info.java} for the module path, and a
 * {@code META-INF/services} file for the class path. Each interface states its thread-safety,
 * interruption and exception contract.
 */
package org.patinox.memory.spi;
