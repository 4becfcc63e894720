package org.patinox.memory.internal;

import org.patinox.memory.cache.CacheEntry;

/** The refusal the built-in strategies give a call about an entry they do not hold. */
final class UnknownEntries {

    private UnknownEntries() {
    }

    /**
     * @param strategy the strategy's name
     * @param entry the entry it does not hold
     * @return the exception that refuses the call, naming the entry's key
     */
    static IllegalStateException refused(String strategy, CacheEntry<?, ?> entry) {
        return new IllegalStateException(strategy + " was not told of the entry of key " + entry.key()
                + ", or was told it left");
    }
}
