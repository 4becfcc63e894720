package org.patinox.memory.spi;

import org.patinox.memory.cache.CacheEntry;

/**
 * A doubly linked list threaded through the entries' own {@link CacheEntry#previous()} and {@link
 * CacheEntry#next()} links, for {@link EvictionStrategy} authors: LRU order, FIFO queues and the
 * segments of SLRU or ARC, with every operation in constant time and no allocation.
 *
 * <p>An entry has one pair of links, so it is in at most one list at a time; a strategy with
 * several lists records which one holds an entry (in {@link CacheEntry#mark()}, say) and moves it
 * by {@link #remove} from one and {@link #addLast} to the other. The list does not check
 * membership: removing an entry from a list that does not hold it corrupts both lists. Like the
 * strategy that owns it, a list is not thread-safe.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class EntryList<K, V> {

    private CacheEntry<K, V> first;
    private CacheEntry<K, V> last;
    private int size;

    /** Makes an empty list. */
    public EntryList() {
    }

    /** @return the entry at the head (the oldest, in LRU or FIFO order), or {@code null} when empty */
    public CacheEntry<K, V> first() {
        return first;
    }

    /** @return the entry at the tail (the newest), or {@code null} when empty */
    public CacheEntry<K, V> last() {
        return last;
    }

    /** @return the number of entries in the list */
    public int size() {
        return size;
    }

    /** @return whether the list holds no entry */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Tells from the entry's links alone, in constant time, whether this list holds it: an entry of
     * a list is linked to a neighbour, or is the list's only one; an entry never added, or removed
     * (its links cleared), is in none. The links cannot tell one list from another, so a strategy of
     * several lists asks the list its own records name (the entry's {@link CacheEntry#mark()}, say).
     * A strategy refuses with it the calls about entries it does not hold, as {@link
     * EvictionStrategy} asks, before {@link #remove} or {@link #moveToLast} would cut the list.
     *
     * @param entry an entry
     * @return whether the entry is this list's, as far as its links tell
     */
    public boolean holds(CacheEntry<K, V> entry) {
        return entry.previous() != null || entry.next() != null || first == entry;
    }

    /** @param entry an entry in no list, appended at the tail */
    public void addLast(CacheEntry<K, V> entry) {
        entry.next(null);
        entry.previous(last);
        if (last == null) {
            first = entry;
        } else {
            last.next(entry);
        }
        last = entry;
        size++;
    }

    /** @param entry an entry in no list, inserted at the head */
    public void addFirst(CacheEntry<K, V> entry) {
        entry.previous(null);
        entry.next(first);
        if (first == null) {
            last = entry;
        } else {
            first.previous(entry);
        }
        first = entry;
        size++;
    }

    /** @param entry an entry of this list, unlinked from it; its links are cleared */
    public void remove(CacheEntry<K, V> entry) {
        CacheEntry<K, V> previous = entry.previous();
        CacheEntry<K, V> next = entry.next();
        if (previous == null) {
            first = next;
        } else {
            previous.next(next);
        }
        if (next == null) {
            last = previous;
        } else {
            next.previous(previous);
        }
        entry.previous(null);
        entry.next(null);
        size--;
    }

    /** @param entry an entry of this list, moved to the tail */
    public void moveToLast(CacheEntry<K, V> entry) {
        if (entry != last) {
            remove(entry);
            addLast(entry);
        }
    }

    /** @return the head entry, unlinked, or {@code null} when empty */
    public CacheEntry<K, V> pollFirst() {
        CacheEntry<K, V> head = first;
        if (head != null) {
            remove(head);
        }
        return head;
    }

    /** Forgets every entry, clearing their links. */
    public void clear() {
        for (CacheEntry<K, V> e = first; e != null; ) {
            CacheEntry<K, V> next = e.next();
            e.previous(null);
            e.next(null);
            e = next;
        }
        first = null;
        last = null;
        size = 0;
    }
}
