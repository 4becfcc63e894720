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
        if (order.holds(entry)) {
            throw UnknownEntries.insertedTwice("lru", entry);
        }
        order.addLast(entry);
    }

    @Override
    public void onAccess(CacheEntry<K, V> entry) {
        requireHeld(entry);
        order.moveToLast(entry);
    }

    @Override
    public void onUpdate(CacheEntry<K, V> entry, int previousWeight) {
        requireHeld(entry);
        order.moveToLast(entry);
    }

    @Override
    public void onRemove(CacheEntry<K, V> entry) {
        requireHeld(entry);
        order.remove(entry);
    }

    /** Moving or unlinking an entry the list does not hold would cut the list: refused first. */
    private void requireHeld(CacheEntry<K, V> entry) {
        if (!order.holds(entry)) {
            throw UnknownEntries.refused("lru", entry);
        }
    }

    @Override
    public CacheEntry<K, V> victim() {
        return order.first();
    }

    @Override
    public String toString() {
        return "lru(" + order.size() + " entries)";
    }

    /** The least recently used first, read from the list's head. */
    @Override
    public java.util.List<CacheEntry<K, V>> coldest(int limit) {
        java.util.List<CacheEntry<K, V>> list = new java.util.ArrayList<>(Math.min(limit, order.size()));
        for (CacheEntry<K, V> e = order.first(); e != null && list.size() < limit; e = e.next()) {
            list.add(e);
        }
        return list;
    }

    /** The most recently used first, read from the list's tail. */
    @Override
    public java.util.List<CacheEntry<K, V>> hottest(int limit) {
        java.util.List<CacheEntry<K, V>> list = new java.util.ArrayList<>(Math.min(limit, order.size()));
        for (CacheEntry<K, V> e = order.last(); e != null && list.size() < limit; e = e.previous()) {
            list.add(e);
        }
        return list;
    }
}
