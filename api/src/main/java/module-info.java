/**
 * The API and SPI of Patinox Memory: every type a user or a plugin author touches.
 *
 * <p>Implementations ({@code org.patinox.memory.standard}, {@code org.patinox.memory.lockfree})
 * and plugins arrive by service binding: this module {@code uses} every provider interface and
 * depends on nothing but {@code java.base}.
 *
 * <p>The built-in eviction strategies ({@code lru}, {@code lfu}, {@code ttl}) are provided here,
 * so that every implementation and the TCK find them by name as they find a plugin's.
 *
 * <p>{@code org.patinox.memory.support} holds the slow-path code that the first-party
 * implementations ({@code standard}, {@code lockfree} and the {@code caffeine} cache backend) must
 * run alike; it is exported to them only and is no API: nobody else may depend on it.
 */
module org.patinox.memory.api {
    exports org.patinox.memory;
    exports org.patinox.memory.pool;
    exports org.patinox.memory.cache;
    exports org.patinox.memory.monitor;
    exports org.patinox.memory.spi;
    exports org.patinox.memory.resource;
    exports org.patinox.memory.mapping;
    exports org.patinox.memory.share;
    // What the first-party implementations must do alike, written once (DECISIONS: "Implementations
    // share nothing but the API module"); not an API: exported to them alone.
    exports org.patinox.memory.support to
            org.patinox.memory.standard,
            org.patinox.memory.lockfree,
            org.patinox.memory.caffeine;

    uses org.patinox.memory.spi.MemoryProvider;
    uses org.patinox.memory.spi.MonitorProvider;
    uses org.patinox.memory.spi.ConnectionManagerProvider;
    uses org.patinox.memory.spi.EvictionStrategyProvider;
    uses org.patinox.memory.spi.CacheBackendProvider;
    uses org.patinox.memory.spi.AsyncCleanupProvider;

    provides org.patinox.memory.spi.EvictionStrategyProvider with
            org.patinox.memory.internal.LruStrategyProvider,
            org.patinox.memory.internal.LfuStrategyProvider,
            org.patinox.memory.internal.TtlStrategyProvider;

    provides org.patinox.memory.spi.AsyncCleanupProvider with
            org.patinox.memory.internal.BuiltInCleanups.AutoCloseables,
            org.patinox.memory.internal.BuiltInCleanups.ExecutorServices,
            org.patinox.memory.internal.BuiltInCleanups.Processes,
            org.patinox.memory.internal.BuiltInCleanups.Paths,
            org.patinox.memory.internal.BuiltInCleanups.Arenas;
}
