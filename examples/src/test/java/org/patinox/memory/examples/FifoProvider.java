package org.patinox.memory.examples;

import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.spi.EntryList;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;

// tag::plugin-strategy[]
/** First in, first out: the entry cached longest leaves first, whatever its reads. */
public final class FifoProvider implements EvictionStrategyProvider {
    public String name() { return "fifo"; }
    public String description() { return "first in, first out"; }
    public <K, V> EvictionStrategy<K, V> create(CacheConfig<K, V> config) { return new Fifo<>(); }
}

final class Fifo<K, V> implements EvictionStrategy<K, V> {
    private final EntryList<K, V> queue = new EntryList<>();   // links kept in the entries: no allocation

    public void onInsert(CacheEntry<K, V> entry) { refuseUnless(!queue.holds(entry), entry); queue.addLast(entry); }
    public void onAccess(CacheEntry<K, V> entry) { refuseUnless(queue.holds(entry), entry); }
    public void onUpdate(CacheEntry<K, V> entry, int previousWeight) { refuseUnless(queue.holds(entry), entry); }
    public void onRemove(CacheEntry<K, V> entry) { refuseUnless(queue.holds(entry), entry); queue.remove(entry); }
    public CacheEntry<K, V> victim() { return queue.first(); }

    // A call out of the SPI's order is refused before it cuts the queue, as the SPI asks.
    private static void refuseUnless(boolean inOrder, CacheEntry<?, ?> entry) {
        if (!inOrder) throw new IllegalStateException("fifo: a call out of order for the entry of key " + entry.key());
    }
}
// end::plugin-strategy[]
