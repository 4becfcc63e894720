package org.patinox.memory.classpath;

import java.util.Optional;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.spi.ConnectionManager;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.MemoryProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;
import org.patinox.memory.share.ConfigData;
import org.patinox.memory.share.MutableSharedData;
import org.patinox.memory.share.ShareConfig;
import org.patinox.memory.share.SharedData;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/** A provider registered in this module's META-INF/services whose constructor fails. */
public final class ThrowingProvider implements MemoryProvider {

    /** Fails, as a provider with a missing dependency would. */
    public ThrowingProvider() {
        throw new IllegalStateException("injected constructor failure");
    }

    @Override
    public String name() {
        return "throwing";
    }

    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public String description() {
        return "never constructed";
    }

    @Override
    public Optional<Monitor> createMonitor(ProviderContext context) {
        return Optional.empty();
    }

    @Override
    public <C> Pool<C> createPool(ConnectionManager<C> manager, PoolConfig config, ProviderContext context,
                                  Monitor monitor) {
        throw new AssertionError("never called: the constructor fails");
    }

    @Override
    public <K, V> Cache<K, V> createCache(CacheConfig<K, V> config, EvictionStrategy<K, V> strategy,
                                          ProviderContext context, Monitor monitor) {
        throw new AssertionError("never called: the constructor fails");
    }

    @Override
    public org.patinox.memory.resource.ResourceRegistry createRegistry(
            org.patinox.memory.resource.ResourceConfig config,
            java.util.List<org.patinox.memory.spi.AsyncCleanupProvider> cleanups, ProviderContext context,
            Monitor monitor) {
        throw new AssertionError("never called: the constructor fails");
    }

    @Override
    public <T> SharedData<T> createShared(T initial, ShareConfig config, ProviderContext context, Monitor monitor) {
        throw new AssertionError("never called: the constructor fails");
    }

    @Override
    public <T> MutableSharedData<T> createMutableShared(Supplier<? extends T> factory, ShareConfig config,
                                                        ProviderContext context, Monitor monitor) {
        throw new AssertionError("never called: the constructor fails");
    }

    @Override
    public <K, V> ConcurrentMap<K, V> createConcurrentMap(ProviderContext context) {
        throw new AssertionError("never called: the constructor fails");
    }

    @Override
    public <T> ConfigData<T> createConfig(T initial, List<ConfigData.Validator<? super T>> validators,
                                          ShareConfig config, ProviderContext context, Monitor monitor) {
        throw new AssertionError("never called: the constructor fails");
    }
}
