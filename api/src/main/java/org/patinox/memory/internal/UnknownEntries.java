package org.patinox.memory.internal;

import org.patinox.memory.cache.CacheEntry;

/** The refusals the built-in strategies give a call about an entry they do not hold, or an insert of one they do. */
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

    /**
     * @param strategy the strategy's name
     * @param entry the entry it holds already
     * @return the exception that refuses its insert, naming the entry's key
     */
    static IllegalStateException insertedTwice(String strategy, CacheEntry<?, ?> entry) {
        return new IllegalStateException(strategy + " holds the entry of key " + entry.key()
                + " already, and was told it entered again");
    }
}
