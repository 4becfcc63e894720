/**
 * Provider {@code standard}: Patinox Memory on plain {@code java.util.concurrent}, simple to read
 * and proven. It exports nothing; the library finds it by service binding.
 */
module org.patinox.memory.standard {
    requires org.patinox.memory.api;

    provides org.patinox.memory.spi.MemoryProvider with org.patinox.memory.standard.StandardMemoryProvider;
}
