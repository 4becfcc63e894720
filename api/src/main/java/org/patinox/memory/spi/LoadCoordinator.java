package org.patinox.memory.spi;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.patinox.memory.CacheException;

/**
 * Runs a cache's loader once per key under concurrency, for cache implementations: the first
 * caller for an absent key loads, and those that ask for the key meanwhile wait for its result
 * rather than load again. It keeps the load counts of {@link org.patinox.memory.cache.CacheStats}.
 *
 * <p>A loader that asks for the key it is loading, on the loading thread, gets a {@link
 * CacheException} of kind {@link CacheException.Kind#RECURSIVE_LOAD} instead of waiting for
 * itself forever. A loader that throws stores nothing; its exception reaches the loading caller
 * and every waiter as thrown (an {@link Error} too). The loads in flight are held in a map of their
 * own, so that no lock of the cache is held while a loader runs.
 *
 * <p>Thread-safe. Waiting is {@link CompletableFuture#join()}, which a virtual thread does without
 * pinning its carrier.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class LoadCoordinator<K, V> {

    /** A load in flight: the thread running it and its outcome. */
    private record Flight<V>(Thread loader, CompletableFuture<V> outcome) {
    }

    private final String cacheName;
    private final LongSupplier ticker;
    private final ConcurrentHashMap<K, Flight<V>> flights = new ConcurrentHashMap<>();
    private final LongAdder successes = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder loadNanos = new LongAdder();

    /**
     * @param cacheName the cache's name, for the message of a recursive load
     * @param ticker the clock that times loads, in nanoseconds
     */
    public LoadCoordinator(String cacheName, LongSupplier ticker) {
        this.cacheName = Objects.requireNonNull(cacheName, "cacheName");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /**
     * Loads the value of a key the cache found absent, or waits for the load already in flight.
     *
     * @param key the key
     * @param lookup reads the key's live value from the cache, or {@code null}; asked again once
     *     this call owns the load, since another load may have finished in between
     * @param loader the user's loader
     * @param store caches the loaded value unless the key has one by now, and returns the value the
     *     cache holds afterwards; called only for a non-null value
     * @return the value, or {@code null} when the loader returned {@code null}
     * @throws CacheException of kind {@link CacheException.Kind#RECURSIVE_LOAD} when the calling
     *     thread is the one loading this key
     */
    public V load(K key, Function<? super K, ? extends V> lookup, Function<? super K, ? extends V> loader,
                  BiFunction<? super K, ? super V, ? extends V> store) {
        Flight<V> mine = new Flight<>(Thread.currentThread(), new CompletableFuture<>());
        Flight<V> running = flights.putIfAbsent(key, mine);
        if (running == null) {
            return run(key, mine, lookup, loader, store);
        }
        if (running.loader() == Thread.currentThread()) {
            throw new CacheException(CacheException.Kind.RECURSIVE_LOAD, cacheName, "cache '" + cacheName
                    + "': the loader of key " + key + " asked for that key itself; a load may not depend on itself");
        }
        try {
            return running.outcome().get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            // Waiting for another's load is not cancellable from here: restore the flag and keep
            // the contract of returning the value or the loader's failure.
            Thread.currentThread().interrupt();
            try {
                return running.outcome().join();
            } catch (CompletionException failed) {
                throw rethrow(failed.getCause());
            }
        }
    }

    private V run(K key, Flight<V> mine, Function<? super K, ? extends V> lookup,
                  Function<? super K, ? extends V> loader, BiFunction<? super K, ? super V, ? extends V> store) {
        try {
            V present = lookup.apply(key);
            if (present != null) {
                mine.outcome().complete(present);
                return present;
            }
            long start = ticker.getAsLong();
            V loaded;
            try {
                loaded = loader.apply(key);
            } catch (RuntimeException | Error e) {
                loadNanos.add(Math.max(0, ticker.getAsLong() - start));
                failures.increment();
                mine.outcome().completeExceptionally(e);
                throw e;
            }
            loadNanos.add(Math.max(0, ticker.getAsLong() - start));
            successes.increment();
            V result = loaded == null ? null : store.apply(key, loaded);
            mine.outcome().complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            // The lookup or the store failed (the loader's failure has completed the outcome already).
            mine.outcome().completeExceptionally(e);
            throw e;
        } finally {
            flights.remove(key, mine);
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RuntimeException e) {
            return e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new CompletionException(cause);
    }

    /**
     * @param key a key
     * @return whether a load of the key is in flight
     */
    public boolean isLoading(K key) {
        return flights.containsKey(key);
    }

    /** @return loads that returned, {@code null} included */
    public long loadSuccessCount() {
        return successes.sum();
    }

    /** @return loads that threw */
    public long loadFailureCount() {
        return failures.sum();
    }

    /** @return the time spent loading, summed, in ticker nanoseconds */
    public long totalLoadTimeNanos() {
        return loadNanos.sum();
    }
}
