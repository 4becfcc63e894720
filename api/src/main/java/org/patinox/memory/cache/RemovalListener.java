package org.patinox.memory.cache;

/**
 * Told of every entry that leaves a {@link Cache}, once per entry. It runs on the thread that
 * caused the removal, after the cache's own locks are released (for expiry and eviction found by
 * background maintenance, on the maintaining thread), so it should be quick and must not block.
 * What it throws is reported to the {@link org.patinox.memory.spi.Monitor} and never reaches the
 * cache's caller.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
@FunctionalInterface
public interface RemovalListener<K, V> {

    /**
     * @param key the entry's key
     * @param value the entry's value
     * @param cause why it left
     */
    void onRemoval(K key, V value, RemovalCause cause);
}
