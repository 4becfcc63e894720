package org.patinox.memory.share;

import java.util.function.UnaryOperator;

/**
 * A value shared between threads as an immutable snapshot: readers take the current snapshot with
 * {@link #get()}, a plain volatile read that never waits; writers replace it whole, by {@link
 * #set(Object)} or by copy-on-write with {@link #update(UnaryOperator)}.
 *
 * <p>The value should be immutable (a record of immutable fields, an unmodifiable collection): a
 * reader keeps the snapshot it was given however long it holds it, and nothing guards its fields.
 * Made by {@link org.patinox.memory.MemoryUtilities#shared(Object)}; thread-safe; never {@code null}.
 *
 * @param <T> the type of the value
 */
public interface SharedData<T> {

    /** @return the name in events and stats */
    String name();

    /** @return the current snapshot, never {@code null}; a volatile read that never blocks */
    T get();

    /**
     * Replaces the snapshot.
     *
     * @param value the new snapshot
     * @throws NullPointerException when {@code value} is {@code null}
     * @throws IllegalStateException when called from an update function of this instance on the
     *     same thread
     */
    void set(T value);

    /**
     * Replaces the snapshot by the function's result, by compare-and-set: the function is applied to
     * the current snapshot and its result installed only if no other write came in between; if one
     * did, <b>the function runs again</b> on the newer snapshot, so it may run more than once and must
     * have no side effect and must not modify its argument. It runs on the calling thread, without
     * any lock held; it may {@link #get()} this instance, but a {@link #set} or {@code update} of
     * this instance from it is refused, directly or through another instance's update function it
     * runs: the outer update would retry, and write again, for ever.
     *
     * @param function computes the new snapshot from the current one; never returns {@code null}
     * @return the snapshot installed
     * @throws NullPointerException when the function returns {@code null}; the snapshot is unchanged
     * @throws IllegalStateException when called from an update function of this instance on the
     *     same thread
     */
    T update(UnaryOperator<T> function);

    /**
     * @return the counts so far; reads are counted only when the configuration's {@link
     *     ShareConfig#recordReads()} asks for it, so that by default {@link #get()} costs one
     *     volatile read and nothing more
     */
    SharingStats stats();
}
