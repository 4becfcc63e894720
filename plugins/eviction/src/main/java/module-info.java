/**
 * Eviction strategies for Patinox Memory caches beyond the built-in {@code lru}, {@code lfu} and
 * {@code ttl}: {@code w-tinylfu}, {@code arc}, {@code sieve}, {@code s3-fifo} and {@code adaptive}, found by name
 * through {@link org.patinox.memory.spi.EvictionStrategyProvider} when a cache's policy is {@code
 * EvictionPolicy.named(...)}. It exports nothing: a strategy is reached by its name only.
 */
module org.patinox.memory.eviction {
    requires org.patinox.memory.api;

    provides org.patinox.memory.spi.EvictionStrategyProvider with
            org.patinox.memory.eviction.internal.WTinyLfuProvider,
            org.patinox.memory.eviction.internal.ArcProvider,
            org.patinox.memory.eviction.internal.SieveProvider,
            org.patinox.memory.eviction.internal.S3FifoProvider,
            org.patinox.memory.eviction.internal.AdaptiveProvider;
}
