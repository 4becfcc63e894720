package org.patinox.memory.support;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.patinox.memory.CacheException;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheLoader;
import org.patinox.memory.spi.LoadCoordinator;

/**
 * The loading cache's features, written once for every first-party cache: the configured {@link
 * CacheLoader} as the function of {@code get(key)}, {@code getAll} with its one bulk load of the
 * absent keys, and the refreshes of {@link CacheConfig#refreshAfterWrite()} and {@code
 * refresh(key)}. The cache supplies its counted read, its store-if-absent and an atomic
 * replace-if-unchanged ({@link Replacer}); this class keeps one refresh in flight per key, runs it
 * on the instance's virtual threads (never on the scheduler's thread), counts its load in the
 * {@link LoadCoordinator} and reports its failure.
 *
 * <p>Shared by the first-party implementations: not part of the API. Thread-safe.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class CacheLoading<K, V> {

    /**
     * Replaces a key's value by a reloaded one, atomically with respect to the cache's writes,
     * only if no write to the key came since the reload started ({@code current}) and the key
     * still holds the very value the reload started from.
     *
     * @param <K> the type of keys
     * @param <V> the type of values
     */
    @FunctionalInterface
    public interface Replacer<K, V> {
        /**
         * @param key the key
         * @param expected the value the reload started from (compared by identity), or {@code null}
         *     when the key had no live entry: then the value is stored only if it still has none
         * @param fresh the reloaded value; {@code null} removes the entry (as {@code EXPLICIT})
         * @param current asked under the same lock as the replacement: whether the reload is still
         *     the key's current one, no write having {@linkplain #written discarded} it
         */
        void replace(K key, V expected, V fresh, java.util.function.BooleanSupplier current);
    }

    private final String cacheName;
    private final CacheLoader<K, V> loader;
    private final long refreshNanos;
    private final LoadCoordinator<K, V> loads;
    private final Executor executor;
    private final CacheEvents events;
    private final Replacer<K, V> replacer;
    private final Function<K, V> loaderFunction;
    /** The refreshes in flight, one per key. */
    private final ConcurrentHashMap<K, CompletableFuture<V>> refreshing = new ConcurrentHashMap<>();

    /**
     * @param config the cache's configuration: its name, loader and refresh
     * @param loads the cache's coordinator, which counts the bulk loads and reloads
     * @param executor where reloads run: the instance's virtual threads
     * @param events the cache's events, which report a failed reload
     * @param replacer the cache's replace-if-unchanged; {@code null} for a cache that refreshes by
     *     other means (the Caffeine backend: Caffeine's own), which then calls neither {@link
     *     #refreshIfDue} nor {@link #refresh}
     */
    public CacheLoading(CacheConfig<K, V> config, LoadCoordinator<K, V> loads, Executor executor, CacheEvents events,
                        Replacer<K, V> replacer) {
        this.cacheName = config.name();
        this.loader = config.loader();
        long nanos;
        try {
            nanos = config.refreshAfterWrite().toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        this.refreshNanos = nanos;
        this.loads = Objects.requireNonNull(loads, "loads");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.events = Objects.requireNonNull(events, "events");
        this.replacer = replacer;
        this.loaderFunction = loader == null ? null : this::load;
    }

    /** @return whether entries are refreshed after write, so that the cache must time its writes */
    public boolean refreshes() {
        return refreshNanos > 0;
    }

    /**
     * @param call the method that needs the loader, for the message
     * @return the configured loader as the function of {@code get(key, loader)}: a checked exception
     *     it throws is wrapped in a {@link CompletionException}
     * @throws IllegalStateException when the configuration has no loader
     */
    public Function<K, V> loader(String call) {
        if (loaderFunction == null) {
            throw noLoader(call);
        }
        return loaderFunction;
    }

    private IllegalStateException noLoader(String call) {
        return new IllegalStateException("cache '" + cacheName + "': " + call + " needs " + CacheConfig.LOADER
                + ", but the configuration has none; set CacheConfig.Builder.loader(...), or pass a loader to the"
                + " call");
    }

    private V load(K key) {
        try {
            return loader.load(key);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw wrapped(e);
        }
    }

    /** Wraps a loader's checked exception, keeping the thread's interrupt status when it was an interrupt, as Caffeine does. */
    private static CompletionException wrapped(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new CompletionException(e);
    }

    /** @return the configured loader's {@link CacheLoader#loadAll} as the bulk loader of {@code getAll} */
    public Function<Set<? extends K>, Map<? extends K, ? extends V>> bulkLoader() {
        if (loader == null) {
            throw noLoader("getAll(keys)");
        }
        return keys -> {
            try {
                return loader.loadAll(keys);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw wrapped(e);
            }
        };
    }

    // ---- getAll --------------------------------------------------------------------------------

    /**
     * The contract of {@code Cache.getAll}: every key checked for {@code null} first, then each
     * distinct key read once through {@code read} (counting its hit or miss, starting its refresh
     * if due), the absent ones loaded in one counted call, every entry loaded stored through
     * {@code storeIfAbsent}.
     *
     * @param keys the keys
     * @param bulkLoader the user's bulk loader
     * @param read the cache's counted read, {@code getIfPresent}
     * @param storeIfAbsent caches a loaded value unless the key has a live one, and returns the
     *     value cached afterwards
     * @return an unmodifiable map of the keys with a value, in the keys' order
     */
    public Map<K, V> getAll(Iterable<? extends K> keys,
                            Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>> bulkLoader,
                            Function<? super K, ? extends V> read,
                            BiFunction<? super K, ? super V, ? extends V> storeIfAbsent) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(bulkLoader, "bulkLoader");
        Set<K> asked = new LinkedHashSet<>();
        for (K key : keys) {
            // Every key checked before any is read: a refused call counts no request and starts no refresh.
            asked.add(Objects.requireNonNull(key, "key"));
        }
        Map<K, V> found = new LinkedHashMap<>();
        Set<K> absent = new LinkedHashSet<>();
        for (K key : asked) {
            V value = read.apply(key);
            if (value != null) {
                found.put(key, value);
            } else {
                absent.add(key);
            }
        }
        if (!absent.isEmpty()) {
            Set<K> toLoad = Collections.unmodifiableSet(absent);
            Map<? extends K, ? extends V> loaded = counted(() -> {
                Map<? extends K, ? extends V> values = bulkLoader.apply(toLoad);
                if (values == null) {
                    throw new NullPointerException("cache '" + cacheName + "': the bulk loader of getAll returned null"
                            + " rather than a map of the values of " + toLoad);
                }
                for (K key : values.keySet()) {
                    if (key == null) {
                        throw new NullPointerException("cache '" + cacheName
                                + "': the bulk loader of getAll returned a null key among " + values.keySet());
                    }
                }
                return values;
            });
            for (Map.Entry<? extends K, ? extends V> entry : loaded.entrySet()) {
                V value = entry.getValue();
                if (value == null) {
                    continue;
                }
                K key = entry.getKey();
                V held = storeIfAbsent.apply(key, value);
                if (absent.contains(key) && held != null) {
                    found.put(key, held);
                }
            }
        }
        Map<K, V> result = new LinkedHashMap<>();
        for (K key : asked) {
            V value = found.get(key);
            if (value != null) {
                result.put(key, value);
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /** A load counted in the coordinator: its time, and a success or a failure. */
    private <T> T counted(java.util.function.Supplier<T> load) {
        try {
            return loads.counted(load::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // Only a checked exception thrown undeclared gets here: rethrown as it came.
            CacheLoading.<RuntimeException>rethrow(e);
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void rethrow(Throwable e) throws E {
        throw (E) e;
    }

    // ---- refresh -------------------------------------------------------------------------------

    /**
     * Called by a read that found a live entry: starts its refresh when it is due and none is in flight.
     *
     * @param key the key read
     * @param value the value the read returns
     * @param writeTime when the entry was written, in ticker nanoseconds
     * @param now the ticker's time of the read
     */
    public void refreshIfDue(K key, V value, long writeTime, long now) {
        if (now - writeTime >= refreshNanos && !refreshing.containsKey(key)) {
            start(key, value);
        }
    }

    /**
     * The contract of {@code Cache.refresh(key)}.
     *
     * @param key the key
     * @param current its live value, or {@code null}
     * @return the refresh in flight for the key: this one, or one that was running already
     */
    public CompletableFuture<V> refresh(K key, V current) {
        Objects.requireNonNull(key, "key");
        if (loader == null) {
            throw noLoader("refresh(key)");
        }
        return start(key, current);
    }

    /** @return whether a refresh of the key is in flight */
    public boolean isRefreshing(K key) {
        return refreshing.containsKey(key);
    }

    /**
     * Called by the cache before every write to a key other than a load's or a refresh's own store
     * (a put, a replacement, a compute, whether or not it ends up changing the entry): the refresh
     * in flight for the key, if any, stores nothing, as Caffeine discards it; its future still
     * completes with the reloaded value. Otherwise a reload started before the write could replace
     * what the write stored whenever the write stored the very value the reload started from again.
     *
     * @param key the key about to be written
     */
    public void written(Object key) {
        refreshing.remove(key);
    }

    /**
     * Called by the cache before it removes a key, whether or not it holds a value: as {@link
     * #written}, and the load in flight for the key, if any, does not leave its value cached
     * ({@link LoadCoordinator#invalidate}), so that a value read from the source before the removal
     * does not outlive it.
     *
     * @param key the key about to be removed
     */
    public void removed(Object key) {
        written(key);
        loads.invalidate(key);
    }

    /** As {@link #removed} for every key: called before the cache removes every entry. */
    public void removedAll() {
        refreshing.clear();
        loads.invalidateAll();
    }

    private CompletableFuture<V> start(K key, V old) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = refreshing.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        try {
            executor.execute(() -> run(key, old, mine));
        } catch (RejectedExecutionException e) {
            // The instance is closing: no refresh, the value stays.
            refreshing.remove(key, mine);
            mine.completeExceptionally(e);
        }
        return mine;
    }

    /** On a virtual thread: the reload, then the replacement unless the entry changed meanwhile. */
    private void run(K key, V old, CompletableFuture<V> mine) {
        V fresh;
        try {
            fresh = loads.counted(() -> {
                try {
                    return old == null ? loader.load(key) : loader.reload(key, old);
                } catch (Throwable e) {
                    // Reported before it is counted, so that whoever sees the count sees the report.
                    if (!(e instanceof VirtualMachineError)) {
                        events.callbackFailed("loader", "reload", e);
                    }
                    throw e;
                }
            });
        } catch (Throwable e) {
            refreshing.remove(key, mine);
            mine.completeExceptionally(e);
            CacheEvents.rethrowFatal(e);
            return;
        }
        Throwable failure = null;
        try {
            replacer.replace(key, old, fresh, () -> refreshing.get(key) == mine);
        } catch (CacheException e) {
            // Closed meanwhile: the reloaded value is dropped with the cache.
        } catch (Throwable e) {
            // The weigher refused the value: the cache reported it; the old value stays.
            failure = e;
        } finally {
            // Only now, so that no read starts another refresh of the value being replaced.
            refreshing.remove(key, mine);
        }
        if (failure != null) {
            mine.completeExceptionally(failure);
        } else {
            mine.complete(fresh);
        }
    }
}
