package org.patinox.memory.eviction.internal;

import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.spi.EntryList;

/**
 * Walks a strategy's lists to check the totals it keeps as it goes, for tests: the entries and
 * weights no running total may drift from. It takes time in the entries held.
 */
final class Totals {

    private long entries;
    private long weight;

    /**
     * Adds a list's entries, checking them against the list's size and the weight kept for it.
     *
     * @param name the list's name, for the message
     * @param list the list
     * @param weightKept the strategy's running total of the list's weight, or -1 when it keeps none
     * @return this
     * @throws IllegalStateException naming the list when its size or weight is not the one kept
     */
    Totals add(String name, EntryList<?, ?> list, long weightKept) {
        long n = 0;
        long w = 0;
        for (CacheEntry<?, ?> e = list.first(); e != null; e = e.next()) {
            n++;
            w += e.weight();
        }
        if (n != list.size()) {
            throw new IllegalStateException(name + " links " + n + " entries but counts " + list.size());
        }
        if (weightKept >= 0 && w != weightKept) {
            throw new IllegalStateException(name + " weighs " + w + " but keeps the total " + weightKept);
        }
        entries += n;
        weight += w;
        return this;
    }

    /** @param entry an entry held outside the lists, or {@code null} @return this */
    Totals add(CacheEntry<?, ?> entry) {
        if (entry != null) {
            entries++;
            weight += entry.weight();
        }
        return this;
    }

    /**
     * @param held the strategy's count of the entries it holds, or -1 when it keeps none
     * @return the entries and the weight walked
     * @throws IllegalStateException when the count kept is not the number walked
     */
    long[] check(long held) {
        if (held >= 0 && held != entries) {
            throw new IllegalStateException("the lists hold " + entries + " entries but the count kept is " + held);
        }
        return new long[] {entries, weight};
    }
}
