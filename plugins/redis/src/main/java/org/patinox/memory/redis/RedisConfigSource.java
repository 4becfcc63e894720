package org.patinox.memory.redis;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.resource.ResourceGuard;
import org.patinox.memory.share.ConfigData;
import org.patinox.memory.share.ShareConfig;
import redis.clients.jedis.Jedis;

/**
 * A configuration shared by processes through Redis: {@link #publish} stores a new value as the next
 * version of a counter in Redis and announces it; every process, the publisher included, applies the
 * versions to its local {@link ConfigData} one by one in version order, so that every process's
 * subscribers see the same versions (the {@link Shared#version()} numbers, equal everywhere) in the
 * same order. A process that opens the source late starts from the current version.
 *
 * <pre>{@code
 * try (RedisConfigSource<Limits> limits = RedisConfigSource.open(memory, "redis://127.0.0.1:6379", "limits",
 *         Limits.CODEC, Limits.DEFAULTS, List.of(Validator.that("max > 0", l -> l.max() > 0)))) {
 *     limits.config().subscribe(v -> apply(v.value().value()));   // in every process, version by version
 *     limits.publish(new Limits(10, 200));                        // from any process
 * }
 * }</pre>
 *
 * <h2>How</h2>
 * One {@code EVAL} does {@code INCR patinox:config:<name>:version}, stores the value under that number
 * in the hash {@code patinox:config:<name>:versions} (the latest 1,000 are kept) and {@code PUBLISH}es
 * the number on {@code patinox:config:<name>:published}. On each message, on each (re)subscription and
 * after each own publish, a process reads every version after the last it applied up to the current
 * one, in order, and applies each with {@link ConfigData#update}. These catch-ups run one at a time, so
 * a version is applied once and never before a lower one. A process that fell more than 1,000 versions
 * behind (a long outage) skips those no longer kept, still in order. When Redis has lost the counter
 * (a restart without persistence, a flush), each process puts it back to the version it holds as it
 * resubscribes, with its value, the highest holder winning, and a publish never numbers below the
 * version its publisher holds; a publish from a process that was behind, made in the moment before
 * the others put the counter back, may reuse a number they already applied, and they skip it.
 *
 * <h2>Failures</h2>
 * {@link #publish} runs the validators first and throws {@link ConfigException} (naming each failed
 * rule) without publishing, and throws {@link RedisUnavailableException} while Redis is unreachable. A
 * version that this process's validators reject (processes with other rules) is logged at {@code
 * WARNING} and skipped here; so is a version the codec cannot decode (written by a newer release, or
 * by hand), here and in every process whose codec fails on it, which go on with the versions after it
 * (a process that opens on such a version starts from its initial value). While the subscription is down, the current version stays; the missed
 * versions are applied on reconnection. Opening while Redis is unreachable starts from the initial
 * value as version 0, and catches up once connected.
 *
 * <p>Thread-safe. Subscribers of {@link #config()} are called on the instance's virtual threads, as
 * for any {@link ConfigData}, never on the subscription's or a scheduler's thread.
 *
 * @param <T> the type of the configuration
 */
public final class RedisConfigSource<T> implements AutoCloseable {

    /**
     * A value with its version across processes.
     *
     * @param version the number Redis gave it: the same in every process; 0 for the initial value
     *     of a process that found none published
     * @param value the value
     * @param <T> the type of the configuration
     */
    public record Shared<T>(long version, T value) {

        /** @throws NullPointerException when the value is {@code null} */
        public Shared {
            Objects.requireNonNull(value, "value");
        }
    }

    private static final int KEPT = 1_000;
    /**
     * Raises the counter to the version the caller holds (ARGV[3]) if Redis lost it (a restart
     * without persistence), then INCR, store, PUBLISH.
     */
    private static final byte[] PUBLISH = ("local held = tonumber(ARGV[3]) "
            + "if tonumber(redis.call('GET', KEYS[1]) or '0') < held then redis.call('SET', KEYS[1], held) end "
            + "local n = redis.call('INCR', KEYS[1]) "
            + "redis.call('HSET', KEYS[2], n, ARGV[1]) "
            + "if n > " + KEPT + " then redis.call('HDEL', KEYS[2], n - " + KEPT + ") end "
            + "redis.call('PUBLISH', ARGV[2], n) return n").getBytes(StandardCharsets.UTF_8);
    /**
     * Puts back a counter Redis lost: if it is below the version this process holds (ARGV[1]), set it
     * there and store this process's value (ARGV[2]) under that number; the highest holder wins.
     */
    private static final byte[] RESTORE = ("if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then "
            + "redis.call('SET', KEYS[1], ARGV[1]) redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) end return 0")
            .getBytes(StandardCharsets.UTF_8);

    private final String name;
    private final RedisCodec<T> codec;
    private final List<ConfigData.Validator<? super T>> validators;
    private final RedisConnectionManager manager;
    private final Pool<Jedis> pool;
    private final ConfigData<Shared<T>> config;
    private final byte[] versionKey;
    private final byte[] versionsKey;
    private final byte[] channel;
    private final Duration acquireTimeout = Duration.ofSeconds(2);
    private final Object catchUpLock = new Object();
    /** The last version applied (or skipped) here; guarded by {@link #catchUpLock}. */
    private long applied;
    private final Subscriber subscriber;
    /** This source in the instance's resources, so that closing the instance closes it (see the tier's). */
    private final ResourceGuard<RedisConfigSource<T>> guard;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisConfigSource(MemoryUtilities memory, String url, Properties properties, String name, RedisCodec<T> codec,
            T initial, List<? extends ConfigData.Validator<? super T>> validators) {
        this.name = name;
        this.codec = codec;
        this.validators = List.copyOf(validators);
        this.manager = RedisConnectionManager.of(url, properties);
        this.versionKey = ("patinox:config:" + name + ":version").getBytes(StandardCharsets.UTF_8);
        this.versionsKey = ("patinox:config:" + name + ":versions").getBytes(StandardCharsets.UTF_8);
        this.channel = ("patinox:config:" + name + ":published").getBytes(StandardCharsets.UTF_8);
        this.pool = memory.pool(manager, PoolConfig.builder().name("redis-config-" + name).minSize(0).maxSize(4)
                .acquireTimeout(Duration.ofSeconds(2)).build());
        Shared<T> start;
        long skipped = 0;
        try {
            Current<T> found = current();
            start = found.value() == null ? new Shared<>(0, initial) : new Shared<>(found.version(), found.value());
            if (found.value() == null && found.version() > 0) {
                // The current version could not be read here: start from the initial value, but go
                // on from the versions after it rather than replay older ones.
                skipped = found.version();
            }
        } catch (RedisUnavailableException e) {
            Subscriber.log(Level.WARNING, () -> "Configuration " + name + " starts from its initial value: "
                    + e.getMessage());
            start = new Shared<>(0, initial);
        } catch (RuntimeException | Error e) {
            pool.close();
            throw e;
        }
        List<ConfigData.Validator<? super Shared<T>>> adapted = new ArrayList<>();
        for (ConfigData.Validator<? super T> v : this.validators) {
            adapted.add(s -> v.validate(s.value()));
        }
        ConfigData<Shared<T>> c = null;
        try {
            c = memory.config(start, ShareConfig.builder().name(name).build(), adapted);
            this.config = c;
            this.applied = Math.max(start.version(), skipped);
            this.subscriber = new Subscriber(manager, channel, "config " + name, this::catchUpQuietly,
                    m -> catchUpQuietly(), () -> { });
        } catch (RuntimeException | Error e) {
            // Whatever failed, nothing opened here outlives the construction (the subscriber stops its own thread).
            RedisTieredCache.closeAll(e, c, pool);
            throw e;
        }
        this.guard = RedisTieredCache.register(memory, this);
    }

    /**
     * Opens a configuration shared through Redis, starting from its current version there.
     *
     * @param memory the instance whose {@link ConfigData}, pool and threads it uses
     * @param url the Redis URL
     * @param name the name, shared by every process of this configuration: letters, digits, {@code . _ -}
     * @param codec the value codec
     * @param initial the value when none was ever published
     * @param validators the rules every value must keep
     * @param <T> the type of the configuration
     * @return the open source
     * @throws ConfigException for a bad name, URL (masked) or setting
     */
    public static <T> RedisConfigSource<T> open(MemoryUtilities memory, String url, String name, RedisCodec<T> codec,
            T initial, List<? extends ConfigData.Validator<? super T>> validators) {
        return open(memory, url, new Properties(), name, codec, initial, validators);
    }

    /**
     * As {@link #open(MemoryUtilities, String, String, RedisCodec, Object, List)}, with connection
     * properties as {@link RedisConnectionManager#of} reads them.
     *
     * @param memory the instance
     * @param url the Redis URL
     * @param properties the connection properties
     * @param name the name
     * @param codec the value codec
     * @param initial the value when none was ever published
     * @param validators the rules
     * @param <T> the type of the configuration
     * @return the open source
     */
    public static <T> RedisConfigSource<T> open(MemoryUtilities memory, String url, Properties properties, String name,
            RedisCodec<T> codec, T initial, List<? extends ConfigData.Validator<? super T>> validators) {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(validators, "validators");
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new ConfigException("The name of a Redis configuration must be 1 to 200 letters, digits, '.', '_' or '-',"
                    + " but was " + (name == null ? "null" : "'" + name + "'"));
        }
        return new RedisConfigSource<>(memory, url, properties, name, codec, initial, validators);
    }

    /** @return the local configuration, whose values carry their version across processes */
    public ConfigData<Shared<T>> config() {
        return config;
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the version across processes that this process holds now */
    public long version() {
        return config.current().value().version();
    }

    /** @return how many times the subscription was confirmed: 1 after start, one more per reconnection */
    public long subscriptions() {
        return subscriber.subscriptions();
    }

    /** @return whether the subscription is live, so that versions published elsewhere arrive */
    public boolean connected() {
        return subscriber.live();
    }

    /**
     * Publishes a value as the next version, for every process; returns once it is this process's
     * current version (or a later one is, or this process's codec could not decode it back and
     * skipped it). A version published by others that the codec cannot decode never makes this
     * method throw: it is skipped, as the class comment says.
     *
     * @param value the new value
     * @return its version across processes
     * @throws ConfigException when a validator rejects it; nothing is published
     * @throws RedisUnavailableException when Redis is unreachable; nothing is published, or (if the
     *     connection broke after the command was sent) it is applied on reconnection
     * @throws RuntimeException what the codec throws encoding the value; nothing is published
     * @throws IllegalStateException when this source is closed (by itself or with its instance), as
     *     {@link ConfigData#update} throws; nothing is published
     */
    public long publish(T value) {
        Objects.requireNonNull(value, "value");
        if (closed.get()) {
            // Before anything reaches Redis, and not as RedisUnavailableException: its closed pool is not an outage.
            throw new IllegalStateException("Configuration " + name + " on " + manager.url().masked() + " is closed");
        }
        List<String> failed = new ArrayList<>();
        for (ConfigData.Validator<? super T> v : validators) {
            try {
                v.validate(value);
            } catch (RuntimeException e) {
                failed.add(String.valueOf(e.getMessage()));
            }
        }
        if (!failed.isEmpty()) {
            throw new ConfigException("Configuration " + name + " rejected the value: " + String.join("; ", failed));
        }
        byte[] bytes = codec.encode(value);
        // Not retried: the INCR may have run, and a second would publish the value twice.
        byte[] held = Long.toString(version()).getBytes(StandardCharsets.UTF_8);
        Object n = run(jedis -> jedis.eval(PUBLISH, List.of(versionKey, versionsKey), List.of(bytes, channel, held)), false);
        long version = ((Number) n).longValue();
        catchUp();
        return version;
    }

    private void catchUpQuietly() {
        try {
            catchUp();
        } catch (RuntimeException e) {
            Subscriber.log(Level.WARNING, () -> "Configuration " + name + " could not read its versions from "
                    + manager.url().masked() + "; it will on the next message: " + e.getMessage());
        }
    }

    /** Applies every version after the last applied, in order, one catch-up at a time. */
    private void catchUp() {
        synchronized (catchUpLock) {
            run(jedis -> {
                byte[] raw = jedis.get(versionKey);
                long latest = raw == null ? 0 : Long.parseLong(new String(raw, StandardCharsets.UTF_8));
                if (latest < applied) {
                    // Redis lost the versions (restarted without persistence, or flushed): put back the
                    // highest this process holds, so that numbering goes on above it everywhere.
                    Shared<T> mine = config.current().value();
                    jedis.eval(RESTORE, List.of(versionKey, versionsKey),
                            List.of(Long.toString(mine.version()).getBytes(StandardCharsets.UTF_8), codec.encode(mine.value())));
                    return null;
                }
                for (long v = Math.max(applied + 1, latest - KEPT + 1); v <= latest; v++) {
                    byte[] bytes = jedis.hget(versionsKey, Long.toString(v).getBytes(StandardCharsets.UTF_8));
                    if (bytes != null) {
                        T value = decode(v, bytes);
                        if (value != null) {
                            apply(v, value);
                        }
                    }
                    applied = v;
                }
                return null;
            });
        }
    }

    /**
     * A version this process's codec cannot read (written by a newer release, or by hand) is skipped
     * like one its validators reject: retrying it would stop every later version here for good.
     *
     * @return the value, or {@code null} when the codec failed (logged at {@code WARNING})
     */
    private T decode(long version, byte[] bytes) {
        try {
            return Objects.requireNonNull(codec.decode(bytes), "the codec decoded null");
        } catch (RuntimeException e) {
            Subscriber.log(Level.WARNING, () -> "Configuration " + name + " skips version " + version
                    + ", which its codec cannot decode: " + e);
            return null;
        }
    }

    private void apply(long version, T value) {
        try {
            config.update(new Shared<>(version, value));
        } catch (ConfigException rejected) {
            Subscriber.log(Level.WARNING, () -> "Configuration " + name + " skips version " + version
                    + ", which its validators reject: " + rejected.getMessage());
        }
    }

    /**
     * The current version in Redis and its value: {@code value} is {@code null} when none was ever
     * published ({@code version} 0), its value is no longer kept, or the codec cannot decode it.
     */
    private record Current<T>(long version, T value) {
    }

    private Current<T> current() {
        return run(jedis -> {
            byte[] raw = jedis.get(versionKey);
            if (raw == null) {
                return new Current<T>(0, null);
            }
            long v = Long.parseLong(new String(raw, StandardCharsets.UTF_8));
            byte[] bytes = jedis.hget(versionsKey, raw);
            return new Current<T>(v, bytes == null ? null : decode(v, bytes));
        });
    }

    private <R> R run(Function<Jedis, R> command) {
        return run(command, true);
    }

    private <R> R run(Function<Jedis, R> command, boolean idempotent) {
        return manager.run(pool, acquireTimeout, "configuration", name, command, idempotent);
    }

    /**
     * Stops listening, closes the local configuration and the pool. Idempotent. Closing the instance
     * closes the source too.
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
                config.close();
            } finally {
                try {
                    pool.close();
                } finally {
                    RedisTieredCache.closeGuard(guard);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "RedisConfigSource[" + name + " on " + manager.url().masked() + ", version " + version() + "]";
    }
}
