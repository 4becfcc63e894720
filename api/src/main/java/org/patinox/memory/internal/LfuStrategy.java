package org.patinox.memory.internal;

import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.spi.EntryList;
import org.patinox.memory.spi.EvictionStrategy;

/**
 * Least-frequently-used in constant time (Shah, Mitra and Matani, "An O(1) algorithm for
 * implementing the LFU cache eviction scheme", 2010), in the variant that counts accesses only while
 * an entry is cached: an evicted key that comes back starts again from one. Ties go to the least
 * recently used among the least frequent.
 *
 * <p>Entries of one frequency share a bucket, an {@link EntryList} in the order they reached it;
 * the buckets form a list in rising frequency. An entry's {@link CacheEntry#state()} is its bucket.
 * A write counts as an access.
 */
final class LfuStrategy<K, V> implements EvictionStrategy<K, V> {

    /** The entries seen exactly {@code frequency} times, and the neighbouring frequencies. */
    private static final class Bucket<K, V> {
        final long frequency;
        final EntryList<K, V> entries = new EntryList<>();
        Bucket<K, V> lower;
        Bucket<K, V> higher;

        Bucket(long frequency) {
            this.frequency = frequency;
        }
    }

    /** The bucket of the lowest frequency, or {@code null} when empty. */
    private Bucket<K, V> lowest;
    private int size;

    @Override
    public void onInsert(CacheEntry<K, V> entry) {
        if (entry.state() instanceof Bucket<?, ?>) {
            throw UnknownEntries.insertedTwice("lfu", entry);
        }
        Bucket<K, V> ones = lowest != null && lowest.frequency == 1 ? lowest : linkAfter(null, 1);
        ones.entries.addLast(entry);
        entry.state(ones);
        size++;
    }

    @Override
    public void onAccess(CacheEntry<K, V> entry) {
        Bucket<K, V> from = bucketOf(entry);
        long frequency = from.frequency == Long.MAX_VALUE ? Long.MAX_VALUE : from.frequency + 1;
        Bucket<K, V> to = from.higher != null && from.higher.frequency == frequency
                ? from.higher
                : frequency == from.frequency ? from : linkAfter(from, frequency);
        if (to == from) {
            from.entries.moveToLast(entry);
            return;
        }
        from.entries.remove(entry);
        to.entries.addLast(entry);
        entry.state(to);
        unlinkIfEmpty(from);
    }

    @Override
    public void onUpdate(CacheEntry<K, V> entry, int previousWeight) {
        onAccess(entry);
    }

    @Override
    public void onRemove(CacheEntry<K, V> entry) {
        Bucket<K, V> from = bucketOf(entry);
        from.entries.remove(entry);
        entry.state(null);
        unlinkIfEmpty(from);
        size--;
    }

    @Override
    public CacheEntry<K, V> victim() {
        return lowest == null ? null : lowest.entries.first();
    }

    /** @return the entry's bucket; an entry of none (not held) is refused before anything changes */
    @SuppressWarnings("unchecked") // only this strategy writes the state of its cache's entries
    private Bucket<K, V> bucketOf(CacheEntry<K, V> entry) {
        if (!(entry.state() instanceof Bucket<?, ?> bucket)) {
            throw UnknownEntries.refused("lfu", entry);
        }
        return (Bucket<K, V>) bucket;
    }

    /** @return a new bucket after {@code lower}, or first when {@code lower} is {@code null} */
    private Bucket<K, V> linkAfter(Bucket<K, V> lower, long frequency) {
        Bucket<K, V> bucket = new Bucket<>(frequency);
        Bucket<K, V> higher = lower == null ? lowest : lower.higher;
        bucket.lower = lower;
        bucket.higher = higher;
        if (higher != null) {
            higher.lower = bucket;
        }
        if (lower == null) {
            lowest = bucket;
        } else {
            lower.higher = bucket;
        }
        return bucket;
    }

    private void unlinkIfEmpty(Bucket<K, V> bucket) {
        if (!bucket.entries.isEmpty()) {
            return;
        }
        if (bucket.lower == null) {
            lowest = bucket.higher;
        } else {
            bucket.lower.higher = bucket.higher;
        }
        if (bucket.higher != null) {
            bucket.higher.lower = bucket.lower;
        }
    }

    @Override
    public String toString() {
        return "lfu(" + size + " entries)";
    }

    /** The least frequent first, the least recent first among equals: the buckets from the lowest. */
    @Override
    public java.util.List<CacheEntry<K, V>> coldest(int limit) {
        java.util.List<CacheEntry<K, V>> list = new java.util.ArrayList<>(Math.min(limit, size));
        for (Bucket<K, V> b = lowest; b != null && list.size() < limit; b = b.higher) {
            for (CacheEntry<K, V> e = b.entries.first(); e != null && list.size() < limit; e = e.next()) {
                list.add(e);
            }
        }
        return list;
    }

    /** The most frequent first, the most recent first among equals: the buckets from the highest. */
    @Override
    public java.util.List<CacheEntry<K, V>> hottest(int limit) {
        java.util.List<CacheEntry<K, V>> list = new java.util.ArrayList<>(Math.min(limit, size));
        Bucket<K, V> highest = lowest;
        while (highest != null && highest.higher != null) {
            highest = highest.higher;
        }
        for (Bucket<K, V> b = highest; b != null && list.size() < limit; b = b.lower) {
            for (CacheEntry<K, V> e = b.entries.last(); e != null && list.size() < limit; e = e.previous()) {
                list.add(e);
            }
        }
        return list;
    }
}
