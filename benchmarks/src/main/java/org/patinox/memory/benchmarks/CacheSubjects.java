package org.patinox.memory.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.EvictionPolicy;

/**
 * The caches the cache benchmarks compare, by the name of their {@code cache} parameter, each
 * opened the way its users would: this project's through the public API only ({@link
 * MemoryUtilities#open} naming the provider, then {@link MemoryUtilities#cache}), Caffeine with its
 * builder, and an unbounded {@link ConcurrentHashMap} as the floor.
 *
 * <ul>
 *   <li>{@code patinox-<provider>-<policy>}: provider {@code standard} or {@code lockfree}, its own
 *       cache with that eviction policy ({@code lru}, or {@code w-tinylfu} when {@code
 *       patinox-memory-eviction} is on the class path);
 *   <li>{@code patinox-caffeine}: the {@code caffeine} backend (on provider {@code standard},
 *       which the backend does not use), policy {@code w-tinylfu};
 *   <li>{@code caffeine}: Caffeine itself, {@code Caffeine.newBuilder().maximumSize(n).build()};
 *   <li>{@code caffeine-stats}: the same, {@code recordStats()}, as this project's caches always
 *       count hits and misses;
 *   <li>{@code chm}: a {@code ConcurrentHashMap}, unbounded.
 * </ul>
 */
final class CacheSubjects {

    /** The {@code cache} parameter's prefix for this project's caches. */
    static final String PATINOX = PoolSettings.PATINOX;
    /** The {@code caffeine} backend's parameter value. */
    static final String PATINOX_CAFFEINE = PATINOX + "caffeine";
    private static final List<String> PROVIDERS = List.of("standard", "lockfree");
    /** The suffix of this project's caches that record statistics. */
    static final String STATS = "-stats";

    private CacheSubjects() {
    }

    /**
     * One open cache, whichever it is. Each benchmark fork opens one kind only, so this interface
     * has one implementation loaded and its calls inline.
     */
    interface Subject<K, V> {
        /** @return the value of the key, or {@code null} */
        V get(K key);

        /**
         * @param key the key
         * @param value its value
         */
        void put(K key, V value);

        /** @return the number of entries, once maintenance is done */
        long settledSize();

        /** @return the object a user holds, from which {@link CacheMemoryFootprint} walks the graph */
        Object root();

        /** Closes the cache and what opened it. */
        void close();
    }

    /**
     * @param cache a {@code cache} parameter value
     * @param maximum the bound on the number of entries; ignored by {@code chm}
     * @return the cache, open and empty
     */
    static <K, V> Subject<K, V> open(String cache, long maximum) {
        if (cache.equals("caffeine")) {
            return new CaffeineSubject<>(Caffeine.newBuilder().maximumSize(maximum).build());
        }
        if (cache.equals("caffeine-stats")) {
            return new CaffeineSubject<>(Caffeine.newBuilder().maximumSize(maximum).recordStats().build());
        }
        if (cache.equals("chm")) {
            return new MapSubject<>();
        }
        // This project's caches record no statistics, as Caffeine's do not unless asked, unless
        // the name ends with STATS, as caffeine-stats does.
        boolean stats = cache.startsWith(PATINOX) && cache.endsWith(STATS);
        String subject = stats ? cache.substring(0, cache.length() - STATS.length()) : cache;
        if (subject.equals(PATINOX_CAFFEINE)) {
            return new PatinoxSubject<>("standard", CacheConfig.<K, V>builder().maximumSize(maximum)
                    .backend("caffeine").policy(EvictionPolicy.named("w-tinylfu")).recordStats(stats).build());
        }
        for (String provider : PROVIDERS) {
            String prefix = PATINOX + provider + "-";
            if (subject.startsWith(prefix)) {
                return new PatinoxSubject<>(provider, CacheConfig.<K, V>builder().maximumSize(maximum)
                        .policy(EvictionPolicy.named(subject.substring(prefix.length()))).recordStats(stats).build());
            }
        }
        throw new IllegalArgumentException("no cache '" + cache + "': give patinox-<standard|lockfree>-<policy>, "
                + PATINOX_CAFFEINE + " (either with " + STATS + " to record statistics), caffeine, caffeine-stats or chm");
    }

    /** @return the keys 0 to {@code n - 1}, boxed once, so that no read allocates one */
    static Integer[] keys(int n) {
        Integer[] keys = new Integer[n];
        for (int i = 0; i < n; i++) {
            keys[i] = i;
        }
        return keys;
    }

    /**
     * @param cache a {@code cache} parameter value
     * @param keys the keys to put, the bound being their number
     * @param value the value of every key
     * @return the cache, open and holding every key
     * @throws IllegalStateException when the cache does not hold them all once maintenance is done
     */
    static <V> Subject<Integer, V> openFull(String cache, Integer[] keys, V value) {
        Subject<Integer, V> subject = open(cache, keys.length);
        for (Integer key : keys) {
            subject.put(key, value);
        }
        requireFull(subject, cache, keys.length, "filled");
        return subject;
    }

    /**
     * A cache that lost entries while measuring measured misses or evictions too, and the caches
     * would no longer be compared alike.
     *
     * @throws IllegalStateException when the cache does not hold {@code entries} once maintenance is done
     */
    static void requireFull(Subject<?, ?> subject, String cache, long entries, String when) {
        long size = subject.settledSize();
        if (size != entries) {
            throw new IllegalStateException(cache + " holds " + size + " entries " + when + ", not " + entries);
        }
    }

    /** This project's cache, through the API only. */
    private static final class PatinoxSubject<K, V> implements Subject<K, V> {
        private final MemoryUtilities memory;
        private final Cache<K, V> cache;

        PatinoxSubject(String provider, CacheConfig<K, V> config) {
            memory = MemoryUtilities.open(UtilityConfig.builder().provider(provider).build());
            try {
                cache = memory.cache(config);
            } catch (RuntimeException e) {
                memory.close();
                throw e;
            }
        }

        @Override
        public V get(K key) {
            return cache.getIfPresent(key);
        }

        @Override
        public void put(K key, V value) {
            cache.put(key, value);
        }

        @Override
        public long settledSize() {
            cache.cleanUp();
            return cache.size();
        }

        @Override
        public Object root() {
            return cache;
        }

        @Override
        public void close() {
            memory.close();
        }
    }

    /** Caffeine, as its users build it. */
    private static final class CaffeineSubject<K, V> implements Subject<K, V> {
        private final com.github.benmanes.caffeine.cache.Cache<K, V> cache;

        CaffeineSubject(com.github.benmanes.caffeine.cache.Cache<K, V> cache) {
            this.cache = cache;
        }

        @Override
        public V get(K key) {
            return cache.getIfPresent(key);
        }

        @Override
        public void put(K key, V value) {
            cache.put(key, value);
        }

        @Override
        public long settledSize() {
            cache.cleanUp();
            return cache.estimatedSize();
        }

        @Override
        public Object root() {
            return cache;
        }

        @Override
        public void close() {
            cache.invalidateAll();
        }
    }

    /** The unbounded floor: no eviction, no bookkeeping. */
    private static final class MapSubject<K, V> implements Subject<K, V> {
        private final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();

        @Override
        public V get(K key) {
            return map.get(key);
        }

        @Override
        public void put(K key, V value) {
            map.put(key, value);
        }

        @Override
        public long settledSize() {
            return map.size();
        }

        @Override
        public Object root() {
            return map;
        }

        @Override
        public void close() {
            map.clear();
        }
    }
}
