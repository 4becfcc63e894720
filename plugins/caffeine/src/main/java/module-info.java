/**
 * The Caffeine cache backend of Patinox Memory: a {@link org.patinox.memory.spi.CacheBackendProvider}
 * named {@code caffeine} that runs the {@link org.patinox.memory.cache.Cache} API on a Caffeine
 * cache, with Caffeine's own W-TinyLFU eviction. A cache chooses it with {@code
 * patinox.memory.cache.backend=caffeine} and a policy of {@code w-tinylfu}, {@code caffeine} or
 * {@code ttl}. It exports nothing: users reach it through the API and {@link java.util.ServiceLoader}.
 */
module org.patinox.memory.caffeine {
    requires org.patinox.memory.api;
    requires com.github.benmanes.caffeine;

    provides org.patinox.memory.spi.CacheBackendProvider
            with org.patinox.memory.caffeine.internal.CaffeineBackendProvider;
}
