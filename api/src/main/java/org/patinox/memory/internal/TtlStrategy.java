package org.patinox.memory.internal;

import java.time.Duration;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.spi.EntryList;
import org.patinox.memory.spi.EvictionStrategy;

/**
 * Expiry by age: an entry expires a fixed time after its last write, and when the cache is full the
 * oldest written goes first, being the nearest to expiry. One list in write order.
 */
final class TtlStrategy<K, V> implements EvictionStrategy<K, V> {

    private final EntryList<K, V> writeOrder = new EntryList<>();
    private final long timeToLiveNanos;

    TtlStrategy(Duration timeToLive) {
        this.timeToLiveNanos = Durations.saturatedNanos(timeToLive);
    }

    @Override
    public void onInsert(CacheEntry<K, V> entry) {
        if (writeOrder.holds(entry)) {
            throw UnknownEntries.insertedTwice("ttl", entry);
        }
        writeOrder.addLast(entry);
    }

    @Override
    public void onAccess(CacheEntry<K, V> entry) {
        requireHeld(entry); // a read does not extend an entry's life
    }

    @Override
    public void onUpdate(CacheEntry<K, V> entry, int previousWeight) {
        requireHeld(entry);
        writeOrder.moveToLast(entry);
    }

    @Override
    public void onRemove(CacheEntry<K, V> entry) {
        requireHeld(entry);
        writeOrder.remove(entry);
    }

    /** Moving or unlinking an entry the list does not hold would cut the list: refused first. */
    private void requireHeld(CacheEntry<K, V> entry) {
        if (!writeOrder.holds(entry)) {
            throw UnknownEntries.refused("ttl", entry);
        }
    }

    @Override
    public CacheEntry<K, V> victim() {
        return writeOrder.first();
    }

    @Override
    public boolean usesTime() {
        return true;
    }

    @Override
    public boolean shouldEvict(CacheEntry<K, V> entry, long now) {
        return now - entry.writeTime() >= timeToLiveNanos;
    }

    @Override
    public String toString() {
        return "ttl(" + Durations.format(Duration.ofNanos(timeToLiveNanos)) + ", " + writeOrder.size() + " entries)";
    }

    /** The oldest written first, read from the list's head. */
    @Override
    public java.util.List<CacheEntry<K, V>> coldest(int limit) {
        java.util.List<CacheEntry<K, V>> list = new java.util.ArrayList<>(Math.min(limit, writeOrder.size()));
        for (CacheEntry<K, V> e = writeOrder.first(); e != null && list.size() < limit; e = e.next()) {
            list.add(e);
        }
        return list;
    }

    /** The newest written first, read from the list's tail. */
    @Override
    public java.util.List<CacheEntry<K, V>> hottest(int limit) {
        java.util.List<CacheEntry<K, V>> list = new java.util.ArrayList<>(Math.min(limit, writeOrder.size()));
        for (CacheEntry<K, V> e = writeOrder.last(); e != null && list.size() < limit; e = e.previous()) {
            list.add(e);
        }
        return list;
    }
}
