package org.patinox.memory.eviction.internal;

import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.spi.EntryList;

/** What the strategies whose queues are {@link EntryList}s alone tell from an entry's links. */
final class EntryLinks {

    private EntryLinks() {
    }

    /**
     * @return whether the entry is in the list, as far as its links tell: linked to another entry, or
     *     the list's only one; an entry never inserted, or removed (its links cleared), is in none
     */
    static boolean linkedIn(EntryList<?, ?> list, CacheEntry<?, ?> entry) {
        return entry.previous() != null || entry.next() != null || list.first() == entry;
    }
}
