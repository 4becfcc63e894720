package org.patinox.memory.caffeine.internal;

import java.util.Objects;
import java.util.Set;
import org.patinox.memory.ConfigException;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.spi.CacheBackendProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;

/**
 * Cache backend {@code caffeine}: makes caches that keep their entries in a Caffeine cache and
 * evict them with Caffeine's own W-TinyLFU, behind the {@link Cache} contract. Chosen per cache
 * with {@link CacheConfig#backend()} {@code caffeine}. Stateless and thread-safe, as {@link
 * java.util.ServiceLoader} requires.
 *
 * <h2>Policies</h2>
 * Caffeine runs its own eviction, so the policy can only name it:
 * <ul>
 *   <li>{@code EvictionPolicy.named("w-tinylfu")} or {@code named("caffeine")}: Caffeine's
 *       W-TinyLFU for the bound;
 *   <li>{@code EvictionPolicy.ttl(d)}: W-TinyLFU for the bound, and entries expire {@code d} after
 *       their write (Caffeine's {@code expireAfterWrite}). Unlike the built-in {@code ttl}
 *       strategy, a full cache does not give up its oldest written entry first: W-TinyLFU chooses.
 * </ul>
 * Every other policy, the default {@code lru} included, is refused with a {@link ConfigException}
 * that says what to choose instead. No {@link org.patinox.memory.spi.EvictionStrategy} is made or
 * called, so {@link org.patinox.memory.cache.CacheEntry} and the strategy SPI do not apply.
 *
 * <h2>How the contract maps onto Caffeine</h2>
 * <ul>
 *   <li>Bounds: {@code maximumSize} for the unit weigher, else {@code maximumWeight} with the
 *       weigher, which is called on the writing thread; a negative weight fails the write with an
 *       {@link IllegalArgumentException} naming the cache and the key. Caffeine may run over the
 *       bound between maintenance runs, by the writes in its write buffer at most; {@link
 *       Cache#cleanUp()} brings it back within. Caffeine never evicts an entry of weight 0.
 *   <li>Expiry: {@code expireAfterWrite} and {@code expireAfterAccess} on the configuration's
 *       ticker. As in Caffeine, a value replaced less than a second after its last write keeps
 *       that write's time for expiry after write (Caffeine's write-time tolerance). Caffeine's
 *       maintenance may leave an expired entry queued behind a live one (absent to reads, counted
 *       by {@code size()}); {@link Cache#cleanUp()} then lists every key and removes those expired,
 *       so that after it no expired entry remains.
 *   <li>Loads run through {@link org.patinox.memory.spi.LoadCoordinator}, never through Caffeine's
 *       own {@code get(key, function)}, so that a recursive load is a {@link
 *       org.patinox.memory.CacheException} of kind {@code RECURSIVE_LOAD} rather than Caffeine's
 *       {@code IllegalStateException} or a deadlock, and no Caffeine lock is held while a loader
 *       runs.
 *   <li>Removals reach the listener through Caffeine's removal listener, once per entry, on the
 *       thread that caused them (Caffeine's executor is {@code Runnable::run}): after the map's
 *       locks are released, but for evictions and for {@code invalidateAll} while Caffeine's
 *       eviction lock is held, which only maintenance waits for.
 *   <li>Background expiry: Caffeine paces its maintenance on {@link ProviderContext#scheduler()},
 *       at the next expiry but at most about once a second; each run hops to {@link
 *       ProviderContext#blockingExecutor()}, since maintenance may wait for Caffeine's eviction
 *       lock and runs the listener. Closing the cache cancels what is scheduled.
 * </ul>
 */
public final class CaffeineBackendProvider implements CacheBackendProvider {

    /** The backend's name. */
    static final String NAME = "caffeine";

    /** The policy names that mean Caffeine's own eviction. */
    static final Set<String> OWN_POLICIES = Set.of("w-tinylfu", "caffeine");

    /** Called by {@link java.util.ServiceLoader}. */
    public CaffeineBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Caffeine's cache, with its own W-TinyLFU eviction and background expiry";
    }

    /**
     * {@inheritDoc}
     *
     * @throws ConfigException when the policy is not {@code w-tinylfu}, {@code caffeine} or a
     *     {@code ttl}; the message says which to choose
     */
    @Override
    public <K, V> Cache<K, V> createCache(CacheConfig<K, V> config, ProviderContext context, Monitor monitor) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(monitor, "monitor");
        checkPolicy(config);
        return new CaffeineCache<>(config, context, monitor);
    }

    /** Refuses every policy but Caffeine's own, saying what to use instead. */
    static void checkPolicy(CacheConfig<?, ?> config) {
        EvictionPolicy policy = config.policy();
        if (policy instanceof EvictionPolicy.TimeToLive
                || policy instanceof EvictionPolicy.Named(String name) && OWN_POLICIES.contains(name)) {
            return;
        }
        String given = policy instanceof EvictionPolicy.Named named ? named.name() : policy.name();
        String value = policy instanceof EvictionPolicy.Custom ? "custom" : "'" + given + "'";
        String why = "lru".equals(given)
                ? " lru is the default policy, so a cache on this backend must name its policy."
                : "";
        throw new ConfigException(CacheConfig.POLICY + " " + value + " is not run by "
                + CacheConfig.BACKEND + " '" + NAME + "' (cache '" + config.name() + "'): Caffeine evicts by its own"
                + " W-TinyLFU." + why + " Choose EvictionPolicy.named(\"w-tinylfu\") (" + CacheConfig.POLICY
                + "=w-tinylfu; \"caffeine\" is the same), or EvictionPolicy.ttl(duration) for W-TinyLFU with expiry"
                + " after write; or leave " + CacheConfig.BACKEND + " empty to run " + value
                + " on the implementation's own cache.");
    }

    @Override
    public String toString() {
        return "CaffeineBackendProvider[" + NAME + "]";
    }
}
