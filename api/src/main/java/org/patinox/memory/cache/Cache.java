package org.patinox.memory.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.patinox.memory.CacheException;

/**
 * A bounded, concurrent map from keys to values whose entries are evicted by a pluggable {@link
 * EvictionPolicy} and may expire with time. Made by {@link org.patinox.memory.MemoryUtilities#cache}.
 *
 * <pre>{@code
 * Cache<Long, Customer> customers = memory.cache(CacheConfig.<Long, Customer>builder()
 *         .maximumSize(10_000).policy(EvictionPolicy.named("w-tinylfu")).build());
 * Customer c = customers.get(42L, id -> repository.load(id));
 * }</pre>
 *
 * <p>Every method is thread-safe. Keys and values are never {@code null}; a {@code null} argument
 * is a {@link NullPointerException}. Keys are compared with {@code equals}, as in a {@link
 * java.util.HashMap}, and must not change while cached.
 *
 * <p><b>Bounds.</b> The entries' total weight (their count, unless a {@link Weigher} is set) is
 * kept within {@link CacheConfig#maximumWeight()}: after {@link #cleanUp()} it never exceeds it.
 * An implementation may let it run over briefly between its maintenance runs; its {@link
 * org.patinox.memory.spi.MemoryProvider} documents by how much at most.
 *
 * <p><b>Removals.</b> Every entry that leaves the cache, for whatever {@link RemovalCause}, is
 * reported once to the {@link CacheConfig#removalListener()}. A listener that throws is reported to
 * the {@link org.patinox.memory.spi.Monitor} and the cache goes on.
 *
 * <p><b>Closing.</b> {@link #close()} stops the cache's background work and drops its entries
 * without notifying the listener; afterwards every method but {@link #close()}, {@link #name()},
 * {@link #config()}, {@link #stats()} and {@link #isClosed()} throws a {@link CacheException} of kind {@link
 * CacheException.Kind#CLOSED}, whatever its arguments: a {@code null} one too, before it is checked. The {@code MemoryUtilities} that made a cache closes it when it
 * closes itself.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface Cache<K, V> extends AutoCloseable {

    /** @return the cache's name, as in its configuration, events and stats */
    String name();

    /** @return the configuration the cache was made with, its name assigned */
    CacheConfig<K, V> config();

    /**
     * Returns the value cached for the key, counting a hit or a miss. An expired entry counts as
     * absent.
     *
     * @param key the key
     * @return the value, or {@code null} when the key has no live entry
     */
    V getIfPresent(K key);

    /**
     * Returns the value cached for the key, else loads, caches and returns it. Concurrent calls for
     * one key run the loader once: the others wait for its result. A loader that throws caches
     * nothing and counts as a failed load; what it threw reaches its caller as thrown, and, when it
     * is a {@link RuntimeException} or an {@link Error}, every caller that waited for it. A checked
     * exception thrown undeclared (as Kotlin or Lombok's {@code @SneakyThrows} do) is not handed to
     * the waiters, whose code never declared it: they load for themselves, as in Caffeine. A loader
     * that returns {@code null} caches nothing and this method returns {@code null}. A value written
     * while the loader runs stays: the load stores only into a key without a value, and returns the
     * value it finds there instead of its own. A removal of the key while the loader runs ({@link
     * #remove}, {@link #invalidateAll}, or through {@link #asMap()}) wins, as in Caffeine, where it
     * waits for the load: the callers get the loaded value, which is cached and then removed
     * (reported with cause {@link RemovalCause#EXPLICIT}), so that a value read from the source
     * before an invalidation never outlives it.
     *
     * @param key the key
     * @param loader computes the value of an absent key; it runs on the calling thread, and must
     *     not call back into this cache for the same key
     * @return the value, or {@code null} when the loader returned {@code null}
     * @throws CacheException of kind {@link CacheException.Kind#RECURSIVE_LOAD} when the loader,
     *     directly or not, asks this cache for the key it is loading: on its own thread, or through
     *     loads on other threads that wait for each other in a cycle (the loader of {@code k1}
     *     waits for {@code k2}, whose loader waits for {@code k1}), or by joining the {@link
     *     #getAsync} future of a load that waits for it; the message names the keys of the cycle,
     *     such as {@code k1 -> k2 -> k1}
     */
    V get(K key, Function<? super K, ? extends V> loader);

    /**
     * As {@link #get(Object, Function)}, but loads on a virtual thread of the owning {@code
     * MemoryUtilities}, so that a slow loader never blocks the caller. A present value completes the
     * future at once. The call counts in {@link #stats()} as one request when it returns: a hit, or
     * a miss whose load (when it runs one rather than joining another's) counts as {@link
     * #get(Object, Function)}'s does; a load finishing meanwhile does not turn the miss into a hit.
     *
     * @param key the key
     * @param loader computes the value of an absent key
     * @return a future that completes with the value (or {@code null}), or exceptionally with what
     *     the loader threw; a loader that joins it (or calls its {@code get()}) while the load waits
     *     for that loader fails with a {@link java.util.concurrent.CompletionException} (or an
     *     {@link java.util.concurrent.ExecutionException}) caused by a {@link CacheException} of
     *     kind {@link CacheException.Kind#RECURSIVE_LOAD} rather than waiting forever
     */
    CompletableFuture<V> getAsync(K key, Function<? super K, ? extends V> loader);

    /**
     * Caches the value for the key, replacing any other (reported with cause {@link
     * RemovalCause#REPLACED}; the same instance put again replaces nothing and is not reported),
     * then evicts what the bound requires.
     *
     * @param key the key
     * @param value the value
     */
    void put(K key, V value);

    /**
     * Removes the key's entry, reported with cause {@link RemovalCause#EXPLICIT}.
     *
     * @param key the key
     * @return the value removed, or {@code null} when the key had no entry
     */
    V remove(K key);

    /** Removes every entry, each reported with cause {@link RemovalCause#EXPLICIT}. */
    void invalidateAll();

    /**
     * @return the number of entries, counting those expired but not yet removed; exact once the
     *     cache is quiet
     */
    long size();

    /**
     * @return the counts since the cache was made; cheap, and valid after close; {@link
     *     CacheStats#empty all zero} when the configuration does not {@link CacheConfig#recordStats()
     *     record} them
     */
    CacheStats stats();

    /**
     * Runs pending maintenance now, on the calling thread: replays recorded accesses to the
     * eviction strategy, evicts down to the bound and removes expired entries. Background work does
     * the same periodically; tests and callers who need an exact state call this.
     */
    void cleanUp();

    /**
     * A live view of the cache as a {@link ConcurrentMap}. Reads through it do not count in the
     * stats, as in Caffeine; writes through it are reported to the listener and bounded like the
     * cache's own; its atomic operations ({@code putIfAbsent}, {@code compute} ...) are atomic with
     * respect to the cache. Expired entries are absent from it. Their mapping functions ({@code
     * compute}, {@code computeIfAbsent}, {@code computeIfPresent}, {@code merge}), like the
     * configuration's {@link CacheConfig#expiry() expiry} and {@link CacheConfig#weigher() weigher},
     * must not write to the cache: every write one makes to it on its own thread ({@code put},
     * {@code remove}, {@code invalidateAll}, a load on a miss, a write through this view), whatever
     * the key, is refused with a {@link java.util.ConcurrentModificationException} naming the cache,
     * in every implementation, before it changes anything; reads are allowed.
     *
     * @return the view; the same object on every call
     */
    ConcurrentMap<K, V> asMap();

    /** @return whether {@link #close()} has been called */
    boolean isClosed();

    /**
     * Stops background work and drops every entry without notifying the listener; idempotent.
     * Callers waiting for another caller's load of a key end at once with the {@link CacheException}
     * of kind {@link CacheException.Kind#CLOSED} that every later call gets; the loading caller gets
     * it when its loader returns, and its value is not stored.
     */
    @Override
    void close();

    /**
     * Returns the value cached for the key, else loads it with the configured {@link
     * CacheConfig#loader() loader}, as {@link #get(Object, Function)} does with a function: once
     * per key under concurrency, recursive loads refused, counted alike. A checked exception thrown
     * by {@link CacheLoader#load} reaches the caller (and those who waited for it) wrapped in a
     * {@link java.util.concurrent.CompletionException}, as in Caffeine's {@code LoadingCache}.
     *
     * @param key the key
     * @return the value, or {@code null} when the loader returned {@code null}
     * @throws IllegalStateException when the configuration has no loader; the message names the
     *     setting {@link CacheConfig#LOADER}
     * @throws CacheException of kind {@link CacheException.Kind#RECURSIVE_LOAD} as {@link
     *     #get(Object, Function)}
     */
    V get(K key);

    /**
     * Returns the values of the keys: those cached, and those of the absent keys, loaded in one call
     * of the bulk loader and cached. Each key counts as a hit or a miss, and the bulk load as one
     * load (failed if it throws). Entries the bulk loader returns for other keys are cached too, as
     * in Caffeine; a key it leaves out (or maps to {@code null}) is absent from the result. A loaded
     * value does not replace one that another thread wrote meanwhile: the result holds what the
     * cache holds. The bulk load does not wait for, nor make wait, loads of single keys by {@link
     * #get} running at the same time (as in Caffeine).
     *
     * @param keys the keys; duplicates are looked up once
     * @param bulkLoader computes the values of the absent keys, given in the keys' order; it runs on
     *     the calling thread, and only when a key is absent. What it throws reaches the caller as
     *     thrown and caches nothing.
     * @return an unmodifiable map of the keys that have a value, in the keys' iteration order
     * @throws NullPointerException when a key is {@code null} (before any key is read: nothing is
     *     counted, nor refreshed), or the bulk loader returns a {@code null} map or a {@code null} key
     */
    java.util.Map<K, V> getAll(Iterable<? extends K> keys, Function<? super java.util.Set<? extends K>,
            ? extends java.util.Map<? extends K, ? extends V>> bulkLoader);

    /**
     * As {@link #getAll(Iterable, Function)}, with the configured loader's {@link CacheLoader#loadAll}
     * as the bulk loader; a checked exception it throws reaches the caller wrapped in a {@link
     * java.util.concurrent.CompletionException}.
     *
     * @param keys the keys
     * @return an unmodifiable map of the keys that have a value, in the keys' iteration order
     * @throws IllegalStateException when the configuration has no loader, naming {@link CacheConfig#LOADER}
     */
    java.util.Map<K, V> getAll(Iterable<? extends K> keys);

    /**
     * Reloads the key in the background with the configured loader, as {@link
     * CacheConfig#refreshAfterWrite()} does when a read finds an entry due: {@link CacheLoader#reload}
     * when the key has a value, {@link CacheLoader#load} when it has none. Reads go on returning the
     * old value until the new one replaces it; a key already being refreshed is not refreshed twice:
     * its refresh in flight is returned. The new value is dropped when the key was written meanwhile,
     * by any write, even one that stored the very value the reload started from again (as Caffeine
     * drops it); a {@code null} removes the entry. A failed reload
     * keeps the old value, counts as a failed load, and is reported to the monitor as a {@code
     * CACHE_CALLBACK_FAILED} event ({@code callback} {@code loader}, {@code call} {@code reload}).
     *
     * @param key the key
     * @return a future completed, once the reload ends, with the value it loaded (whether or not it
     *     was stored), or exceptionally with what the loader threw
     * @throws IllegalStateException when the configuration has no loader, naming {@link CacheConfig#LOADER}
     */
    CompletableFuture<V> refresh(K key);

    /**
     * Inspection and run-time tuning of the cache's eviction: its coldest and hottest entries in
     * its strategy's order, and its maximum, changeable while it runs. As Caffeine's {@code
     * policy().eviction()}, it is empty for an unbounded cache (made without a maximum, which has
     * nothing to evict and no bound to change), and for a backend that cannot list its order; the
     * {@code standard} and {@code lockfree} caches and the {@code caffeine} backend give it for
     * every bounded cache. Once {@link CachePolicy#setMaximum} has changed the maximum, the bound
     * this interface's description speaks of is {@link CachePolicy#maximum()}, no longer {@link
     * CacheConfig#maximumWeight()}.
     *
     * @return the cache's eviction policy, the same object on every call; empty when unbounded
     * @throws CacheException of kind {@link CacheException.Kind#CLOSED} once the cache is closed
     */
    default java.util.Optional<CachePolicy<K, V>> policy() {
        if (isClosed()) {
            throw new CacheException(CacheException.Kind.CLOSED, name(), "cache '" + name() + "' is closed");
        }
        return java.util.Optional.empty();
    }
}
