package org.patinox.memory.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.resource.ResourceGuard;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A two-level cache: a local {@link Cache} of this project (any policy, any implementation) in front
 * of Redis, kept coherent across processes. Reads are served by the local cache; a local miss reads
 * Redis, then the loader, whose value is stored in Redis for the other processes. Writes and
 * invalidations go to Redis and are broadcast on the channel {@code patinox:cache:<name>:invalidate},
 * in the same server-side step ({@code EVAL}) as the write, so that every process of the same cache
 * name drops its local copy.
 *
 * <pre>{@code
 * try (RedisTieredCache<String, String> users = RedisTieredCache.builder(memory, "redis://127.0.0.1:6379",
 *         RedisCodec.utf8(), RedisCodec.utf8()).name("users")
 *         .local(CacheConfig.builder().maximumSize(10_000).policy(EvictionPolicy.named("w-tinylfu")).build())
 *         .build()) {
 *     String u = users.get("42", id -> repository.load(id));
 *     users.put("42", "Ada");                      // every other process drops its copy of "42"
 * }
 * }</pre>
 *
 * <h2>The coherence promise</h2>
 * <ul>
 *   <li>Once {@link #put} or {@link #invalidate} has returned, a process whose subscription is live
 *       reads the old value locally for at most the <em>invalidation delay</em>: the time the
 *       invalidation message takes to reach it (measured: see the README). The process that wrote
 *       never reads the old value after its write returns.
 *   <li>A value read from Redis or loaded is kept locally only if no invalidation of its key (nor a
 *       loss or renewal of the subscription) arrived between the start of the read and its
 *       installation; otherwise it is dropped again, so a read racing a write never leaves a stale
 *       copy behind. (Keys share 1024 stripes of counters: an invalidation of another key of the
 *       same stripe drops the copy too, which costs a later Redis read, never coherence.)
 *   <li>While the subscription is down, nothing new is kept locally: what was cached stays readable
 *       (local reads keep working while Redis is unreachable), and every local copy is dropped when
 *       the subscription is confirmed again, since invalidations may have been missed meanwhile.
 * </ul>
 *
 * <h2>While Redis is unreachable</h2>
 * Local hits keep working. {@link #put}, {@link #invalidate} and {@link #invalidateAll} throw {@link
 * RedisUnavailableException} (after dropping the local copy, since whether Redis took the write is
 * unknown); a miss of {@link #get(Object, Function)} returns the loader's value without caching it
 * anywhere; a miss of {@link #get(Object)} throws {@link RedisUnavailableException}. Each attempt
 * waits at most the pool's acquire timeout (2 s unless {@link Builder#pool} says otherwise) for a
 * connection and the socket timeout ({@link RedisConnectionManager#SOCKET_TIMEOUT}, 5 s) for the
 * reply, and a command whose connection was closed under it is tried again on another connection
 * (up to once per connection the pool may hold and once more; one that timed out, once more only):
 * a Redis that refuses connections
 * fails a call within the acquire timeout, but one that hangs fails a command already sent after
 * the socket timeout plus the acquire timeout of its retry (about 7 s by default), at most twice
 * both.
 *
 * <p>A server that refuses the login (a password missing or wrong) is no outage: every operation
 * that reaches Redis throws {@link RedisAuthenticationException}, at once once the refusal is
 * known, and loaders are not called in Redis's place.
 *
 * <p>Thread-safe. Keys and values cross processes through the codecs; the key codec must encode
 * equal keys to equal bytes. No callback of the user runs on a scheduler thread: codecs and loaders
 * run on the caller's thread, and invalidations are applied on the subscription's own virtual thread.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class RedisTieredCache<K, V> implements AutoCloseable {

    private static final int STRIPES = 1024;
    /**
     * The shortest TTL that means no expiry: half the milliseconds a long holds, about 146 million
     * years, which leaves Redis' {@code now + PX} far from overflowing.
     */
    static final Duration NO_EXPIRY = Duration.ofMillis(Long.MAX_VALUE / 2);
    private static final byte KEY = 'K';
    private static final byte ALL = 'A';
    /** SET the value (with an expiry in ms when ARGV[2] is not 0) and PUBLISH the invalidation, in one step. */
    private static final byte[] PUT = ("if ARGV[2] == '0' then redis.call('SET', KEYS[1], ARGV[1]) "
            + "else redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end "
            + "return redis.call('PUBLISH', ARGV[3], ARGV[4])").getBytes(StandardCharsets.UTF_8);
    /**
     * SET the loaded value only if the key is absent (NX, with an expiry in ms when ARGV[2] is not 0)
     * and then PUBLISH; else return the value another process stored meanwhile, which wins.
     */
    private static final byte[] LOAD = ("local ok "
            + "if ARGV[2] == '0' then ok = redis.call('SET', KEYS[1], ARGV[1], 'NX') "
            + "else ok = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) end "
            + "if ok then redis.call('PUBLISH', ARGV[3], ARGV[4]) return false end "
            + "return redis.call('GET', KEYS[1])").getBytes(StandardCharsets.UTF_8);
    /** DEL the key and PUBLISH the invalidation, in one step. */
    private static final byte[] DELETE = "redis.call('DEL', KEYS[1]) return redis.call('PUBLISH', ARGV[1], ARGV[2])"
            .getBytes(StandardCharsets.UTF_8);

    private final String name;
    private final Cache<K, V> local;
    private final Pool<Jedis> pool;
    private final RedisConnectionManager manager;
    private final RedisCodec<K> keys;
    private final RedisCodec<V> values;
    /** The PX argument of the scripts: the TTL in milliseconds, or {@code 0} for no expiry. */
    private final byte[] px;
    private final Duration acquireTimeout;
    private final byte[] prefix;
    private final byte[] channel;
    private final byte[] origin;
    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
    /** Moved on every loss and confirmation of the subscription, and every invalidation of all keys. */
    private final AtomicLong epoch = new AtomicLong();
    private final AtomicLong invalidationsReceived = new AtomicLong();
    private final AtomicLong redisHits = new AtomicLong();
    private final AtomicLong redisMisses = new AtomicLong();
    private final Subscriber subscriber;
    /**
     * This tier in the instance's resources, so that closing the instance closes it as it closes its
     * pools and caches: else the subscription, its connection and threads outlived them for good.
     */
    private final ResourceGuard<RedisTieredCache<K, V>> guard;
    /** Tests only: runs between a Redis read and the local installation of its value, to widen the race. */
    volatile Runnable afterRedisRead;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisTieredCache(Builder<K, V> b) {
        this.name = b.name;
        this.keys = b.keys;
        this.values = b.values;
        this.px = Long.toString(pxMillis(b.ttl)).getBytes(StandardCharsets.UTF_8);
        this.manager = RedisConnectionManager.of(b.url, b.connectionProperties);
        this.prefix = ("patinox:cache:" + name + ":key:").getBytes(StandardCharsets.UTF_8);
        this.channel = ("patinox:cache:" + name + ":invalidate").getBytes(StandardCharsets.UTF_8);
        UUID id = UUID.randomUUID();
        this.origin = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
        PoolConfig poolConfig = b.poolConfig != null ? b.poolConfig
                : PoolConfig.builder().name("redis-cache-" + name).minSize(0).maxSize(16)
                        .acquireTimeout(Duration.ofSeconds(2)).build();
        this.acquireTimeout = poolConfig.acquireTimeout();
        CacheConfig<K, V> localConfig = b.localConfig != null ? b.localConfig
                : CacheConfig.<K, V>builder().name("redis-tier-" + name).maximumSize(10_000).build();
        Pool<Jedis> p = null;
        Cache<K, V> c = null;
        try {
            p = b.memory.pool(manager, poolConfig);
            c = b.memory.cache(localConfig);
            this.pool = p;
            this.local = c;
            this.subscriber = new Subscriber(manager, channel, "cache " + name, this::subscribed, this::received,
                    this::lost);
        } catch (RuntimeException | Error e) {
            // Whatever failed, nothing opened here outlives the construction (the subscriber stops its own thread).
            closeAll(e, c, p);
            throw e;
        }
        this.guard = register(b.memory, this);
    }

    /**
     * Registers a tier or a configuration source, fully made, in the instance's resources, with its
     * own {@code close} as cleanup.
     *
     * @return its guard
     * @throws RuntimeException when the instance is closed meanwhile: the resource was closed then
     */
    static <R extends AutoCloseable> ResourceGuard<R> register(MemoryUtilities memory, R resource) {
        try {
            return memory.resources().register(resource);
        } catch (RuntimeException | Error e) {
            closeAll(e, resource); // the registry closed it already when it refused it closed; close is idempotent
            throw e;
        }
    }

    /** Closes each of what a failed construction opened, in reverse order, keeping their failures with {@code failure}. */
    static void closeAll(Throwable failure, AutoCloseable... opened) {
        for (AutoCloseable each : opened) {
            if (each == null) {
                continue;
            }
            try {
                each.close();
            } catch (Throwable suppressed) {
                failure.addSuppressed(suppressed);
            }
        }
    }

    /**
     * @param memory the instance whose pool and local cache the tier uses
     * @param url the Redis URL, {@code redis://} or {@code rediss://}
     * @param keys the key codec: equal keys must give equal bytes
     * @param values the value codec
     * @param <K> the type of keys
     * @param <V> the type of values
     * @return a builder; {@link Builder#name} is required
     */
    public static <K, V> Builder<K, V> builder(MemoryUtilities memory, String url, RedisCodec<K> keys, RedisCodec<V> values) {
        return new Builder<>(memory, url, keys, values);
    }

    private void subscribed() {
        // Invalidations may have been missed while no subscription was live: forget every local copy,
        // and make reads begun before now drop what they would install.
        epoch.incrementAndGet();
        local.invalidateAll();
        epoch.incrementAndGet();
    }

    private void lost() {
        epoch.incrementAndGet();
    }

    private void received(byte[] message) {
        if (message.length < 17) {
            return; // not a message of this plugin
        }
        // Its own writes too: two threads of this process writing one key install their values
        // locally in any order, and the messages, in Redis's order, take out whichever came last.
        if (!Arrays.equals(message, 0, 16, origin, 0, 16)) {
            invalidationsReceived.incrementAndGet();
        }
        if (message[16] == ALL) {
            epoch.incrementAndGet();
            local.invalidateAll();
            return;
        }
        byte[] keyBytes = Arrays.copyOfRange(message, 17, message.length);
        K key;
        try {
            key = keys.decode(keyBytes);
        } catch (RuntimeException e) {
            // A key this process cannot decode may still be cached under another form: drop everything.
            Subscriber.log(System.Logger.Level.WARNING, () -> "Cache " + name + ": the key codec failed on an invalidation;"
                    + " dropping every local copy: " + e);
            epoch.incrementAndGet();
            local.invalidateAll();
            return;
        }
        stripes.incrementAndGet(stripe(keyBytes));
        local.remove(key);
    }

    private static int stripe(byte[] keyBytes) {
        int h = Arrays.hashCode(keyBytes);
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    /** @return the name, which names the Redis keys and the channel, shared by every process of this cache */
    public String name() {
        return name;
    }

    /** @return the local cache, for its statistics; writing to it directly bypasses Redis and the other processes */
    public Cache<K, V> local() {
        return local;
    }

    /** @return the pool of Redis connections, for its statistics */
    public Pool<Jedis> pool() {
        return pool;
    }

    /**
     * Returns the value of a key: from the local cache, else from Redis (keeping it locally).
     *
     * @param key the key
     * @return the value, or {@code null} when neither has it
     * @throws RedisUnavailableException on a local miss while Redis is unreachable
     */
    public V get(K key) {
        Objects.requireNonNull(key, "key");
        V v = local.getIfPresent(key);
        if (v != null) {
            return v;
        }
        byte[] keyBytes = keys.encode(key);
        Snapshot s = snapshot(keyBytes);
        byte[] raw = read(keyBytes);
        if (raw == null) {
            redisMisses.incrementAndGet();
            return null;
        }
        redisHits.incrementAndGet();
        V value = values.decode(raw);
        install(key, value, keyBytes, s);
        return value;
    }

    /**
     * Returns the value of a key: from the local cache, else from Redis, else from the loader, whose
     * value is stored in Redis unless another process stored one meanwhile ({@code SET NX}: a write
     * that came first wins, and is what this returns), the other processes being told to drop their
     * copies, and kept locally. Concurrent misses of one key in this process read Redis and run the
     * loader once.
     *
     * @param key the key
     * @param loader computes the value of a key neither level has; runs on the calling thread
     * @return the value, or {@code null} when the loader returned {@code null} (nothing is cached then)
     * @throws RedisUnavailableException never for Redis being unreachable: the loader's value is
     *     returned then, cached nowhere
     */
    public V get(K key, Function<? super K, ? extends V> loader) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(loader, "loader");
        V v = local.getIfPresent(key);
        if (v != null) {
            return v;
        }
        byte[] keyBytes = keys.encode(key);
        Snapshot s = snapshot(keyBytes);
        boolean[] keep = {true};
        V value = local.get(key, k -> {
            byte[] raw;
            try {
                raw = read(keyBytes);
            } catch (RedisUnavailableException e) {
                keep[0] = false; // nobody could be told of a later change: do not cache
                return loader.apply(k);
            }
            if (raw != null) {
                redisHits.incrementAndGet();
                return values.decode(raw);
            }
            redisMisses.incrementAndGet();
            V loaded = loader.apply(k);
            if (loaded != null) {
                try {
                    byte[] stored = storeLoaded(keyBytes, values.encode(loaded));
                    if (stored != null) {
                        return values.decode(stored); // another process's write came first: it wins
                    }
                } catch (RedisUnavailableException e) {
                    keep[0] = false;
                }
            }
            return loaded;
        });
        if (value != null && (!keep[0] || !unchanged(keyBytes, s))) {
            local.remove(key);
        }
        return value;
    }

    /**
     * Stores a value in Redis, tells every other process to drop its copy, and keeps it locally;
     * while the subscription is down (Redis back, the subscriber not yet), the local copy is dropped
     * instead, so the next read goes to Redis.
     *
     * @param key the key
     * @param value the value, not {@code null}
     * @throws RedisUnavailableException when Redis is unreachable; the local copy is dropped
     */
    public void put(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        byte[] keyBytes = keys.encode(key);
        byte[] valueBytes = values.encode(value);
        Snapshot s = snapshot(keyBytes);
        try {
            write(keyBytes, valueBytes);
        } catch (RuntimeException e) {
            local.remove(key);
            throw e;
        }
        install(key, value, keyBytes, s);
    }

    /**
     * Deletes a key from Redis and from every process's local cache.
     *
     * @param key the key
     * @throws RedisUnavailableException when Redis is unreachable; the local copy is dropped all the same
     */
    public void invalidate(K key) {
        Objects.requireNonNull(key, "key");
        byte[] keyBytes = keys.encode(key);
        local.remove(key);
        run(jedis -> jedis.eval(DELETE, List.of(redisKey(keyBytes)), List.of(channel, message(KEY, keyBytes))));
    }

    /**
     * Deletes every key of this cache from Redis ({@code SCAN} and {@code UNLINK}: keys written
     * meanwhile may survive) and tells every process to drop all its local copies.
     *
     * @throws RedisUnavailableException when Redis is unreachable; the local copies are dropped all the same
     */
    public void invalidateAll() {
        epoch.incrementAndGet();
        local.invalidateAll();
        run(jedis -> {
            byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
            ScanParams params = new ScanParams().match(concat(prefix, "*".getBytes(StandardCharsets.UTF_8))).count(500);
            do {
                ScanResult<byte[]> page = jedis.scan(cursor, params);
                if (!page.getResult().isEmpty()) {
                    jedis.unlink(page.getResult().toArray(new byte[0][]));
                }
                cursor = page.getCursorAsBytes();
            } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
            jedis.publish(channel, message(ALL, new byte[0]));
            return null;
        });
    }

    /** @return whether the subscription is live now, so that other processes' writes reach this one */
    public boolean connected() {
        return subscriber.live();
    }

    /** @return how many times the subscription was confirmed: 1 after start, one more per reconnection */
    public long subscriptions() {
        return subscriber.subscriptions();
    }

    /** @return how many invalidations from other processes (other instances) were applied */
    public long invalidationsReceived() {
        return invalidationsReceived.get();
    }

    /** @return local misses that Redis answered */
    public long redisHits() {
        return redisHits.get();
    }

    /** @return local misses that Redis did not answer either */
    public long redisMisses() {
        return redisMisses.get();
    }

    /**
     * Stops listening, closes the local cache and the pool. Idempotent. Closing the instance closes
     * the tier too.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            subscriber.close();
        } finally {
            try {
                local.close();
            } finally {
                try {
                    pool.close();
                } finally {
                    closeGuard(guard);
                }
            }
        }
    }

    /**
     * Takes a closed tier or configuration source out of the instance's resources; from inside its
     * cleanup (the instance closing it) this returns at once.
     */
    static void closeGuard(ResourceGuard<?> guard) {
        if (guard != null) { // null while the construction registers it
            guard.close();
        }
    }

    @Override
    public String toString() {
        return "RedisTieredCache[" + name + " on " + manager.url().masked() + "]";
    }

    private record Snapshot(long stripe, long epoch, boolean live) {
    }

    private Snapshot snapshot(byte[] keyBytes) {
        // The epoch before the liveness: a loss moves the epoch after clearing the liveness.
        long e = epoch.get();
        return new Snapshot(stripes.get(stripe(keyBytes)), e, subscriber.live());
    }

    private boolean unchanged(byte[] keyBytes, Snapshot s) {
        return s.live && stripes.get(stripe(keyBytes)) == s.stripe && epoch.get() == s.epoch;
    }

    /**
     * Puts the value locally, then takes it out again if an invalidation may have come in between.
     * While the subscription is down it installs nothing and drops the local copy instead: a write
     * that reached Redis then (Redis back, the subscriber still waiting to reconnect) is announced to
     * nobody here, so the copy it replaced would be read back until the resubscription.
     */
    private void install(K key, V value, byte[] keyBytes, Snapshot s) {
        if (!s.live) {
            local.remove(key);
            return;
        }
        local.put(key, value);
        if (!unchanged(keyBytes, s)) {
            local.remove(key);
        }
    }

    private byte[] read(byte[] keyBytes) {
        byte[] raw = run(jedis -> jedis.get(redisKey(keyBytes)));
        Runnable hook = afterRedisRead;
        if (hook != null) {
            hook.run();
        }
        return raw;
    }

    private void write(byte[] keyBytes, byte[] valueBytes) {
        run(jedis -> jedis.eval(PUT, List.of(redisKey(keyBytes)), List.of(valueBytes, px, channel, message(KEY, keyBytes))));
    }

    /** @return {@code null} when the loaded value was stored, else the value Redis holds instead */
    private byte[] storeLoaded(byte[] keyBytes, byte[] valueBytes) {
        Object r = run(jedis -> jedis.eval(LOAD, List.of(redisKey(keyBytes)), List.of(valueBytes, px, channel, message(KEY, keyBytes))));
        return r instanceof byte[] b ? b : null;
    }

    /**
     * Redis refuses a {@code PX} whose expiry time, in milliseconds since 1970, does not fit a long
     * ({@code ERR invalid expire time}), and {@link Duration#toMillis()} overflows first for the
     * longest durations: a TTL of {@link #NO_EXPIRY} or more is a plain {@code SET}, no expiry.
     *
     * @return the TTL in milliseconds (at least 1), or {@code 0} for no expiry
     */
    static long pxMillis(Duration ttl) {
        if (ttl == null || ttl.compareTo(NO_EXPIRY) >= 0) {
            return 0;
        }
        return Math.max(1, ttl.toMillis());
    }

    private byte[] redisKey(byte[] keyBytes) {
        return concat(prefix, keyBytes);
    }

    private byte[] message(byte kind, byte[] keyBytes) {
        byte[] m = new byte[17 + keyBytes.length];
        System.arraycopy(origin, 0, m, 0, 16);
        m[16] = kind;
        System.arraycopy(keyBytes, 0, m, 17, keyBytes.length);
        return m;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private <T> T run(Function<Jedis, T> command) {
        return run(command, true);
    }

    private <T> T run(Function<Jedis, T> command, boolean idempotent) {
        return manager.run(pool, acquireTimeout, "cache", name, command, idempotent);
    }

    /**
     * Configures a {@link RedisTieredCache}.
     *
     * @param <K> the type of keys
     * @param <V> the type of values
     */
    public static final class Builder<K, V> {

        private final MemoryUtilities memory;
        private final String url;
        private final RedisCodec<K> keys;
        private final RedisCodec<V> values;
        private String name;
        private CacheConfig<K, V> localConfig;
        private PoolConfig poolConfig;
        private Duration ttl;
        private Properties connectionProperties = new Properties();

        private Builder(MemoryUtilities memory, String url, RedisCodec<K> keys, RedisCodec<V> values) {
            this.memory = Objects.requireNonNull(memory, "memory");
            this.url = Objects.requireNonNull(url, "url");
            this.keys = Objects.requireNonNull(keys, "keys");
            this.values = Objects.requireNonNull(values, "values");
        }

        /**
         * @param value the cache's name, shared by every process of this cache: letters, digits,
         *     {@code . _ -} only, as it names Redis keys and the channel
         * @return this builder
         */
        public Builder<K, V> name(String value) {
            if (value == null || !value.matches("[A-Za-z0-9._-]{1,200}")) {
                throw new ConfigException("The name of a Redis tiered cache must be 1 to 200 letters, digits, '.', '_' or '-',"
                        + " but was " + (value == null ? "null" : "'" + value + "'"));
            }
            this.name = value;
            return this;
        }

        /**
         * @param value the local cache's configuration (default: 10,000 entries, the provider's policy);
         *     its expiry bounds how long a copy is kept even when no invalidation comes
         * @return this builder
         */
        public Builder<K, V> local(CacheConfig<K, V> value) {
            this.localConfig = Objects.requireNonNull(value, "local");
            return this;
        }

        /**
         * @param value the pool of Redis connections (default: 0 to 16 connections, 2 s acquire
         *     timeout, which bounds how long an operation waits for a connection while Redis is
         *     unreachable; a reply is waited for up to the socket timeout besides, see the class
         *     comment)
         * @return this builder
         */
        public Builder<K, V> pool(PoolConfig value) {
            this.poolConfig = Objects.requireNonNull(value, "pool");
            return this;
        }

        /**
         * @param value how long Redis keeps a value after its write ({@code PX}, rounded down to
         *     milliseconds, at least 1 ms); none by default. Any positive length is taken: one of about
         *     146 million years or more ({@code Long.MAX_VALUE / 2} ms), such as {@code
         *     Duration.ofSeconds(Long.MAX_VALUE)} or {@code Duration.ofMillis(Long.MAX_VALUE)}, means
         *     no expiry, as if none were set, since Redis cannot hold so late an expiry time
         * @return this builder
         * @throws ConfigException when the value is {@code null}, zero or negative, naming {@code
         *     redisTtl} and the value
         */
        public Builder<K, V> redisTtl(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new ConfigException("redisTtl, the Redis time to live of a tiered cache, must be positive, but was "
                        + value);
            }
            this.ttl = value;
            return this;
        }

        /**
         * @param value the connection properties, as {@link RedisConnectionManager#of} reads them
         * @return this builder
         */
        public Builder<K, V> connectionProperties(Properties value) {
            Properties copy = new Properties();
            copy.putAll(Objects.requireNonNull(value, "connectionProperties"));
            this.connectionProperties = copy;
            return this;
        }

        /**
         * Opens the cache: its pool, its local cache, and its subscription, which connects in the
         * background (see {@link RedisTieredCache#connected()}); nothing is kept locally until it is live.
         *
         * @return the open cache
         * @throws ConfigException when no name was given, or the URL or a setting is bad (URL masked)
         */
        public RedisTieredCache<K, V> build() {
            if (name == null) {
                throw new ConfigException("A Redis tiered cache needs a name (Builder.name), shared by its processes");
            }
            return new RedisTieredCache<>(this);
        }
    }
}
