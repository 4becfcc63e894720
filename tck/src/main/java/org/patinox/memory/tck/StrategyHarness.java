package org.patinox.memory.tck;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.cache.Weigher;
import org.patinox.memory.spi.EvictionStrategy;

/**
 * A small single-threaded cache that drives an {@link EvictionStrategy} by the call protocol of
 * the SPI, and checks the strategy's answers as it goes: the reference against which a strategy is
 * tested, and the engine of {@link TraceSimulator}.
 *
 * <p>It keeps its entries in a {@link HashMap} with their total weight, and calls the strategy as
 * a cache does: {@link EvictionStrategy#admit admit} then {@link EvictionStrategy#onInsert
 * onInsert} for a new key, {@link EvictionStrategy#onAccess onAccess} on a hit, {@link
 * EvictionStrategy#onUpdate onUpdate} when a value is replaced, and while the total weight exceeds
 * {@link CacheConfig#maximumWeight()}, {@link EvictionStrategy#victim() victim()} followed by the
 * removal of that entry and {@link EvictionStrategy#onRemove onRemove}; an explicit removal, or an
 * entry the strategy {@linkplain EvictionStrategy#shouldEvict condemns} in {@link #expire()}, is
 * followed by {@code onRemove} too. Entries carry timestamps from the configuration's ticker only
 * when the strategy {@linkplain EvictionStrategy#usesTime() uses time} or the configuration
 * expires entries; the harness itself never expires an entry unless asked to by {@link #expire()}.
 *
 * <p>Unlike a real cache, which tolerates a faulty strategy, the harness fails at once, with an
 * {@link AssertionError} naming the breach, when {@code victim()} answers an entry it does not hold
 * (one never inserted, refused by {@code admit}, or already removed), or answers {@code null} while
 * it holds entries and is over its bound. Whatever the strategy throws passes through.
 *
 * <p>Not thread-safe, like the strategies it drives.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class StrategyHarness<K, V> {

    private final Map<K, Entry<K, V>> entries = new HashMap<>();
    private final EvictionStrategy<K, V> strategy;
    private final Weigher<? super K, ? super V> weigher;
    private long maximumWeight;
    private final LongSupplier ticker;
    private final boolean keepsTime;
    /** Every entry ever admitted, when the contract asks for them; {@code null} otherwise. */
    private final List<Entry<K, V>> admittedEntries;
    private long weight;
    private long hits;
    private long misses;
    private long admitted;
    private long refused;
    private long evicted;
    private long removed;
    private long expired;

    /**
     * @param config the bound, weigher and ticker of the cache to act as; the rest is ignored
     * @param strategy a new strategy, made for this configuration, that no other cache uses
     */
    public StrategyHarness(CacheConfig<K, V> config, EvictionStrategy<K, V> strategy) {
        this(config, strategy, false);
    }

    StrategyHarness(CacheConfig<K, V> config, EvictionStrategy<K, V> strategy, boolean keepAdmittedEntries) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.weigher = config.weigher();
        this.maximumWeight = config.maximumWeight();
        this.ticker = config.ticker();
        this.keepsTime = strategy.usesTime() || config.expires();
        this.admittedEntries = keepAdmittedEntries ? new ArrayList<>() : null;
    }

    /**
     * Reads a key: on a hit the strategy hears {@code onAccess}.
     *
     * @param key the key
     * @return its value, or {@code null} on a miss
     */
    public V get(K key) {
        Entry<K, V> e = entries.get(key);
        if (e == null) {
            misses++;
            return null;
        }
        hits++;
        if (keepsTime) {
            e.accessTime = ticker.getAsLong();
        }
        strategy.onAccess(e);
        return e.value;
    }

    /**
     * Writes a key, then evicts down to the bound.
     *
     * @param key the key
     * @param value its new value
     * @return whether the key is cached afterwards: {@code false} when the strategy refused a new
     *     entry, or evicted the entry written to make room
     * @throws IllegalArgumentException when the weigher gives a negative weight
     */
    public boolean put(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        int w = weigher.weigh(key, value);
        if (w < 0) {
            throw new IllegalArgumentException("the weigher gave " + key + " the negative weight " + w);
        }
        long now = keepsTime ? ticker.getAsLong() : 0;
        Entry<K, V> e = entries.get(key);
        if (e != null) {
            int previousWeight = e.weight;
            e.value = value;
            e.weight = w;
            e.writeTime = now;
            e.accessTime = now;
            weight += w - previousWeight;
            strategy.onUpdate(e, previousWeight);
        } else {
            e = new Entry<>(key, value, w, now);
            if (!strategy.admit(e)) {
                refused++;
                return false;
            }
            entries.put(key, e);
            weight += w;
            admitted++;
            if (admittedEntries != null) {
                admittedEntries.add(e);
            }
            strategy.onInsert(e);
        }
        evictToTheBound();
        return entries.get(key) == e;
    }

    /**
     * Removes a key explicitly: the strategy hears {@code onRemove}.
     *
     * @param key the key
     * @return the value removed, or {@code null} when the key had no entry
     */
    public V remove(K key) {
        Entry<K, V> e = entries.get(key);
        if (e == null) {
            return null;
        }
        forget(e);
        removed++;
        return e.value;
    }

    /** Removes every entry explicitly, in no particular order. */
    public void invalidateAll() {
        for (Entry<K, V> e : new ArrayList<>(entries.values())) {
            forget(e);
            removed++;
        }
    }

    /**
     * Runs a maintenance sweep of a time-aware strategy: every entry the strategy {@linkplain
     * EvictionStrategy#shouldEvict condemns} at the ticker's present is removed. Does nothing for
     * a strategy that does not {@linkplain EvictionStrategy#usesTime() use time}.
     *
     * @return the number of entries removed
     */
    public int expire() {
        if (!strategy.usesTime()) {
            return 0;
        }
        long now = ticker.getAsLong();
        int n = 0;
        for (Entry<K, V> e : new ArrayList<>(entries.values())) {
            if (strategy.shouldEvict(e, now)) {
                forget(e);
                expired++;
                n++;
            }
        }
        return n;
    }

    private void evictToTheBound() {
        while (weight > maximumWeight) {
            CacheEntry<K, V> victim = strategy.victim();
            if (victim == null) {
                throw new AssertionError(strategy + ": victim() answered null while the cache holds "
                        + entries.size() + " entries weighing " + weight + ", over its bound of " + maximumWeight);
            }
            Entry<K, V> held = victim.key() == null ? null : entries.get(victim.key());
            if (held != victim) {
                throw new AssertionError(strategy + ": victim() answered an entry the cache does not hold ("
                        + describe(victim) + "): never inserted, refused, or already removed");
            }
            forget(held);
            evicted++;
        }
    }

    private void forget(Entry<K, V> e) {
        entries.remove(e.key);
        weight -= e.weight;
        if (e.removals++ != 0) {
            throw new AssertionError("the harness removed " + describe(e) + " twice");
        }
        strategy.onRemove(e);
    }

    private static String describe(CacheEntry<?, ?> e) {
        return "key " + e.key() + ", weight " + e.weight();
    }

    /** @param key a key @return whether the key has an entry */
    public boolean contains(K key) {
        return entries.containsKey(key);
    }

    /** @return the number of entries held */
    public int size() {
        return entries.size();
    }

    /** @return the entries' total weight; never above {@link #maximumWeight()} between calls */
    public long weight() {
        return weight;
    }

    /** @return the bound on the total weight */
    public long maximumWeight() {
        return maximumWeight;
    }

    /** @return the reads that found their key */
    public long hits() {
        return hits;
    }

    /** @return the reads that did not find their key */
    public long misses() {
        return misses;
    }

    /** @return the new entries the strategy admitted */
    public long admitted() {
        return admitted;
    }

    /** @return the new entries the strategy refused */
    public long refused() {
        return refused;
    }

    /** @return the entries removed as the strategy's victims */
    public long evicted() {
        return evicted;
    }

    /** @return the entries removed explicitly */
    public long removed() {
        return removed;
    }

    /** @return the entries removed because the strategy condemned them */
    public long expired() {
        return expired;
    }

    /** @return the strategy driven */
    public EvictionStrategy<K, V> strategy() {
        return strategy;
    }

    /** @return the entries held, for checks of the suite; a copy */
    List<Entry<K, V>> heldEntries() {
        return new ArrayList<>(entries.values());
    }

    /** @return every entry ever admitted, held or not; empty unless asked for at construction */
    List<Entry<K, V>> admittedEntries() {
        return admittedEntries == null ? List.of() : admittedEntries;
    }

    /** @param e an entry of this harness @return whether it is held now */
    boolean holds(CacheEntry<K, V> e) {
        return e.key() != null && entries.get(e.key()) == e;
    }

    @Override
    public String toString() {
        return "harness(" + entries.size() + " entries, weight " + weight + " of " + maximumWeight + ", " + strategy + ")";
    }

    /**
     * The harness's own entry: plain fields, the strategy's state included.
     *
     * @param <K> the type of keys
     * @param <V> the type of values
     */
    static final class Entry<K, V> implements CacheEntry<K, V> {
        final K key;
        V value;
        int weight;
        long writeTime;
        long accessTime;
        private CacheEntry<K, V> previous;
        private CacheEntry<K, V> next;
        private int mark;
        private Object state;
        /** How often the harness removed it: 0 while held, 1 after. */
        int removals;

        Entry(K key, V value, int weight, long now) {
            this.key = key;
            this.value = value;
            this.weight = weight;
            this.writeTime = now;
            this.accessTime = now;
        }

        @Override
        public K key() {
            return key;
        }

        @Override
        public V value() {
            return value;
        }

        @Override
        public int weight() {
            return weight;
        }

        @Override
        public long writeTime() {
            return writeTime;
        }

        @Override
        public long accessTime() {
            return accessTime;
        }

        @Override
        public CacheEntry<K, V> previous() {
            return previous;
        }

        @Override
        public void previous(CacheEntry<K, V> entry) {
            previous = entry;
        }

        @Override
        public CacheEntry<K, V> next() {
            return next;
        }

        @Override
        public void next(CacheEntry<K, V> entry) {
            next = entry;
        }

        @Override
        public int mark() {
            return mark;
        }

        @Override
        public void mark(int value) {
            mark = value;
        }

        @Override
        public Object state() {
            return state;
        }

        @Override
        public void state(Object value) {
            state = value;
        }

        @Override
        public String toString() {
            return "entry(" + key + ", weight " + weight + ")";
        }
    }

    /**
     * Changes the bound while the cache runs, as {@link org.patinox.memory.cache.CachePolicy#setMaximum}
     * does: the strategy hears {@link EvictionStrategy#onMaximumChanged}, then the harness evicts
     * down to the new bound.
     *
     * @param maximum the new bound on the total weight, 0 or more
     */
    public void maximumWeight(long maximum) {
        if (maximum < 0) {
            throw new IllegalArgumentException("the maximum weight must be 0 or more, but was " + maximum);
        }
        maximumWeight = maximum;
        strategy.onMaximumChanged(maximum);
        evictToTheBound();
    }
}
