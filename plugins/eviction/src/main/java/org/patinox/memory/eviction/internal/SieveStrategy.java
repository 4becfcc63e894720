package org.patinox.memory.eviction.internal;

import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.spi.EntryList;
import org.patinox.memory.spi.EvictionStrategy;

/**
 * SIEVE (Zhang, Yang, Yue, Vigfusson and Rashmi, "SIEVE is Simpler than LRU: an Efficient
 * Turn-Key Eviction Algorithm for Web Caches", NSDI 2024): one FIFO queue, a visited bit per entry
 * and a hand.
 *
 * <ul>
 *   <li>A new entry joins the queue's newest end, unvisited; a hit (a read or a replacement of the
 *       value) only sets its visited bit, so that a hit never moves an entry.
 *   <li>The hand moves from the oldest end towards the newest, wrapping round: a visited entry
 *       under it loses its bit and stays where it is; the first unvisited entry is the victim, and
 *       the hand stays at its place, so that the next search starts at the entry after it.
 * </ul>
 *
 * <p>The paper evicts before the new object enters. Here the cache has inserted the entry before it
 * asks for victims, so the latest entry inserted waits outside the queue until the next call: the
 * hand never meets it, and it joins the newest end after the evictions it caused (at the next
 * insertion, read or update), as in the paper.
 * It is the victim only when nothing else is left.
 *
 * <p>Weights change nothing but the number of victims the cache asks for; an entry heavier than
 * the whole cache is the next victim, alone. The visited bit is {@link CacheEntry#mark()}; the
 * queue runs through the entries' links.
 */
final class SieveStrategy<K, V> implements EvictionStrategy<K, V> {

    private static final int VISITED = 1;

    private long capacity;
    private final EntryList<K, V> queue = new EntryList<>();
    /** Where the next search starts; {@code null} for the oldest end. */
    private CacheEntry<K, V> hand;
    /** The latest entry inserted, not yet in the queue. */
    private CacheEntry<K, V> pending;
    private CacheEntry<K, V> oversized;

    SieveStrategy(CacheConfig<K, V> config) {
        this.capacity = config.maximumWeight();
    }

    @Override
    public void onInsert(CacheEntry<K, V> entry) {
        if (holds(entry)) {
            throw new IllegalStateException("sieve holds the entry of key " + entry.key()
                    + " already, and was told it entered again");
        }
        enqueuePending();
        entry.mark(0);
        pending = entry;
        if (entry.weight() > capacity) {
            oversized = entry;
        }
    }

    @Override
    public void onAccess(CacheEntry<K, V> entry) {
        requireHeld(entry);
        enqueuePending();
        entry.mark(VISITED);
    }

    @Override
    public void onUpdate(CacheEntry<K, V> entry, int previousWeight) {
        requireHeld(entry);
        enqueuePending();
        entry.mark(VISITED);
        if (entry.weight() > capacity) {
            oversized = entry;
        }
    }

    @Override
    public void onRemove(CacheEntry<K, V> entry) {
        requireHeld(entry);
        if (entry == oversized) {
            oversized = null;
        }
        entry.mark(0);
        if (entry == pending) {
            pending = null;
            return;
        }
        if (entry == hand) {
            hand = entry.next();
        }
        queue.remove(entry);
    }

    /**
     * Refuses a call about an entry the strategy does not hold, before anything changes: unlinking
     * it would cut the queue, and marking it would leave a bit on an entry of no queue.
     */
    private void requireHeld(CacheEntry<K, V> entry) {
        if (!holds(entry)) {
            throw new IllegalStateException("sieve was not told of the entry of key " + entry.key()
                    + ", or was told it left (its mark is " + entry.mark() + ")");
        }
    }

    private boolean holds(CacheEntry<K, V> entry) {
        return entry == pending || queue.holds(entry);
    }

    private void enqueuePending() {
        if (pending != null) {
            queue.addLast(pending);
            pending = null;
        }
    }

    @Override
    public CacheEntry<K, V> victim() {
        if (oversized != null) {
            if (oversized.weight() > capacity) {
                return oversized;
            }
            oversized = null;
        }
        CacheEntry<K, V> e = hand == null ? queue.first() : hand;
        if (e == null) {
            return pending;
        }
        // One turn at most: every visited bit passed is cleared.
        while (e.mark() == VISITED) {
            e.mark(0);
            e = e.next() == null ? queue.first() : e.next();
        }
        hand = e;
        return e;
    }

    @Override
    public String toString() {
        return "sieve(" + (queue.size() + (pending == null ? 0 : 1)) + " entries)";
    }

    /**
     * The order {@link #victim()} would evict in, read without changing anything: the entry heavier
     * than the cache first; then, going round from the hand once, the unvisited entries (the hand
     * clears the others' bits as it passes them); then the visited ones, in the same order from the
     * hand, which the next turn finds cleared; then the latest entry inserted, outside the queue.
     */
    @Override
    public java.util.List<CacheEntry<K, V>> coldest(int limit) {
        java.util.List<CacheEntry<K, V>> order = new java.util.ArrayList<>(Math.min(limit, queue.size() + 1));
        if (limit == 0) {
            return order;
        }
        CacheEntry<K, V> skip = oversized != null && oversized.weight() > capacity ? oversized : null;
        if (skip != null) {
            order.add(skip);
        }
        CacheEntry<K, V> start = hand == null ? queue.first() : hand;
        if (start != null && start == skip) {
            start = skip.next() != null ? skip.next() : queue.first() == skip ? null : queue.first();
        }
        java.util.List<CacheEntry<K, V>> visited = new java.util.ArrayList<>();
        if (start != null) {
            CacheEntry<K, V> e = start;
            do {
                if (e != skip) {
                    if (e.mark() == VISITED) {
                        visited.add(e);
                    } else if (order.size() < limit) {
                        order.add(e);
                    }
                }
                e = e.next() == null ? queue.first() : e.next();
            } while (e != start && order.size() < limit);
        }
        for (int i = 0; i < visited.size() && order.size() < limit; i++) {
            order.add(visited.get(i));
        }
        if (pending != null && pending != skip && order.size() < limit) {
            order.add(pending);
        }
        return order;
    }

    /**
     * The reverse of {@link #coldest}, read from the other way round the ring: the latest entry
     * inserted; the visited entries, going back from the one before the hand; the unvisited ones
     * the same way; then the entry heavier than the cache. It takes time in the limit, and in the
     * entries passed over while few are visited.
     */
    @Override
    public java.util.List<CacheEntry<K, V>> hottest(int limit) {
        java.util.List<CacheEntry<K, V>> order = new java.util.ArrayList<>(Math.min(limit, queue.size() + 1));
        if (limit == 0) {
            return order;
        }
        CacheEntry<K, V> skip = oversized != null && oversized.weight() > capacity ? oversized : null;
        if (pending != null && pending != skip) {
            order.add(pending);
        }
        CacheEntry<K, V> start = hand == null ? queue.first() : hand;
        if (start != null && start == skip) {
            start = skip.next() != null ? skip.next() : queue.first() == skip ? null : queue.first();
        }
        if (start != null) {
            for (boolean visited : new boolean[] {true, false}) {
                CacheEntry<K, V> e = start.previous() == null ? queue.last() : start.previous();
                while (order.size() < limit) {
                    if (e != skip && (e.mark() == VISITED) == visited) {
                        order.add(e);
                    }
                    if (e == start) {
                        break;
                    }
                    e = e.previous() == null ? queue.last() : e.previous();
                }
            }
        }
        if (skip != null && order.size() < limit) {
            order.add(skip);
        }
        return order;
    }

    /** @return the entries and weight held, walked; for tests */
    long[] totals() {
        return new Totals().add("queue", queue, -1).add(pending).check(-1);
    }

    /** Only the weight an entry must exceed to go first changes. */
    @Override
    public void onMaximumChanged(long maximum) {
        capacity = maximum;
    }
}
