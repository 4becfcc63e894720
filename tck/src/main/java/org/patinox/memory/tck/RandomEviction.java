package org.patinox.memory.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.spi.EvictionStrategy;

/**
 * Evicts an entry chosen at random, from a seeded generator: the baseline a strategy that aims at
 * hit ratio must beat. Entries are kept in an array, each entry's {@link CacheEntry#mark()} its
 * index, so that removal is a swap with the last.
 */
final class RandomEviction<K, V> implements EvictionStrategy<K, V> {

    private final List<CacheEntry<K, V>> held = new ArrayList<>();
    private final SplittableRandom random;

    RandomEviction(long seed) {
        random = new SplittableRandom(seed);
    }

    @Override
    public void onInsert(CacheEntry<K, V> entry) {
        entry.mark(held.size());
        held.add(entry);
    }

    @Override
    public void onAccess(CacheEntry<K, V> entry) {
        // Random eviction ignores reads.
    }

    @Override
    public void onUpdate(CacheEntry<K, V> entry, int previousWeight) {
        // Nor does it care for weights.
    }

    @Override
    public void onRemove(CacheEntry<K, V> entry) {
        int i = entry.mark();
        CacheEntry<K, V> last = held.removeLast();
        if (last != entry) {
            held.set(i, last);
            last.mark(i);
        }
    }

    @Override
    public CacheEntry<K, V> victim() {
        return held.isEmpty() ? null : held.get(random.nextInt(held.size()));
    }

    @Override
    public String toString() {
        return "random(" + held.size() + " entries)";
    }
}
