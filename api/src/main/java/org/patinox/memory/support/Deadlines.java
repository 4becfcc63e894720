package org.patinox.memory.support;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.Expiry;

/**
 * The deadlines of a cache's entries, alike in every implementation: from the configuration's
 * {@link CacheConfig#expiry() Expiry}, or from its fixed {@code expireAfterWrite} and {@code
 * expireAfterAccess} (the earlier of the two deadlines). A deadline is a ticker time; an entry is
 * expired from its deadline on ({@link #expired}). Durations are taken as 0 when negative; one of
 * {@link Expiry#LONGEST} or more gives the deadline {@link #NEVER}, which never comes and which
 * the {@link TimerWheel} does not hold, so that no deadline overflows however long the cache runs.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class Deadlines<K, V> {

    /** The deadline of an entry that never expires. */
    public static final long NEVER = TimerWheel.NEVER;

    private final Expiry<? super K, ? super V> expiry;
    /** The fixed durations in nanoseconds, saturated to {@link Expiry#LONGEST}; 0 for none. */
    private final long afterWrite;
    private final long afterAccess;
    private final BiConsumer<String, Throwable> failed;
    /** Marks the expiry's calls, so that a write it makes to the cache is refused; or {@code null}. */
    private final CallbackWrites writes;

    private Deadlines(CacheConfig<K, V> config, BiConsumer<String, Throwable> failed, CallbackWrites writes) {
        this.expiry = config.expiry();
        this.afterWrite = nanos(config.expireAfterWrite());
        this.afterAccess = nanos(config.expireAfterAccess());
        this.failed = Objects.requireNonNull(failed, "failed");
        this.writes = writes;
    }

    /**
     * @param config the cache's configuration
     * @param failed told of what the expiry threw, with the name of the call, before it is rethrown
     * @return the deadlines of the configuration, or {@code null} when its entries do not expire
     */
    public static <K, V> Deadlines<K, V> of(CacheConfig<K, V> config, BiConsumer<String, Throwable> failed) {
        return of(config, failed, null);
    }

    /**
     * @param config the cache's configuration
     * @param failed told of what the expiry threw, with the name of the call, before it is rethrown
     * @param writes the cache's, through which the expiry is called so that a write it makes to
     *     the cache is refused; {@code null} to call it directly
     * @return the deadlines of the configuration, or {@code null} when its entries do not expire
     */
    public static <K, V> Deadlines<K, V> of(CacheConfig<K, V> config, BiConsumer<String, Throwable> failed,
                                            CallbackWrites writes) {
        return config.expires() ? new Deadlines<>(config, failed, writes) : null;
    }

    /** @return whether the entry of this deadline is expired at {@code now} */
    public static boolean expired(long deadline, long now) {
        return deadline != NEVER && now - deadline >= 0;
    }

    /** @return whether a read may move an entry's deadline: by the expiry, or after access */
    public boolean readsMove() {
        return expiry != null || afterAccess > 0;
    }

    /** @return the deadline of an entry created at {@code now} */
    public long created(K key, V value, long now) {
        if (expiry == null) {
            return deadline(now, fixed());
        }
        long duration;
        try {
            duration = writes == null ? expiry.expireAfterCreate(key, value, now)
                    : writes.call(() -> expiry.expireAfterCreate(key, value, now));
        } catch (RuntimeException | Error e) {
            failed.accept("expireAfterCreate", e);
            throw e;
        }
        return deadline(now, duration);
    }

    /** @return the deadline of an entry whose deadline was {@code deadline}, updated at {@code now} */
    public long updated(K key, V value, long now, long deadline) {
        if (expiry == null) {
            return deadline(now, fixed());
        }
        long duration;
        try {
            long remaining = remaining(deadline, now);
            duration = writes == null ? expiry.expireAfterUpdate(key, value, now, remaining)
                    : writes.call(() -> expiry.expireAfterUpdate(key, value, now, remaining));
        } catch (RuntimeException | Error e) {
            failed.accept("expireAfterUpdate", e);
            throw e;
        }
        return deadline(now, duration);
    }

    /**
     * @param writeTime when the entry was last written, for {@code expireAfterWrite}
     * @return the deadline of an entry whose deadline was {@code deadline}, read at {@code now}
     */
    public long read(K key, V value, long now, long deadline, long writeTime) {
        if (expiry == null) {
            if (afterAccess == 0) {
                return deadline;
            }
            long duration = afterAccess;
            if (afterWrite > 0 && afterWrite < Expiry.LONGEST) {
                duration = Math.min(duration, afterWrite - (now - writeTime));
            }
            return deadline(now, duration);
        }
        long duration;
        try {
            long remaining = remaining(deadline, now);
            duration = writes == null ? expiry.expireAfterRead(key, value, now, remaining)
                    : writes.call(() -> expiry.expireAfterRead(key, value, now, remaining));
        } catch (RuntimeException | Error e) {
            failed.accept("expireAfterRead", e);
            throw e;
        }
        return deadline(now, duration);
    }

    /** @return the shorter of the fixed durations that are set */
    private long fixed() {
        if (afterWrite == 0) {
            return afterAccess;
        }
        return afterAccess == 0 ? afterWrite : Math.min(afterWrite, afterAccess);
    }

    /** @return the time left until the deadline, 0 when past, {@link Long#MAX_VALUE} for {@link #NEVER} */
    private static long remaining(long deadline, long now) {
        return deadline == NEVER ? Long.MAX_VALUE : Math.max(0, deadline - now);
    }

    /** @return the deadline {@code duration} after {@code now}: now for 0 or less, {@link #NEVER} for {@link Expiry#LONGEST} or more */
    static long deadline(long now, long duration) {
        if (duration >= Expiry.LONGEST) {
            return NEVER;
        }
        long deadline = now + Math.max(0, duration);
        return deadline == NEVER ? deadline + 1 : deadline; // a real deadline that reads as NEVER is a nanosecond later
    }

    private static long nanos(Duration duration) {
        return duration.compareTo(Duration.ofNanos(Expiry.LONGEST)) >= 0 ? Expiry.LONGEST : duration.toNanos();
    }
}
