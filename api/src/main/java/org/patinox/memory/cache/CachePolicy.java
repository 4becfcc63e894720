package org.patinox.memory.cache;

import java.util.SequencedMap;

/**
 * Inspection and run-time tuning of a bounded {@link Cache}'s eviction, as Caffeine's {@code
 * Policy.Eviction}: the entries its {@link org.patinox.memory.spi.EvictionStrategy} would evict
 * first ({@link #coldest}) and last ({@link #hottest}), and the bound, which {@link #setMaximum}
 * changes while the cache runs. Reached through {@link Cache#policy()}.
 *
 * <pre>{@code
 * CachePolicy<Long, Customer> policy = customers.policy().orElseThrow();
 * Map<Long, Customer> nextToGo = policy.coldest(10);
 * policy.setMaximum(policy.maximum() / 2); // evicts down to it now
 * }</pre>
 *
 * <p><b>Order.</b> The order comes from the cache's strategy, which alone knows what is cold:
 * {@link #coldest} lists the entries in the order the strategy would evict them if the cache asked
 * it for victims one after another with nothing else happening (for {@code lru}, least recently
 * used first; for {@code ttl}, oldest written first), and {@link #hottest} lists the same order from
 * its other end. With the {@code caffeine} backend the order is Caffeine's own ({@code
 * Policy.Eviction}), whose hottest entries are not exactly its coldest reversed. Either is a snapshot, taken after the cache has replayed the reads it buffered (as
 * {@link Cache#cleanUp()} does), under the lock its writers take, and then copied: later changes do
 * not show in it. Entries expired by the cache's own expiry are left out. Listing {@code coldest}
 * costs time in the {@code limit} for most strategies; {@code hottest}, and {@code coldest} of a
 * strategy that must simulate its evictions, may cost time in the number of entries: call them for
 * inspection and tests, not on every request. A user's strategy that does not list its order
 * ({@link org.patinox.memory.spi.EvictionStrategy#coldest}) makes both throw {@link
 * UnsupportedOperationException}, naming the strategy.
 *
 * <p><b>Bound.</b> {@link #maximum()} is the bound on the entries' total weight in force: their
 * count without a {@link Weigher}, their weight with one. It starts at {@link
 * CacheConfig#maximumWeight()}; {@link Cache#config()} keeps showing that first value after {@link
 * #setMaximum} changed it.
 *
 * <p>Every method throws a {@link org.patinox.memory.CacheException} of kind {@link
 * org.patinox.memory.CacheException.Kind#CLOSED} once the cache is closed. Every method is
 * thread-safe.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface CachePolicy<K, V> {

    /**
     * The largest bound a cache keeps: {@link Long#MAX_VALUE} less {@link Integer#MAX_VALUE}, so that
     * the total weight plus one more entry never overflows; the same as Caffeine's largest. A larger
     * maximum, configured or set, is taken as this one (no cache holds that much either way).
     */
    long LARGEST_MAXIMUM = Long.MAX_VALUE - Integer.MAX_VALUE;

    /**
     * @return the bound on the entries' total weight now (their count without a weigher): it starts
     *     at {@link CacheConfig#maximumWeight()}, or {@link #LARGEST_MAXIMUM} when that is larger
     */
    long maximum();

    /**
     * Changes the bound, at once: when the cache is over the new maximum, its strategy's victims
     * are evicted before this returns, each reported to the removal listener with cause {@link
     * RemovalCause#SIZE} and counted in the stats; a larger maximum lets more entries stay from
     * then on.
     *
     * @param maximum the new bound on the total weight (the number of entries without a weigher),
     *     0 or more; above {@link #LARGEST_MAXIMUM}, that one
     * @throws org.patinox.memory.ConfigException when the value is negative; the message names the
     *     cache, the setting ({@link CacheConfig#MAXIMUM_SIZE} or {@link CacheConfig#MAXIMUM_WEIGHT})
     *     and the value
     */
    void setMaximum(long maximum);

    /**
     * @return the entries' total weight (their count without a weigher) after the cache has
     *     applied its pending writes; at most {@link #maximum()} on a quiet cache
     */
    long weightedSize();

    /**
     * @param limit the most entries to list; 0 gives an empty map
     * @return at most {@code limit} entries, those the strategy would evict first, in that order
     *     (the next victim first); unmodifiable, and a snapshot
     * @throws IllegalArgumentException when {@code limit} is negative
     * @throws UnsupportedOperationException when the cache's strategy does not list its order
     */
    SequencedMap<K, V> coldest(int limit);

    /**
     * @param limit the most entries to list; 0 gives an empty map
     * @return at most {@code limit} entries, those the strategy would evict last, the very last
     *     first: the reverse of {@link #coldest} over every entry; unmodifiable, and a snapshot
     * @throws IllegalArgumentException when {@code limit} is negative
     * @throws UnsupportedOperationException when the cache's strategy does not list its order
     */
    SequencedMap<K, V> hottest(int limit);
}
