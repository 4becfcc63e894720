package org.patinox.memory.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.openjdk.jmh.annotations.Param;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.pool.PoolConfig;
import stormpot.Expiration;
import stormpot.Poolable;
import stormpot.PoolBuilder;

/**
 * One set of pool settings, written once for every pool under test, so that each benchmark compares
 * pools configured alike: the same maximum size, kept full ({@code min = max}), no validation of a
 * connection handed out within the bypass window, no leak detection, no JMX, the same timeouts.
 * The values are HikariCP's defaults where HikariCP has the setting, because that is how most of
 * its users run it, except its keepalive, set to this project's default health-check interval.
 */
final class PoolSettings {

    /** How long a borrower may wait: HikariCP's default {@code connectionTimeout}. */
    static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Idle time below which a connection is handed out unvalidated: HikariCP's default
     * {@code com.zaxxer.hikari.aliveBypassWindowMs}, a system property it reads once.
     */
    static final Duration VALIDATION_BYPASS = Duration.ofMillis(500);
    /** Background check of idle connections: HikariCP's {@code keepaliveTime}, at its 30 s minimum. */
    static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(30);
    /** Age at which a connection is retired: HikariCP's default {@code maxLifetime}. */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(30);
    /** Idle time after which a connection above the minimum closes: HikariCP's {@code idleTimeout}. */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** How long one validation may take: HikariCP's default {@code validationTimeout}. */
    static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(5);

    /** The {@code pool} parameter's prefix for this project's implementations. */
    static final String PATINOX = "patinox-";

    private PoolSettings() {
    }

    /** @return the values of a benchmark's {@link Param} field */
    static List<String> params(Class<?> benchmark, String field) {
        try {
            return List.of(benchmark.getField(field).getAnnotation(Param.class).value());
        } catch (NoSuchFieldException e) {
            throw new IllegalArgumentException(benchmark.getSimpleName() + " has no parameter " + field, e);
        }
    }

    /**
     * @param pool a {@code pool} parameter value such as {@code patinox-lockfree}
     * @return an instance of the named implementation, chosen explicitly so that no other can win
     */
    static MemoryUtilities open(String pool) {
        if (!pool.startsWith(PATINOX)) {
            throw new IllegalArgumentException("not a Patinox pool: " + pool);
        }
        return MemoryUtilities.open(UtilityConfig.builder().provider(pool.substring(PATINOX.length())).build());
    }

    /** @return this project's pool configuration of {@code size} connections, kept full */
    static PoolConfig patinox(String name, int size) {
        return PoolConfig.builder().name(name).minSize(size).maxSize(size)
                .acquireTimeout(ACQUIRE_TIMEOUT)
                .validateOnAcquire(true).validationIdleThreshold(VALIDATION_BYPASS).validationTimeout(VALIDATION_TIMEOUT)
                .healthCheckInterval(HEALTH_CHECK_INTERVAL).maxLifetime(MAX_LIFETIME).idleTimeout(IDLE_TIMEOUT)
                .leakDetectionThreshold(Duration.ZERO)
                .build();
    }

    /** @return HikariCP's configuration of {@code size} connections from {@code url}, kept full */
    static HikariConfig hikari(String name, String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setConnectionTimeout(ACQUIRE_TIMEOUT.toMillis());
        config.setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
        config.setKeepaliveTime(HEALTH_CHECK_INTERVAL.toMillis());
        config.setMaxLifetime(MAX_LIFETIME.toMillis());
        config.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        config.setLeakDetectionThreshold(0);
        config.setRegisterMbeans(false);
        return config;
    }

    /**
     * Stormpot has no validation on claim and no idle timeout; its expiration, checked on every
     * claim, plays the part of the maximum lifetime.
     *
     * @return the builder, sized and with precise leak detection off
     */
    static <T extends Poolable> PoolBuilder<T> stormpot(PoolBuilder<T> builder, int size) {
        return builder.setSize(size)
                .setExpiration(Expiration.after(MAX_LIFETIME.toMillis(), TimeUnit.MILLISECONDS))
                .setPreciseLeakDetectionEnabled(false);
    }

    /**
     * Commons Pool validates idle objects in its evictor, as the others do in their health checks,
     * and never on borrow or return.
     *
     * @return Commons Pool's configuration of {@code size} objects, kept full, without JMX
     */
    static <T> GenericObjectPoolConfig<T> commonsPool(int size) {
        GenericObjectPoolConfig<T> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(size);
        config.setMaxIdle(size);
        config.setMinIdle(size);
        config.setBlockWhenExhausted(true);
        config.setMaxWait(ACQUIRE_TIMEOUT);
        config.setTestOnCreate(false);
        config.setTestOnBorrow(false);
        config.setTestOnReturn(false);
        config.setTestWhileIdle(true);
        config.setTimeBetweenEvictionRuns(HEALTH_CHECK_INTERVAL);
        config.setMinEvictableIdleDuration(IDLE_TIMEOUT);
        config.setJmxEnabled(false);
        return config;
    }
}
