package org.patinox.memory.support;

import java.util.ConcurrentModificationException;
import java.util.Objects;

/**
 * Refuses every write to a cache from a function the cache runs inside its own writes or reads: a
 * mapping function of {@code asMap()} ({@code compute}, {@code computeIfAbsent}, {@code
 * computeIfPresent}, {@code merge}), the {@link org.patinox.memory.cache.Expiry expiry} or the
 * {@link org.patinox.memory.cache.Weigher weigher}, whatever the key, with the same {@link
 * ConcurrentModificationException} in every implementation. Without it, what such a write did
 * depended on the implementation's locks (a reentrant lock took it, a {@link
 * java.util.concurrent.ConcurrentHashMap} bin refused it when the key shared the bin of the key
 * being written), so on the hash of the key.
 *
 * <p>The cache runs those functions through {@link #call}, which marks the thread in a {@link
 * ScopedValue} (so virtual threads cost nothing more, and nothing is left behind once the call
 * returns), and calls {@link #check} as each write begins. A thread that runs no such function pays
 * one unbound lookup per write. A write made on another thread is not seen: it waits for the
 * cache's locks as any other, which is why a function must not wait for one either.
 *
 * <p>One per cache; thread-safe. Shared by the first-party implementations: not part of the API.
 */
public final class CallbackWrites {

    /** The caches whose functions the current thread runs, the innermost first. */
    private static final ScopedValue<Inside> INSIDE = ScopedValue.newInstance();

    private record Inside(CallbackWrites cache, Inside outer) {
    }

    private final String cacheName;

    /** @param cacheName the cache's name, for the message */
    public CallbackWrites(String cacheName) {
        this.cacheName = Objects.requireNonNull(cacheName, "cacheName");
    }

    /**
     * Runs a function of the user's (a mapping function, the expiry, the weigher) marked as running
     * inside this cache, so that a write it makes to this cache is refused.
     *
     * @param function the call of the user's function
     * @param <R> what it returns
     * @param <X> what it may throw
     * @return what it returned
     * @throws X what it threw, as thrown
     */
    public <R, X extends Throwable> R call(ScopedValue.CallableOp<? extends R, X> function) throws X {
        return ScopedValue.where(INSIDE, new Inside(this, INSIDE.isBound() ? INSIDE.get() : null)).call(function);
    }

    /**
     * Called as a write to the cache begins, before anything changes.
     *
     * @param key the key written, or {@code null} for a write of every key
     * @throws ConcurrentModificationException when the calling thread runs a mapping function,
     *     the expiry or the weigher of this cache
     */
    public void check(Object key) {
        if (!INSIDE.isBound()) {
            return;
        }
        for (Inside inside = INSIDE.get(); inside != null; inside = inside.outer()) {
            if (inside.cache() == this) {
                throw new ConcurrentModificationException("cache '" + cacheName + "': "
                        + (key == null ? "every key" : "key " + key)
                        + " was written from a mapping function of asMap(), an expiry or a weigher of this cache,"
                        + " which is refused whatever the key: such a function must not write to the cache it runs"
                        + " in. Return the value from the function, and write after the call returns");
            }
        }
    }
}
