package org.patinox.memory.internal;

import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.spi.EntryList;
import org.patinox.memory.spi.EvictionStrategy;

/**
 * Exact least-recently-used: one list in access order, the least recent first. A write counts as
 * an access.
 */
final class LruStrategy<K, V> implements EvictionStrategy<K, V> {

    private final EntryList<K, V> order = new EntryList<>();

    @Override
    public void onInsert(CacheEntry<K, V> entry) {
        order.addLast(entry);
    }

    @Override
    public void onAccess(CacheEntry<K, V> entry) {
        order.moveToLast(entry);
    }

    @Override
    public void onUpdate(CacheEntry<K, V> entry, int previousWeight) {
        order.moveToLast(entry);
    }

    @Override
    public void onRemove(CacheEntry<K, V> entry) {
        order.remove(entry);
    }

    @Override
    public CacheEntry<K, V> victim() {
        return order.first();
    }

    @Override
    public String toString() {
        return "lru(" + order.size() + " entries)";
    }
}
