package org.patinox.memory.spi;

/**
 * The blocking form of an {@link AsyncCleanup}: a plain method that returns when the resource is
 * released and may throw any exception, for resources released by blocking code (deleting files,
 * waiting for an executor or a process to stop). Adapt it with {@link AsyncCleanup#blocking}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Threads.</b> It runs on a virtual thread of the registry's {@link
 *       org.patinox.memory.MemoryUtilities}, never on the caller's thread nor on the instance's
 *       scheduler: blocking is expected. The caller of the guard's {@code close()} waits for it,
 *       within the cleanup timeout.
 *   <li><b>Exceptions.</b> It may throw any exception, checked or not: the registry reports it as a
 *       failed cleanup, with the resource's info, and never calls it again for that resource.
 *   <li><b>Interruption.</b> At the cleanup timeout the registry stops waiting and interrupts the
 *       thread running it: it should let interruption abort what blocks (throwing {@link
 *       InterruptedException} is right).
 * </ul>
 *
 * @param <T> the type of resource
 */
@FunctionalInterface
public interface BlockingCleanup<T> {

    /**
     * Releases the resource, blocking until it is released.
     *
     * @param resource the resource, never {@code null}
     * @throws Exception when it cannot be released; the registry reports it
     */
    void cleanup(T resource) throws Exception;
}
