/**
 * Provider {@code lockfree}: Patinox Memory on compare-and-set and lock-free ring buffers, for
 * high contention; its logging monitor hands events over a JCTools VarHandle queue. It exports
 * nothing; the library finds it by service binding. Nothing in it reaches {@code sun.misc.Unsafe},
 * so it needs no {@code jdk.unsupported} and runs under {@code --sun-misc-unsafe-memory-access=deny}.
 */
module org.patinox.memory.lockfree {
    requires org.patinox.memory.api;
    requires org.jctools.core.jdk11;

    provides org.patinox.memory.spi.MemoryProvider with org.patinox.memory.lockfree.LockFreeMemoryProvider;
}
