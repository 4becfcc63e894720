package org.patinox.memory.cache;

/**
 * The weight of an entry, which {@link CacheConfig#maximumWeight()} bounds. Called when an entry
 * is written, from the writing thread; an entry's weight does not change until its value is
 * replaced. It must be quick, and must not call the cache: a write it makes to the cache is refused
 * with a {@link java.util.ConcurrentModificationException} (see {@link Cache#asMap()}). What it
 * throws fails the write that called it, which changes nothing, as in Caffeine, and is reported to
 * the {@link org.patinox.memory.spi.Monitor} as a failed callback {@code weigher}.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
@FunctionalInterface
public interface Weigher<K, V> {

    /**
     * @param key the key
     * @param value the value
     * @return the entry's weight, zero or more; a negative weight fails the write with an {@link
     *     IllegalArgumentException}
     */
    int weigh(K key, V value);

    /**
     * @param <K> the type of keys
     * @param <V> the type of values
     * @return the weigher that gives every entry the weight 1, so that the maximum weight is a
     *     maximum number of entries; always the same object, which implementations may test for
     */
    @SuppressWarnings("unchecked") // it reads neither key nor value
    static <K, V> Weigher<K, V> unit() {
        return (Weigher<K, V>) Unit.INSTANCE;
    }

    /** The weigher of {@link #unit()}. */
    enum Unit implements Weigher<Object, Object> {
        /** The one instance. */
        INSTANCE;

        @Override
        public int weigh(Object key, Object value) {
            return 1;
        }
    }
}
