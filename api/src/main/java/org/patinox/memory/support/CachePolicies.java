package org.patinox.memory.support;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.patinox.memory.ConfigException;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.cache.CachePolicy;
import org.patinox.memory.spi.EvictionStrategy;

/**
 * What every first-party cache does alike for its {@link CachePolicy}: the checks of the arguments
 * and their messages, and the snapshot of the strategy's order as an ordered map. Not an API.
 */
public final class CachePolicies {

    private CachePolicies() {
    }

    /**
     * @param cacheName the cache's name, for the message
     * @param config the cache's configuration, whose weigher names the setting
     * @param maximum a new maximum
     * @return the maximum, {@link CachePolicy#LARGEST_MAXIMUM} when it is larger (a bound no cache
     *     reaches either way)
     * @throws ConfigException when it is negative, naming the cache, the setting and the value
     */
    public static long checkMaximum(String cacheName, CacheConfig<?, ?> config, long maximum) {
        if (maximum < 0) {
            throw new ConfigException("cache '" + cacheName + "': " + setting(config) + " must be 0 or more, but was "
                    + maximum);
        }
        return Math.min(maximum, CachePolicy.LARGEST_MAXIMUM);
    }

    /**
     * @param config a cache's configuration
     * @return the bound the cache starts with: the configured maximum, at most {@link
     *     CachePolicy#LARGEST_MAXIMUM} when bounded; {@link Long#MAX_VALUE} when unbounded
     */
    public static long startingMaximum(CacheConfig<?, ?> config) {
        return config.bounded() ? Math.min(config.maximumWeight(), CachePolicy.LARGEST_MAXIMUM) : Long.MAX_VALUE;
    }

    /**
     * @param cacheName the cache's name
     * @param key the key weighed
     * @param weight the negative weight the weigher gave
     * @return what refuses the write, in every cache's words; the weigher itself did not fail, so no
     *     cache reports it as a failed callback
     */
    public static IllegalArgumentException negativeWeight(String cacheName, Object key, int weight) {
        return new IllegalArgumentException("cache '" + cacheName + "': the weigher gave key " + key + " the weight "
                + weight + "; weights must be 0 or more");
    }

    /** @return the setting the cache's maximum is: its weight with a weigher, else its size */
    public static String setting(CacheConfig<?, ?> config) {
        return config.weighted() ? CacheConfig.MAXIMUM_WEIGHT : CacheConfig.MAXIMUM_SIZE;
    }

    /**
     * @param cacheName the cache's name, for the message
     * @param limit the most entries asked for
     * @throws IllegalArgumentException when it is negative, naming the cache and the value
     */
    public static void checkLimit(String cacheName, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("cache '" + cacheName + "': the limit of coldest() and hottest() must"
                    + " be 0 or more, but was " + limit);
        }
    }

    /**
     * Asks the strategy for its order, refusing a {@code null} list as the strategy's failure, so
     * that it is reported as its other failures are rather than surfacing as a bare {@code
     * NullPointerException}.
     *
     * @param strategy the cache's strategy
     * @param hottest whether to ask {@code hottest} rather than {@code coldest}
     * @param limit the most entries to ask for
     * @return what the strategy listed
     * @throws IllegalStateException when the strategy returned {@code null}, naming it and the call
     */
    public static <K, V> List<CacheEntry<K, V>> order(EvictionStrategy<K, V> strategy, boolean hottest, int limit) {
        List<CacheEntry<K, V>> listed = hottest ? strategy.hottest(limit) : strategy.coldest(limit);
        if (listed == null) {
            throw new IllegalStateException("the eviction strategy " + strategy.getClass().getName() + " returned null"
                    + " from " + (hottest ? "hottest" : "coldest") + "(" + limit + "); it must return a list, empty"
                    + " when it holds nothing");
        }
        return listed;
    }

    /**
     * Copies the strategy's order into an ordered, unmodifiable map of at most {@code limit} live
     * entries. Entries the cache does not hold live (expired ones, or a faulty strategy's) are left
     * out, and a key listed twice counts once; when that leaves fewer than {@code limit} entries and
     * the strategy may hold more, it is asked again for twice as many.
     *
     * @param cacheName the cache's name, for the message of a strategy that does not list its order
     * @param policyName the cache's policy, for that message
     * @param order the strategy's {@code coldest} or {@code hottest}, called on the caller's thread
     * @param live whether an entry listed is one the cache holds, not expired
     * @param limit the most entries, 0 or more
     * @return the snapshot
     * @throws UnsupportedOperationException when the strategy does not list its order, naming the
     *     cache and the strategy
     */
    public static <K, V> SequencedMap<K, V> snapshot(String cacheName, String policyName,
                                                       IntFunction<List<CacheEntry<K, V>>> order,
                                                       Predicate<CacheEntry<K, V>> live, int limit) {
        LinkedHashMap<K, V> map = new LinkedHashMap<>();
        int asked = limit;
        while (asked > 0) {
            List<CacheEntry<K, V>> listed;
            try {
                listed = order.apply(asked);
            } catch (UnsupportedOperationException e) {
                throw new UnsupportedOperationException("cache '" + cacheName + "' (policy " + policyName
                        + ") cannot list its entries in eviction order: " + e.getMessage(), e);
            }
            map.clear();
            for (CacheEntry<K, V> entry : listed) {
                if (map.size() == limit) {
                    break;
                }
                if (live.test(entry)) {
                    V value = entry.value();
                    if (value != null) {
                        map.putIfAbsent(entry.key(), value);
                    }
                }
            }
            if (map.size() == limit || listed.size() < asked || asked == Integer.MAX_VALUE) {
                break;
            }
            asked = (int) Math.min(Integer.MAX_VALUE, 2L * asked);
        }
        return Collections.unmodifiableSequencedMap(map);
    }
}
