package org.patinox.memory.cache;

/** Why an entry left a {@link Cache}. */
public enum RemovalCause {
    /** The user removed it: {@link Cache#remove}, {@link Cache#invalidateAll} or the map view. */
    EXPLICIT(false),
    /** The user put another value for its key (the same instance put again is no replacement). */
    REPLACED(false),
    /** The eviction strategy chose it (or refused to admit it) to keep the cache within its bound. */
    SIZE(true),
    /** It outlived its expiry, or the eviction strategy's {@code shouldEvict} condemned it. */
    EXPIRED(true);

    private final boolean evicted;

    RemovalCause(boolean evicted) {
        this.evicted = evicted;
    }

    /** @return whether the cache removed the entry on its own, rather than because the user asked */
    public boolean wasEvicted() {
        return evicted;
    }
}
