package org.patinox.memory.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.patinox.memory.ConfigException;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.spi.CacheBackendProvider;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;

/** Finds what makes a cache: the strategy of its policy, or the backend it names. */
final class CacheFactories {

    private static final String EVICTION_ARTIFACT = "org.patinox:patinox-memory-eviction";
    private static final String CAFFEINE_ARTIFACT = "org.patinox:patinox-memory-caffeine";

    private CacheFactories() {
    }

    /** @return a new strategy for one cache made with this configuration */
    static <K, V> EvictionStrategy<K, V> strategy(CacheConfig<K, V> config) {
        return switch (config.policy()) {
            case EvictionPolicy.Custom(var factory) -> {
                @SuppressWarnings("unchecked") // the user's factory makes strategies for the cache's types
                EvictionStrategy<K, V> made = (EvictionStrategy<K, V>) factory.get();
                if (made == null) {
                    throw new ConfigException(CacheConfig.POLICY + " custom: the factory made null for cache '"
                            + config.name() + "'");
                }
                yield made;
            }
            case EvictionPolicy.Named named -> made(strategyProvider(named.name()), config);
            case EvictionPolicy.TimeToLive ttl -> made(strategyProvider(ttl.name()), config);
        };
    }

    /** @return the provider's strategy for the cache, refused by name when the provider makes none */
    static <K, V> EvictionStrategy<K, V> made(EvictionStrategyProvider provider, CacheConfig<K, V> config) {
        EvictionStrategy<K, V> made = provider.create(config);
        if (made == null) {
            throw new ConfigException(CacheConfig.POLICY + " '" + config.policy().name() + "': "
                    + provider.getClass().getName() + ".create made null for cache '" + config.name() + "'");
        }
        return made;
    }

    /** @return the one strategy provider of the name */
    static EvictionStrategyProvider strategyProvider(String name) {
        return strategyProvider(ProviderResolver.load(EvictionStrategyProvider.class), name);
    }

    /** @return the one strategy provider of the name among those loaded */
    static EvictionStrategyProvider strategyProvider(ProviderResolver.Loaded<EvictionStrategyProvider> loaded,
                                                     String name) {
        return only(loaded, name, EvictionStrategyProvider::name, "eviction strategy", "eviction strategies",
                CacheConfig.POLICY, "w-tinylfu, arc, sieve and s3-fifo come with " + EVICTION_ARTIFACT);
    }

    /** @return the backend's cache for the configuration, refused by name when the backend makes none */
    static <K, V> Cache<K, V> made(CacheBackendProvider backend, CacheConfig<K, V> config, ProviderContext context,
                                   Monitor monitor) {
        Cache<K, V> made = backend.createCache(config, context, monitor);
        if (made == null) {
            throw new ConfigException(CacheConfig.BACKEND + " '" + config.backend() + "': "
                    + backend.getClass().getName() + ".createCache made null for cache '" + config.name() + "'");
        }
        return made;
    }

    /** @return the one backend of the name */
    static CacheBackendProvider backend(String name) {
        return backend(ProviderResolver.load(CacheBackendProvider.class), name);
    }

    /** @return the one backend of the name among those loaded */
    static CacheBackendProvider backend(ProviderResolver.Loaded<CacheBackendProvider> loaded, String name) {
        return only(loaded, name, CacheBackendProvider::name, "cache backend", "cache backends",
                CacheConfig.BACKEND, "caffeine comes with " + CAFFEINE_ARTIFACT);
    }

    /** {@code what} and {@code whats}: the singular and the plural, as English plurals are irregular. */
    private static <S> S only(ProviderResolver.Loaded<S> loaded, String name, Function<S, String> nameOf,
                              String what, String whats, String key, String hint) {
        Map<String, List<S>> byName = new TreeMap<>();
        List<String> skipped = new java.util.ArrayList<>(loaded.failures());
        for (S provider : loaded.providers()) {
            // One plugin that cannot tell its name is skipped and reported, never fatal to the others.
            String providerName;
            try {
                providerName = nameOf.apply(provider);
            } catch (RuntimeException | LinkageError e) {
                skipped(skipped, provider.getClass().getName() + " could not tell its name: " + e, e);
                continue;
            }
            if (providerName == null) {
                skipped(skipped, provider.getClass().getName() + " gave no name (null)", null);
                continue;
            }
            byName.computeIfAbsent(providerName, n -> new java.util.ArrayList<>()).add(provider);
        }
        List<S> found = byName.getOrDefault(name, List.of());
        if (found.size() == 1) {
            return found.getFirst();
        }
        if (found.isEmpty()) {
            throw new ConfigException(key + " '" + name + "': no " + what + " of that name; found " + byName.keySet()
                    + (skipped.isEmpty() ? "" : ", skipped " + skipped) + ". " + hint + ".");
        }
        throw new ConfigException(key + " '" + name + "': " + found.size() + " " + whats + " have that name ("
                + found.stream().map(p -> p.getClass().getName()).toList() + "); remove all but one");
    }

    private static void skipped(List<String> skipped, String failure, Throwable error) {
        skipped.add(failure);
        ProviderResolver.LOG.log(System.Logger.Level.WARNING, failure, error);
    }
}
