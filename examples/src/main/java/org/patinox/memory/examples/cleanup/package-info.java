/**
 * A cleanup plugin of the examples' own, as an application writes one: {@link
 * org.patinox.memory.examples.cleanup.ScratchDirectoryCleanup} deletes a {@link
 * org.patinox.memory.examples.cleanup.ScratchDirectory}. Not exported: {@link java.util.ServiceLoader}
 * reaches the provider through the module's {@code provides} and the class path's services file.
 */
package org.patinox.memory.examples.cleanup;
