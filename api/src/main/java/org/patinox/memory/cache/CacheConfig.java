package org.patinox.memory.cache;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.function.LongSupplier;
import org.patinox.memory.ConfigException;
import org.patinox.memory.internal.Durations;
import org.patinox.memory.internal.Settings;

/**
 * How a {@link Cache} bounds, evicts and expires its entries. Built with {@link #builder()} or read
 * from {@code patinox.memory.cache.*} properties; every value is checked when the configuration is
 * built, and a bad one is a {@link ConfigException} naming the setting and the value.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>key ({@code patinox.memory.cache.} +)</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code name}</td><td>assigned</td><td>the cache's name in events, stats and messages</td></tr>
 *   <tr><td>{@code maximum-size}</td><td>unbounded</td><td>entries kept at most</td></tr>
 *   <tr><td>{@code policy}</td><td>{@code lru}</td><td>the eviction strategy's name (see {@link
 *       EvictionPolicy})</td></tr>
 *   <tr><td>{@code expire-after-write}</td><td>0</td><td>how long after its write an entry expires;
 *       0 for never</td></tr>
 *   <tr><td>{@code expire-after-access}</td><td>0</td><td>how long after its last read or write an
 *       entry expires; 0 for never</td></tr>
 *   <tr><td>{@code backend}</td><td>empty</td><td>a cache backend by name, such as {@code caffeine};
 *       empty for the implementation's own</td></tr>
 *   <tr><td>{@code record-stats}</td><td>{@code true}</td><td>whether the cache counts hits, misses,
 *       loads and removals for {@link Cache#stats()}</td></tr>
 *   <tr><td>{@code refresh-after-write}</td><td>none</td><td>how long after its write a read starts
 *       a refresh of the entry; positive, and needs a {@link #loader() loader}</td></tr>
 * </table>
 *
 * <p>A maximum weight with its {@link Weigher}, the removal listener, the ticker, a per-entry
 * {@link Expiry} and the loader are set in code.
 *
 * <p>An expiry longer than a {@code long} of nanoseconds (about 292 years, such as {@code
 * ChronoUnit.FOREVER.getDuration()}) is saturated to {@link #LONGEST_EXPIRY}: the entries never
 * expire in practice, and a cache, a strategy or a backend such as Caffeine reads the duration in
 * nanoseconds without overflow.
 *
 * @param name the cache's name; empty to have {@link org.patinox.memory.MemoryUtilities} assign one; stored
 *     without the white space around it, as properties are read
 * @param maximumWeight the bound on the entries' total weight, 0 or more; {@link Long#MAX_VALUE}
 *     for none. With the {@link Weigher#unit() unit weigher} it is the maximum number of entries.
 * @param weigher gives each entry its weight
 * @param policy which entries go first when the bound is reached; {@code named("ttl")} with a
 *     positive {@code expireAfterWrite} is stored as {@link EvictionPolicy#ttl ttl} of that duration,
 *     which it means, and a {@code ttl} policy's duration is saturated as {@code expireAfterWrite} is
 * @param expireAfterWrite how long after its write an entry expires; zero for never; at most
 *     {@link #LONGEST_EXPIRY}, to which longer durations are saturated
 * @param expireAfterAccess how long after its last read or write an entry expires; zero for never;
 *     at most {@link #LONGEST_EXPIRY}, to which longer durations are saturated
 * @param removalListener told of every entry that leaves the cache
 * @param ticker the clock of expiry and of the entries' timestamps, in nanoseconds; {@link
 *     System#nanoTime()} unless a test sets another
 * @param backend the name of a {@link org.patinox.memory.spi.CacheBackendProvider}, or empty for
 *     the implementation's own cache
 * @param recordStats whether the cache counts for {@link Cache#stats()}; when {@code false},
 *     {@code stats()} reports zero for every count and a read costs no counting at all (as in
 *     Caffeine, whose caches count only when built with {@code recordStats()})
 * @param expiry the duration of each entry after its creation, update and read, or {@code null}
 *     for none; excludes {@code expireAfterWrite}, {@code expireAfterAccess} and a {@code ttl}
 *     policy; set in code only

 * @param loader computes the values of {@link Cache#get(Object)}, {@link Cache#getAll(Iterable)}
 *     and refreshes; {@code null} for none, when those methods throw an {@link
 *     IllegalStateException} naming the setting
 * @param refreshAfterWrite how long after its write an entry is refreshed by the first read that
 *     finds it (the old value served meanwhile); zero for never; needs a loader; at most {@link
 *     #LONGEST_EXPIRY}, to which longer durations are saturated
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public record CacheConfig<K, V>(
        String name,
        long maximumWeight,
        Weigher<? super K, ? super V> weigher,
        EvictionPolicy policy,
        Duration expireAfterWrite,
        Duration expireAfterAccess,
        RemovalListener<? super K, ? super V> removalListener,
        LongSupplier ticker,
        String backend,
        boolean recordStats,
        Expiry<? super K, ? super V> expiry,
        CacheLoader<K, V> loader,
        Duration refreshAfterWrite) {

    private static final String P = Settings.CACHE;
    /** Key of {@link #name()}. */
    public static final String NAME = P + "name";
    /** Key of {@link #maximumWeight()} read as a number of entries. */
    public static final String MAXIMUM_SIZE = P + "maximum-size";
    /** Key of {@link #policy()}, by name. */
    public static final String POLICY = P + "policy";
    /** Key of {@link #expireAfterWrite()}. */
    public static final String EXPIRE_AFTER_WRITE = P + "expire-after-write";
    /** Key of {@link #expireAfterAccess()}. */
    public static final String EXPIRE_AFTER_ACCESS = P + "expire-after-access";
    /** Key of {@link #backend()}. */
    public static final String BACKEND = P + "backend";
    /** Key of {@link #recordStats()}. */
    public static final String RECORD_STATS = P + "record-stats";
    /** Name of {@link #maximumWeight()} in messages; it is set in code only. */
    public static final String MAXIMUM_WEIGHT = P + "maximum-weight";
    /** Name of {@link #expiry()} in messages; it is set in code only. */
    public static final String EXPIRY = P + "expiry";

    /** Key of {@link #refreshAfterWrite()}. */
    public static final String REFRESH_AFTER_WRITE = P + "refresh-after-write";
    /** Name of {@link #loader()} in messages; it is set in code only. */
    public static final String LOADER = P + "loader";

    /**
     * The longest expiry a configuration holds: {@link Long#MAX_VALUE} nanoseconds, about 292
     * years. Longer expiries are saturated to it, and mean the same: never, in practice.
     */
    public static final Duration LONGEST_EXPIRY = Duration.ofNanos(Long.MAX_VALUE);

    private static final List<String> KEYS = List.of(NAME, MAXIMUM_SIZE, POLICY, EXPIRE_AFTER_WRITE,
            EXPIRE_AFTER_ACCESS, BACKEND, RECORD_STATS, REFRESH_AFTER_WRITE);

    private static final RemovalListener<Object, Object> NO_LISTENER = (key, value, cause) -> { };

    /**
     * Checks every setting; see the class description. A {@link EvictionPolicy#ttl ttl} policy sets
     * {@code expireAfterWrite} to its time to live, and conflicts with a different one.
     */
    public CacheConfig {
        name = Settings.name(NAME, name);
        if (maximumWeight < 0) {
            throw new ConfigException((weigher == Weigher.unit() ? MAXIMUM_SIZE : MAXIMUM_WEIGHT)
                    + " must be 0 or more, but was " + maximumWeight);
        }
        Objects.requireNonNull(weigher, "weigher");
        Objects.requireNonNull(policy, POLICY);
        // Errors quote the durations as given; the record keeps them saturated.
        Duration givenWrite = expireAfterWrite;
        Duration givenAccess = expireAfterAccess;
        Duration givenRefresh = refreshAfterWrite;
        expireAfterWrite = saturated(EXPIRE_AFTER_WRITE, expireAfterWrite);
        expireAfterAccess = saturated(EXPIRE_AFTER_ACCESS, expireAfterAccess);
        Objects.requireNonNull(removalListener, "removalListener");
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(backend, BACKEND);
        backend = backend.strip();
        if (policy instanceof EvictionPolicy.TimeToLive(Duration timeToLive)) {
            Duration ttl = timeToLive.compareTo(LONGEST_EXPIRY) > 0 ? LONGEST_EXPIRY : timeToLive;
            if (expireAfterWrite.isZero()) {
                expireAfterWrite = ttl;
            } else if (!expireAfterWrite.equals(ttl)) {
                throw new ConfigException(EXPIRE_AFTER_WRITE + " (" + Durations.format(givenWrite)
                        + ") conflicts with policy ttl(" + Durations.format(timeToLive) + ")");
            }
            if (!ttl.equals(timeToLive)) {
                policy = EvictionPolicy.ttl(ttl); // saturated, as expireAfterWrite is
            }
        }
        if (expiry != null) {
            if (policy instanceof EvictionPolicy.TimeToLive(Duration timeToLive)) {
                throw new ConfigException(EXPIRY + " (" + expiry + ") conflicts with policy ttl("
                        + Durations.format(timeToLive) + "); set one");
            }
            List<String> fixed = new java.util.ArrayList<>(2);
            if (!expireAfterWrite.isZero()) {
                fixed.add(EXPIRE_AFTER_WRITE + " (" + Durations.format(givenWrite) + ")");
            }
            if (!expireAfterAccess.isZero()) {
                fixed.add(EXPIRE_AFTER_ACCESS + " (" + Durations.format(givenAccess) + ")");
            }
            if (!fixed.isEmpty()) {
                throw new ConfigException(EXPIRY + " (" + expiry + ") excludes " + String.join(" and ", fixed)
                        + "; set one or the other");
            }
        }
        if (expiry == null && policy instanceof EvictionPolicy.Named(String strategy) && strategy.equals("ttl")
                && !expireAfterWrite.isZero()) {
            // The strategy ttl with an expireAfterWrite is what ttl(d) is: one form, so that equal
            // configurations are equal, and policy=ttl written by toProperties() reads back as ttl(d).
            policy = EvictionPolicy.ttl(expireAfterWrite);
        }
        refreshAfterWrite = saturated(REFRESH_AFTER_WRITE, refreshAfterWrite);
        if (!refreshAfterWrite.isZero() && loader == null) {
            // The loader cannot come from properties: say where it is given.
            throw new ConfigException(REFRESH_AFTER_WRITE + " (" + Durations.format(givenRefresh)
                    + ") needs a loader to reload with, and " + LOADER + " is set in code only: give one with"
                    + " CacheConfig.Builder.loader(...), or leave " + REFRESH_AFTER_WRITE + " unset");
        }
    }

    /** @return the expiry, checked, and saturated to {@link #LONGEST_EXPIRY} */
    private static Duration saturated(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative()) {
            throw new ConfigException(key + " must be 0 or positive, but was " + Durations.format(value));
        }
        return value.compareTo(LONGEST_EXPIRY) > 0 ? LONGEST_EXPIRY : value;
    }

    /** @return whether entries are weighed by a weigher of the user's, rather than counted */
    public boolean weighted() {
        return weigher != Weigher.unit();
    }

    /** @return whether the cache has a bound at all */
    public boolean bounded() {
        return maximumWeight != Long.MAX_VALUE;
    }

    /** @return whether entries expire with time, by an expiry setting or an {@link #expiry()} */
    public boolean expires() {
        return !expireAfterWrite.isZero() || !expireAfterAccess.isZero() || expiry != null;
    }

    /**
     * A builder, typed like Caffeine's: without a target or a type witness it is a {@code
     * Builder<Object, Object>}, which {@link Builder#weigher}, {@link Builder#removalListener} and
     * {@link Builder#build()} narrow to the types they are given or assigned to, so that neither
     * {@code CacheConfig<Integer, String> c = CacheConfig.builder().maximumSize(10).build()} nor a
     * chain with a typed listener needs {@code CacheConfig.<Integer, String>builder()} (which still
     * compiles).
     *
     * @param <K> the type of keys
     * @param <V> the type of values
     * @return a builder holding the defaults: unbounded, LRU, no expiry, statistics recorded
     */
    public static <K, V> Builder<K, V> builder() {
        return new Builder<>();
    }

    /** @return a builder holding this configuration */
    public Builder<K, V> toBuilder() {
        Builder<K, V> b = new Builder<>();
        b.name = name;
        b.maximumWeight = maximumWeight;
        b.weigher = weigher;
        b.policy = policy;
        b.expireAfterWrite = expireAfterWrite;
        b.expireAfterAccess = expireAfterAccess;
        b.removalListener = removalListener;
        b.ticker = ticker;
        b.backend = backend;
        b.recordStats = recordStats;
        b.expiry = expiry;

        b.loader = loader;
        b.refreshAfterWrite = refreshAfterWrite.isZero() ? null : refreshAfterWrite;
        // The bound as it was set, so that build() checks it against the weigher as before.
        b.weightSet = weighted();
        b.sizeSet = !weighted() && bounded();
        return b;
    }

    /**
     * Reads the {@code patinox.memory.cache.*} entries of the properties (and of their defaults)
     * into a builder, where a weigher, listener or ticker may be added.
     *
     * @param properties the source; keys outside {@code patinox.memory.cache.} are ignored
     * @param <K> the type of keys
     * @param <V> the type of values
     * @return a builder with the settings read, defaults for the rest
     * @throws ConfigException for a value that is blank, does not parse or does not fit, or an unknown
     *     {@code patinox.memory.cache.*} key, naming the key and the value
     */
    public static <K, V> Builder<K, V> fromProperties(Properties properties) {
        Settings s = Settings.of(properties, Settings.CACHE);
        Builder<K, V> b = builder();
        s.string(NAME).ifPresent(b::name);
        s.longValue(MAXIMUM_SIZE).ifPresent(b::maximumSize);
        s.string(POLICY).ifPresent(p -> b.policy(EvictionPolicy.named(p)));
        s.duration(EXPIRE_AFTER_WRITE).ifPresent(b::expireAfterWrite);
        s.duration(EXPIRE_AFTER_ACCESS).ifPresent(b::expireAfterAccess);
        s.string(BACKEND).ifPresent(b::backend);
        s.bool(RECORD_STATS).ifPresent(b::recordStats);
        s.duration(REFRESH_AFTER_WRITE).ifPresent(b::refreshAfterWrite);
        s.rejectUnknown(KEYS);
        return b;
    }

    /**
     * @return the settings that properties can hold, as properties that {@link #fromProperties}
     *     reads back; a custom policy or a weight bound cannot be written and is refused
     * @throws ConfigException when the policy is custom or the entries are weighed
     */
    public Properties toProperties() {
        if (weighted()) {
            throw new ConfigException(MAXIMUM_WEIGHT + " and its weigher cannot be written as properties");
        }
        if (policy instanceof EvictionPolicy.Custom) {
            throw new ConfigException(POLICY + " custom cannot be written as properties");
        }
        if (expiry != null) {
            throw new ConfigException(EXPIRY + " cannot be written as properties");
        }
        Properties p = new Properties();
        if (!name.isEmpty()) {
            p.setProperty(NAME, name);
        }
        if (bounded()) {
            p.setProperty(MAXIMUM_SIZE, Long.toString(maximumWeight));
        }
        p.setProperty(POLICY, policy.name());
        p.setProperty(EXPIRE_AFTER_WRITE, Durations.format(expireAfterWrite));
        p.setProperty(EXPIRE_AFTER_ACCESS, Durations.format(expireAfterAccess));
        if (!backend.isEmpty()) {
            p.setProperty(BACKEND, backend);
        }
        p.setProperty(RECORD_STATS, Boolean.toString(recordStats));
        if (!refreshAfterWrite.isZero()) {
            p.setProperty(REFRESH_AFTER_WRITE, Durations.format(refreshAfterWrite));
        }
        return p;
    }

    /**
     * Collects the settings of a {@link CacheConfig}; {@link #build()} checks them.
     *
     * @param <K> the type of keys
     * @param <V> the type of values
     */
    public static final class Builder<K, V> {
        private String name = "";
        private long maximumWeight = Long.MAX_VALUE;
        private Weigher<? super K, ? super V> weigher = Weigher.unit();
        private boolean sizeSet;
        private boolean weightSet;
        private EvictionPolicy policy = EvictionPolicy.lru();
        private Duration expireAfterWrite = Duration.ZERO;
        private Duration expireAfterAccess = Duration.ZERO;
        @SuppressWarnings("unchecked") // the no-op listener reads neither key nor value
        private RemovalListener<? super K, ? super V> removalListener = (RemovalListener<? super K, ? super V>) (RemovalListener<?, ?>) NO_LISTENER;
        private LongSupplier ticker = System::nanoTime;
        private String backend = "";
        private boolean recordStats = true;
        private Expiry<? super K, ? super V> expiry;

        private CacheLoader<K, V> loader;
        /** The refresh as set, checked by {@link #build()}; {@code null} for none. */
        private Duration refreshAfterWrite;

        private Builder() {
        }

        /**
         * @param value see {@link CacheConfig#name()}
         * @return this builder
         */
        public Builder<K, V> name(String value) {
            name = value;
            return this;
        }

        /**
         * Bounds the number of entries.
         *
         * @param value entries kept at most, 0 or more
         * @return this builder
         */
        public Builder<K, V> maximumSize(long value) {
            sizeSet = true;
            maximumWeight = value;
            return this;
        }

        /**
         * Bounds the entries' total weight, as the {@link #weigher} gives it.
         *
         * @param value total weight kept at most, 0 or more
         * @return this builder
         */
        public Builder<K, V> maximumWeight(long value) {
            weightSet = true;
            maximumWeight = value;
            return this;
        }

        /**
         * Sets the weigher, narrowing the builder's types to those the weigher reads, as Caffeine's
         * builder does: {@code CacheConfig.builder().maximumWeight(1000).weigher((String k, byte[] v)
         * -> v.length)} is a {@code Builder<String, byte[]>}.
         *
         * @param value see {@link CacheConfig#weigher()}; needs {@link #maximumWeight(long)}
         * @param <K1> the type of keys from now on, {@code K} or a subtype
         * @param <V1> the type of values from now on, {@code V} or a subtype
         * @return this builder, typed for the weigher
         */
        public <K1 extends K, V1 extends V> Builder<K1, V1> weigher(Weigher<? super K1, ? super V1> value) {
            Builder<K1, V1> self = narrowed();
            self.weigher = Objects.requireNonNull(value, "weigher");
            return self;
        }

        /**
         * @param value see {@link CacheConfig#policy()}
         * @return this builder
         */
        public Builder<K, V> policy(EvictionPolicy value) {
            policy = value;
            return this;
        }

        /**
         * @param value see {@link CacheConfig#expireAfterWrite()}
         * @return this builder
         */
        public Builder<K, V> expireAfterWrite(Duration value) {
            expireAfterWrite = value;
            return this;
        }

        /**
         * @param value see {@link CacheConfig#expireAfterAccess()}
         * @return this builder
         */
        public Builder<K, V> expireAfterAccess(Duration value) {
            expireAfterAccess = value;
            return this;
        }

        /**
         * Sets the removal listener, narrowing the builder's types to those the listener reads, as
         * Caffeine's builder does: {@code CacheConfig.builder().removalListener((Integer k, String v,
         * RemovalCause c) -> ...)} is a {@code Builder<Integer, String>}.
         *
         * @param value see {@link CacheConfig#removalListener()}
         * @param <K1> the type of keys from now on, {@code K} or a subtype
         * @param <V1> the type of values from now on, {@code V} or a subtype
         * @return this builder, typed for the listener
         */
        public <K1 extends K, V1 extends V> Builder<K1, V1> removalListener(
                RemovalListener<? super K1, ? super V1> value) {
            Builder<K1, V1> self = narrowed();
            self.removalListener = value;
            return self;
        }

        /**
         * The builder as one of narrower types. Sound because every setting that reads keys or
         * values (weigher, listener) takes a supertype of them: what accepts a {@code K} accepts a
         * {@code K1 extends K}.
         */
        @SuppressWarnings("unchecked")
        private <K1 extends K, V1 extends V> Builder<K1, V1> narrowed() {
            return (Builder<K1, V1>) this;
        }

        /**
         * @param value see {@link CacheConfig#ticker()}
         * @return this builder
         */
        public Builder<K, V> ticker(LongSupplier value) {
            ticker = value;
            return this;
        }

        /**
         * @param value see {@link CacheConfig#backend()}
         * @return this builder
         */
        public Builder<K, V> backend(String value) {
            backend = value;
            return this;
        }

        /**
         * @param value see {@link CacheConfig#recordStats()}
         * @return this builder
         */
        public Builder<K, V> recordStats(boolean value) {
            recordStats = value;
            return this;
        }

        /**
         * @return the configuration
         * @throws ConfigException when a setting is out of range or the bounds conflict: a maximum
         *     size and a maximum weight together, a weigher without a maximum weight, or a maximum
         *     weight without a weigher
         * @param <K1> the type of keys of the configuration, {@code K} or a subtype; inferred from
         *     the target, so that {@code CacheConfig<Integer, String> c =
         *     CacheConfig.builder().maximumSize(10).build()} needs no type witness
         * @param <V1> the type of values of the configuration, {@code V} or a subtype
         */
        public <K1 extends K, V1 extends V> CacheConfig<K1, V1> build() {
            boolean weighted = weigher != Weigher.unit();
            if (sizeSet && weightSet) {
                throw new ConfigException(MAXIMUM_SIZE + " and " + MAXIMUM_WEIGHT + " exclude each other; set one");
            }
            if (sizeSet && weighted) {
                throw new ConfigException("a weigher needs " + MAXIMUM_WEIGHT + " rather than " + MAXIMUM_SIZE
                        + " (" + maximumWeight + ")");
            }
            if (weightSet && !weighted) {
                throw new ConfigException(MAXIMUM_WEIGHT + " (" + maximumWeight + ") needs a weigher");
            }
            if (weighted && !weightSet) {
                throw new ConfigException("a weigher needs " + MAXIMUM_WEIGHT + " to bound");
            }
            Duration refresh = Duration.ZERO;
            if (refreshAfterWrite != null) {
                if (refreshAfterWrite.isZero() || refreshAfterWrite.isNegative()) {
                    throw new ConfigException(REFRESH_AFTER_WRITE + " must be positive, but was "
                            + Durations.format(refreshAfterWrite));
                }
                refresh = refreshAfterWrite;
            }
            @SuppressWarnings("unchecked") // see loader(): the loader's types are those of the builder
            CacheConfig<K1, V1> config = new CacheConfig<>(name, maximumWeight, weigher, policy, expireAfterWrite,
                    expireAfterAccess, removalListener, ticker, backend, recordStats,
                    expiry, (CacheLoader<K1, V1>) loader, refresh);
            return config;
        }

        /**
         * Gives each entry its own duration after its creation, update and read, narrowing the
         * builder's types to those the expiry reads, as Caffeine's {@code expireAfter} does.
         * It excludes {@link #expireAfterWrite}, {@link #expireAfterAccess} and a {@code ttl} policy.
         *
         * @param value see {@link CacheConfig#expiry()}; {@code null} for none
         * @param <K1> the type of keys from now on, {@code K} or a subtype
         * @param <V1> the type of values from now on, {@code V} or a subtype
         * @return this builder, typed for the expiry
         */
        public <K1 extends K, V1 extends V> Builder<K1, V1> expiry(Expiry<? super K1, ? super V1> value) {
            Builder<K1, V1> self = narrowed();
            self.expiry = value;
            return self;
        }

        /**
         * Sets the loader of {@link Cache#get(Object)}, {@link Cache#getAll(Iterable)} and refreshes,
         * narrowing the builder's types to those the loader reads and makes, as Caffeine's {@code
         * build(CacheLoader)} does: {@code CacheConfig.builder().loader((Long id) -> find(id))} is a
         * {@code Builder<Long, Customer>}. A loader of a supertype of the keys takes every key; the
         * keys of extra entries its {@link CacheLoader#loadAll} returns are taken on trust, as in
         * Caffeine. {@link #build()} must not narrow the types further than the loader's.
         *
         * @param value see {@link CacheConfig#loader()}; {@code null} for none
         * @param <K1> the type of keys from now on, {@code K} or a subtype
         * @param <V1> the type of values from now on, {@code V} or a subtype
         * @return this builder, typed for the loader
         */
        @SuppressWarnings("unchecked") // sound for load and reload; loadAll's extra keys are trusted (see above)
        public <K1 extends K, V1 extends V> Builder<K1, V1> loader(CacheLoader<? super K1, V1> value) {
            Builder<K1, V1> self = narrowed();
            self.loader = (CacheLoader<K1, V1>) value;
            return self;
        }

        /**
         * Refreshes entries that were written at least this long ago: the first read that finds such
         * an entry still returns its value at once, and starts one reload of the key in the
         * background ({@link CacheLoader#reload}), whose value replaces the old one unless the entry
         * changed meanwhile. Needs a {@link #loader}.
         *
         * @param value see {@link CacheConfig#refreshAfterWrite()}; positive
         * @return this builder
         */
        public Builder<K, V> refreshAfterWrite(Duration value) {
            refreshAfterWrite = Objects.requireNonNull(value, REFRESH_AFTER_WRITE);
            return this;
        }
    }

    /** @return whether a loader is set: {@link #loader()} is not {@code null} */
    public boolean loads() {
        return loader != null;
    }

    /** @return whether entries are refreshed after write: {@link #refreshAfterWrite()} is not zero */
    public boolean refreshes() {
        return !refreshAfterWrite.isZero();
    }
}
