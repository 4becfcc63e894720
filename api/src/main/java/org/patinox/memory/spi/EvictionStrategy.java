package org.patinox.memory.spi;

import org.patinox.memory.cache.CacheEntry;

/**
 * Decides which entries a bounded {@link org.patinox.memory.cache.Cache} evicts: the extension
 * point of its {@link org.patinox.memory.cache.EvictionPolicy}. Built-in strategies are {@code
 * lru}, {@code lfu} and {@code ttl}; others come from plugins through {@link
 * EvictionStrategyProvider}, or from the user through {@link
 * org.patinox.memory.cache.EvictionPolicy#custom}.
 *
 * <p><b>Threading.</b> A cache calls its strategy from one thread at a time, with each call
 * happening-before the next, so that a strategy needs no locking of its own and may keep plain
 * fields. The calls need not come from the same thread. Each strategy instance serves one cache.
 * Calls are short: a strategy must not block, must not call the cache, and should run in
 * constant or amortized constant time, since the cache's writers wait on it.
 *
 * <p><b>The calls.</b> For each entry, the cache calls {@link #onInsert} once when it enters
 * (after {@link #admit} allowed it), then any number of {@link #onAccess} and {@link #onUpdate},
 * then {@link #onRemove} once when it leaves, whatever the cause. A cache that records reads in
 * buffers replays them later and may drop some under heavy load, as Caffeine does, so {@code
 * onAccess} is a sample of the reads, in order per thread; it never comes after the entry's
 * {@code onRemove}. When the entries' total weight exceeds the maximum, the cache asks {@link
 * #victim()} for an entry, removes it (calling {@code onRemove}) and repeats until the weight fits
 * or the strategy has no victim.
 *
 * <p><b>Entries it does not hold.</b> A call of {@code onAccess}, {@code onUpdate} or {@code
 * onRemove} about an entry the strategy does not hold (never told of, or told it left) breaks this
 * order, and a cache never makes one. The strategy refuses it with an {@link
 * IllegalStateException} naming the entry's key, before anything changes, so that its lists and
 * totals stay whole; {@link EntryList#holds} tells it cheaply of a list in the entries' links. An
 * {@code onInsert} of an entry it holds already is refused alike.
 *
 * <p><b>Per-entry state.</b> A strategy keeps its state in the entries themselves: {@link
 * CacheEntry#previous()}/{@link CacheEntry#next()} (see {@link EntryList}), {@link
 * CacheEntry#mark()} and {@link CacheEntry#state()}. Entries it has not been told of, or that it
 * was told left, must not stay in its structures. State about keys no longer cached (ghost lists,
 * frequency sketches) is the strategy's own, bounded by what it was made for.
 *
 * <p><b>Exceptions.</b> What a strategy throws is caught (an {@link Error} or a checked exception
 * thrown undeclared too; only the JVM's own {@link VirtualMachineError} passes), reported to the
 * {@link Monitor} as {@code CACHE_CALLBACK_FAILED} and to the {@link System.Logger}, and the cache
 * goes on: a throwing {@code victim()} counts as no victim for
 * that round, a throwing {@code admit} admits. A strategy that throws has likely lost track of its
 * entries; the cache then keeps its bound by evicting any entry.
 *
 * <p><b>Time.</b> {@link #shouldEvict} is asked only of strategies that answer {@link #usesTime()}
 * {@code true}, by the cache's maintenance: for each entry whose read it replays and, in the
 * background, for every entry once per sweep. Between maintenance runs a condemned entry may still
 * be read; for expiry exact to the read, use the cache's own {@code expireAfterWrite} and {@code
 * expireAfterAccess}.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface EvictionStrategy<K, V> {

    /**
     * Asks whether a new entry may enter the cache. Called before {@link #onInsert} for keys not
     * cached; the default admits every entry.
     *
     * @param candidate the new entry, not yet known to the strategy
     * @return {@code false} to refuse it: the cache then drops it at once, as an eviction of cause
     *     {@link org.patinox.memory.cache.RemovalCause#SIZE}, and the strategy hears nothing more
     *     of it
     */
    default boolean admit(CacheEntry<K, V> candidate) {
        return true;
    }

    /**
     * @param entry an entry that entered the cache
     * @throws IllegalStateException when the strategy holds the entry already
     */
    void onInsert(CacheEntry<K, V> entry);

    /**
     * @param entry an entry that was read
     * @throws IllegalStateException when the strategy does not hold the entry
     */
    void onAccess(CacheEntry<K, V> entry);

    /**
     * @param entry an entry whose value was replaced
     * @param previousWeight the weight of the value replaced
     * @throws IllegalStateException when the strategy does not hold the entry
     */
    void onUpdate(CacheEntry<K, V> entry, int previousWeight);

    /**
     * Forget the entry: it left the cache, for any cause, including being the {@link #victim()}.
     *
     * @param entry an entry the strategy was told of and that left
     * @throws IllegalStateException when the strategy does not hold the entry: it was never told of
     *     it, or was told it left
     */
    void onRemove(CacheEntry<K, V> entry);

    /**
     * Chooses the next entry to evict. The strategy may reorganize itself (move entries between its
     * queues) but must not forget the entry it returns: the cache removes it and calls {@link
     * #onRemove}.
     *
     * @return an entry the strategy holds, or {@code null} when it holds none
     */
    CacheEntry<K, V> victim();

    /**
     * @return whether this strategy reads the entries' timestamps or condemns entries by {@link
     *     #shouldEvict}; when {@code false} (the default) and the cache has no expiry of its own,
     *     entries keep no timestamps and {@code shouldEvict} is never asked
     */
    default boolean usesTime() {
        return false;
    }

    /**
     * @param entry an entry the strategy holds
     * @param now the cache's ticker, in nanoseconds
     * @return whether the entry should leave now, as {@link
     *     org.patinox.memory.cache.RemovalCause#EXPIRED}; the default never condemns
     */
    default boolean shouldEvict(CacheEntry<K, V> entry, long now) {
        return false;
    }

    /**
     * Lists the entries in the order this strategy would evict them, for {@link
     * org.patinox.memory.cache.CachePolicy#coldest}: the order of the victims it would answer if
     * the cache asked {@link #victim()} again and again, removing each ({@link #onRemove}), with
     * nothing else happening. The first is therefore what {@code victim()} would answer now.
     *
     * <p>Unlike {@code victim()}, this must change nothing: neither the strategy's fields nor the
     * entries' links, marks and states. A strategy whose {@code victim()} reorganizes itself
     * (moving entries between queues, clearing bits) lists the order by simulating those moves on
     * the side. The cache calls it as it calls the other methods, one thread at a time; it should
     * take time in the {@code limit}, not in the entries held, where the strategy can.
     *
     * <p>The built-in strategies and those of {@code patinox-memory-eviction} implement it. The
     * default throws {@link UnsupportedOperationException} naming the strategy's class: no generic
     * answer is right for a strategy it knows nothing of, and a wrong order would mislead. The
     * cache then throws the same to the caller of {@code coldest} or {@code hottest}, without
     * reporting a failure.
     *
     * @param limit the most entries to list, 0 or more
     * @return at most {@code limit} distinct entries the strategy holds, the next victim first; a
     *     new list, which the cache may keep
     * @throws UnsupportedOperationException when the strategy does not list its order (the default)
     */
    default java.util.List<CacheEntry<K, V>> coldest(int limit) {
        throw new UnsupportedOperationException("the eviction strategy " + getClass().getName()
                + " does not list its eviction order: it does not implement EvictionStrategy.coldest(int)");
    }

    /**
     * Lists the entries this strategy would evict last, the very last first: the reverse of
     * {@link #coldest} over every entry it holds, for {@link
     * org.patinox.memory.cache.CachePolicy#hottest}. Like {@code coldest}, it changes nothing.
     *
     * <p>The default lists every entry through {@code coldest(Integer.MAX_VALUE)} and reverses its
     * end, so it takes time in the entries held; a strategy whose order can be read from its other
     * end (an LRU list's most recent end) overrides it to take time in the {@code limit}.
     *
     * @param limit the most entries to list, 0 or more
     * @return at most {@code limit} distinct entries the strategy holds, the last victim first; a
     *     new list
     * @throws UnsupportedOperationException when the strategy does not list its order
     */
    default java.util.List<CacheEntry<K, V>> hottest(int limit) {
        java.util.List<CacheEntry<K, V>> all = coldest(Integer.MAX_VALUE);
        int n = Math.min(limit, all.size());
        java.util.List<CacheEntry<K, V>> hottest = new java.util.ArrayList<>(n);
        for (int i = all.size() - 1; hottest.size() < n; i--) {
            hottest.add(all.get(i));
        }
        return hottest;
    }

    /**
     * Tells the strategy that the cache's maximum changed while it runs ({@link
     * org.patinox.memory.cache.CachePolicy#setMaximum}), before the cache evicts down to it: a
     * strategy that sizes its queues, ghost lists or sketch by the maximum it was made for ({@link
     * org.patinox.memory.cache.CacheConfig#maximumWeight()}) resizes them here. The call comes as
     * the others do, one at a time. The default ignores it, which is right for a strategy that sizes
     * nothing by the maximum; the cache keeps its bound either way.
     *
     * @param maximum the new bound on the entries' total weight, from 0 to {@link
     *     org.patinox.memory.cache.CachePolicy#LARGEST_MAXIMUM}
     */
    default void onMaximumChanged(long maximum) {
    }
}
