package org.patinox.memory.eviction.internal;

import java.util.ArrayDeque;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.spi.EntryList;

/**
 * A FIFO queue over one of a strategy's {@link EntryList}s, for listing the strategy's eviction
 * order ({@code coldest}) by simulating its evictions without changing anything: the list's entries
 * are read lazily from its head through their links, and the entries the simulation moves to the
 * tail (from another queue, or back to this one with a lower frequency) are kept aside with the
 * mark they would have then. The simulation only ever takes from the head and adds at the tail, as
 * the strategies' {@code victim()} do, so the work is in the entries it passes, not in the list's
 * length. One entry, the one evicted before anything else (heavier than the whole cache), may be
 * left out wherever it is met. Not thread-safe; valid while the list does not change.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class SimulatedQueue<K, V> {

    /** An entry moved to the tail, with its mark as the simulation left it. */
    private record Moved<K, V>(CacheEntry<K, V> entry, int mark) {
    }

    /** The next entry of the real list not yet taken, or {@code null} once past its tail. */
    private CacheEntry<K, V> next;
    private final ArrayDeque<Moved<K, V>> moved = new ArrayDeque<>();
    private final CacheEntry<K, V> skipped;
    private final EntryList<K, V> list;

    /**
     * @param list the strategy's list, read from its head
     * @param skipped an entry to leave out, or {@code null}
     */
    SimulatedQueue(EntryList<K, V> list, CacheEntry<K, V> skipped) {
        this.skipped = skipped;
        this.list = list;
        this.next = list.first();
        skip();
    }

    private void skip() {
        if (next != null && next == skipped) {
            next = next.next();
        }
    }

    /** @return whether no entry is left */
    boolean isEmpty() {
        return next == null && moved.isEmpty();
    }

    /** @return the head entry, or {@code null} when empty */
    CacheEntry<K, V> peek() {
        if (next != null) {
            return next;
        }
        Moved<K, V> m = moved.peekFirst();
        return m == null ? null : m.entry();
    }

    /** @return the mark of the head entry: its own while unmoved, else the one it was moved with */
    int peekMark() {
        if (next != null) {
            return next.mark();
        }
        Moved<K, V> m = moved.peekFirst();
        return m == null ? 0 : m.mark();
    }

    /** @return the head entry, taken out of the simulation, or {@code null} when empty */
    CacheEntry<K, V> poll() {
        if (next != null) {
            CacheEntry<K, V> head = next;
            next = head.next();
            skip();
            return head;
        }
        Moved<K, V> m = moved.pollFirst();
        return m == null ? null : m.entry();
    }

    /**
     * @param entry an entry the simulation moves to the tail
     * @param mark the mark it would have there
     */
    void add(CacheEntry<K, V> entry, int mark) {
        moved.addLast(new Moved<>(entry, mark));
    }

    /**
     * Lists the entries left, the newest first (those moved to the tail, the last moved first, then
     * the list's own from its tail back to the next one not taken), for the reverse of an order.
     *
     * @param out where the entries go
     * @param limit the size {@code out} stops at
     */
    void addRemainingNewestFirst(java.util.List<CacheEntry<K, V>> out, int limit) {
        for (java.util.Iterator<Moved<K, V>> it = moved.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            out.add(it.next().entry());
        }
        if (next == null) {
            return;
        }
        for (CacheEntry<K, V> e = list.last(); e != null && out.size() < limit; e = e.previous()) {
            if (e != skipped) {
                out.add(e);
            }
            if (e == next) {
                break;
            }
        }
    }
}
