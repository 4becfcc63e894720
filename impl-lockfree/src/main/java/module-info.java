/**
 * Provider {@code lockfree}: Patinox Memory on JCTools queues and non-blocking algorithms, for
 * high contention. It exports nothing; the library finds it by service binding.
 */
module org.patinox.memory.lockfree {
    requires org.patinox.memory.api;
    requires org.jctools.core;

    provides org.patinox.memory.spi.MemoryProvider with org.patinox.memory.lockfree.LockFreeMemoryProvider;
}
