package org.patinox.memory.cache;

import java.util.Objects;

/**
 * A snapshot of a {@link Cache}'s counts since it was made. Each count is read atomically but not
 * all together: under load, counts taken a moment apart may disagree by the operations in flight.
 * Once the cache is quiet they add up: every request is a hit or a miss, and every load a success
 * or a failure.
 *
 * @param name the cache's name
 * @param hitCount lookups that found a live entry
 * @param missCount lookups that found none (a {@code get} with a loader then loads)
 * @param loadSuccessCount loads that returned a value, {@code null} included
 * @param loadFailureCount loads that threw
 * @param totalLoadTimeNanos the time spent loading, summed over loads
 * @param evictionCount entries evicted for the bound ({@link RemovalCause#SIZE}), refused
 *     admissions included
 * @param evictionWeight the weight of those entries, summed
 * @param expirationCount entries removed for expiry ({@link RemovalCause#EXPIRED})
 */
public record CacheStats(
        String name,
        long hitCount,
        long missCount,
        long loadSuccessCount,
        long loadFailureCount,
        long totalLoadTimeNanos,
        long evictionCount,
        long evictionWeight,
        long expirationCount) {

    /** Checks that the name is given and no count is negative. */
    public CacheStats {
        Objects.requireNonNull(name, "name");
        long[] counts = {hitCount, missCount, loadSuccessCount, loadFailureCount, totalLoadTimeNanos,
            evictionCount, evictionWeight, expirationCount};
        for (long count : counts) {
            if (count < 0) {
                throw new IllegalArgumentException("counts must be 0 or more: " + java.util.Arrays.toString(counts));
            }
        }
    }

    /**
     * @param name the cache's name
     * @return every count zero: the stats of a cache that records none ({@link
     *     CacheConfig#recordStats()} {@code false})
     */
    public static CacheStats empty(String name) {
        return new CacheStats(name, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** @return hits plus misses */
    public long requestCount() {
        return hitCount + missCount;
    }

    /** @return hits over requests, from 0 to 1; 1 when there was no request, as in Caffeine */
    public double hitRatio() {
        long requests = requestCount();
        return requests == 0 ? 1.0 : (double) hitCount / requests;
    }

    /** @return misses over requests, from 0 to 1; 0 when there was no request */
    public double missRatio() {
        long requests = requestCount();
        return requests == 0 ? 0.0 : (double) missCount / requests;
    }

    /**
     * @param cause a cause of removal the cache decides on its own
     * @return the entries removed for it: {@link #evictionCount()} or {@link #expirationCount()}
     * @throws IllegalArgumentException for a cause the user decides ({@link RemovalCause#EXPLICIT},
     *     {@link RemovalCause#REPLACED}), which the stats do not count
     */
    public long evictions(RemovalCause cause) {
        return switch (Objects.requireNonNull(cause, "cause")) {
            case SIZE -> evictionCount;
            case EXPIRED -> expirationCount;
            case EXPLICIT, REPLACED -> throw new IllegalArgumentException(
                    "the stats count evictions only, not removals of cause " + cause);
        };
    }

    /**
     * @param earlier a snapshot of the same cache taken before this one
     * @return the counts between the two snapshots
     */
    public CacheStats minus(CacheStats earlier) {
        Objects.requireNonNull(earlier, "earlier");
        return new CacheStats(name,
                Math.max(0, hitCount - earlier.hitCount),
                Math.max(0, missCount - earlier.missCount),
                Math.max(0, loadSuccessCount - earlier.loadSuccessCount),
                Math.max(0, loadFailureCount - earlier.loadFailureCount),
                Math.max(0, totalLoadTimeNanos - earlier.totalLoadTimeNanos),
                Math.max(0, evictionCount - earlier.evictionCount),
                Math.max(0, evictionWeight - earlier.evictionWeight),
                Math.max(0, expirationCount - earlier.expirationCount));
    }
}
