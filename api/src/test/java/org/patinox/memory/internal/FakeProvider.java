package org.patinox.memory.internal;

import java.util.Optional;
import java.util.function.Function;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.spi.ConnectionManager;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.MemoryProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;

/** A {@link MemoryProvider} for tests of resolution and of the runtime. */
record FakeProvider(String name, int priority, Function<ProviderContext, Optional<Monitor>> monitor)
        implements MemoryProvider {

    FakeProvider(String name, int priority) {
        this(name, priority, context -> Optional.empty());
    }

    @Override
    public String description() {
        return "a fake for tests";
    }

    @Override
    public Optional<Monitor> createMonitor(ProviderContext context) {
        return monitor.apply(context);
    }

    @Override
    public <C> Pool<C> createPool(ConnectionManager<C> manager, PoolConfig config, ProviderContext context,
                                  Monitor monitor) {
        return new FakePool<>(config);
    }

    @Override
    public <K, V> Cache<K, V> createCache(CacheConfig<K, V> config, EvictionStrategy<K, V> strategy,
                                          ProviderContext context, Monitor monitor) {
        return new FakeCache<>(config, strategy);
    }

    @Override
    public org.patinox.memory.resource.ResourceRegistry createRegistry(
            org.patinox.memory.resource.ResourceConfig config,
            java.util.List<org.patinox.memory.spi.AsyncCleanupProvider> cleanups, ProviderContext context,
            Monitor monitor) {
        return FakeRegistry.open(config, cleanups, context, monitor);
    }
}
