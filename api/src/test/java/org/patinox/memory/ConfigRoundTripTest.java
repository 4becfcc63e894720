package org.patinox.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheLoader;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.mapping.MappingConfig;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.resource.LeakDetection;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.share.ShareConfig;

/**
 * Every configuration record written by {@code toProperties()} reads back equal by its {@code
 * fromProperties}, and writes the same properties again, over each setting's whole range: valid
 * configurations drawn from a fixed seed, with 0, 1, huge and "no limit" durations, every variant
 * of every enumeration and policy, and names with odd characters. Each round trip is also taken
 * through the properties' text form ({@code store} and {@code load}), as a file would hold them.
 */
final class ConfigRoundTripTest {

    private static final int RUNS = 400;

    private static final List<String> NAMES = List.of("", "a", "orders", "with space", " padded ", "tab\there",
            "new\nline", "key=value", "a:b", "#not-a-comment", "!bang", "back\\slash", "ünïcødé-名前", "emoji-😀",
            "trailing\\", "x".repeat(300), "\u0000nul", "%s{}$", "${not.expanded}");

    private static final List<Duration> DURATIONS = List.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofMillis(1),
            Duration.ofSeconds(1), Duration.ofMillis(1500), Duration.ofMinutes(90), Duration.ofDays(3),
            Duration.ofNanos(123_456_789), Duration.ofDays(365L * 1000), Duration.ofNanos(Long.MAX_VALUE),
            Duration.ofNanos(Long.MAX_VALUE - 1), Duration.ofSeconds(Long.MAX_VALUE),
            ChronoUnit.FOREVER.getDuration(), Duration.ofSeconds(Long.MAX_VALUE / 2, 999_999_999));

    private static final CacheLoader<Object, Object> LOADER = key -> key;

    @Test
    void pool_configs_read_back_equal() {
        roundTrips(r -> PoolConfig.builder()
                .name(name(r))
                .minSize(0)
                .maxSize(pick(r, List.of(1, 2, 10, 1000, Integer.MAX_VALUE)))
                .acquireTimeout(positive(r))
                .createTimeout(positive(r))
                .idleTimeout(duration(r))
                .maxLifetime(duration(r))
                .healthCheckInterval(duration(r))
                .validateOnAcquire(r.nextBoolean())
                .validationIdleThreshold(duration(r))
                .validationTimeout(positive(r))
                .leakDetectionThreshold(duration(r))
                .closeGracePeriod(duration(r))
                .build()
                .toBuilder().minSize(r.nextBoolean() ? 0 : 1).build(),
                PoolConfig::toProperties, PoolConfig::fromProperties);
    }

    @Test
    void cache_configs_read_back_equal() {
        List<EvictionPolicy> named = List.of(EvictionPolicy.lru(), EvictionPolicy.lfu(),
                EvictionPolicy.named("w-tinylfu"), EvictionPolicy.named("S3-FIFO"), EvictionPolicy.named("arc"),
                EvictionPolicy.named("caffeine"));
        roundTrips(r -> {
            CacheConfig.Builder<Object, Object> b = CacheConfig.builder().name(name(r))
                    .backend(pick(r, List.of("", "caffeine", "my backend", "ünï")))
                    .recordStats(r.nextBoolean());
            switch (r.nextInt(3)) {
                case 0 -> { } // unbounded
                case 1 -> b.maximumSize(pick(r, List.of(0L, 1L, 10L, 1L << 40, Long.MAX_VALUE - 1)));
                default -> b.maximumSize(r.nextLong(Long.MAX_VALUE));
            }
            if (r.nextInt(3) == 0) {
                b.policy(EvictionPolicy.ttl(positive(r))).expireAfterAccess(duration(r));
            } else {
                b.policy(pick(r, named)).expireAfterWrite(duration(r)).expireAfterAccess(duration(r));
            }
            return b.build();
        }, CacheConfig::toProperties, p -> CacheConfig.fromProperties(p).build());
    }

    @Test
    void cache_configs_with_a_loader_read_back_equal_once_the_loader_is_added() {
        // The loader is set in code only; everything else is in the properties.
        roundTrips(r -> CacheConfig.builder().name(name(r)).loader(LOADER)
                        .policy(r.nextBoolean() ? EvictionPolicy.ttl(positive(r)) : EvictionPolicy.lfu())
                        .refreshAfterWrite(positive(r)).build(),
                CacheConfig::toProperties, p -> CacheConfig.fromProperties(p).loader(LOADER).build());
    }

    @Test
    void resource_configs_read_back_equal() {
        roundTrips(r -> ResourceConfig.builder().name(name(r)).cleanupTimeout(positive(r))
                        .leakDetection(pick(r, List.of(LeakDetection.values())))
                        .samplingInterval(pick(r, List.of(1, 2, 128, Integer.MAX_VALUE))).build(),
                ResourceConfig::toProperties, ResourceConfig::fromProperties);
    }

    @Test
    void share_configs_read_back_equal() {
        roundTrips(r -> ShareConfig.builder().name(name(r)).recordReads(r.nextBoolean())
                        .reloadDebounce(duration(r)).reloadPollInterval(positive(r))
                        .reloadWatchService(r.nextBoolean()).build(),
                ShareConfig::toProperties, p -> ShareConfig.fromProperties(p).build());
    }

    @Test
    void mapping_configs_read_back_equal() {
        roundTrips(r -> {
            MappingConfig.Mode mode = pick(r, List.of(MappingConfig.Mode.values()));
            long size = mode.writable() ? pick(r, List.of(0L, 1L, 4096L, 1L << 40, Long.MAX_VALUE)) : 0;
            return MappingConfig.builder().name(name(r)).mode(mode).size(size)
                    .arena(pick(r, List.of(MappingConfig.Arena.values()))).forceOnClose(r.nextBoolean()).build();
        }, MappingConfig::toProperties, p -> MappingConfig.fromProperties(p).build());
    }

    @Test
    void utility_configs_read_back_equal() {
        roundTrips(r -> {
            UtilityConfig.Builder b = UtilityConfig.builder().shutdownTimeout(positive(r))
                    .monitorLogLevel(pick(r, List.of(System.Logger.Level.values())));
            if (r.nextBoolean()) {
                b.provider(pick(r, List.of("standard", "lockfree", "my-provider", " padded ")));
            }
            return b.build();
        }, UtilityConfig::toProperties, UtilityConfig::fromProperties);
    }

    private static <C> void roundTrips(Function<Random, C> generator, Function<C, Properties> write,
                                       Function<Properties, C> read) {
        Random random = new Random(20261208L);
        for (int run = 0; run < RUNS; run++) {
            C config = generator.apply(random);
            Properties written = write.apply(config);
            String what = "run " + run + ": " + config + " written as " + written;
            C back = read.apply(written);
            assertEquals(config, back, what);
            assertEquals(written, write.apply(back), what);
            assertEquals(config, read.apply(throughText(written)), what + ", through their text form");
        }
    }

    /** @return the properties stored as text and loaded again, as from a file */
    private static Properties throughText(Properties properties) {
        try {
            StringWriter text = new StringWriter();
            properties.store(text, null);
            Properties loaded = new Properties();
            loaded.load(new StringReader(text.toString()));
            return loaded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(Random r) {
        return pick(r, NAMES);
    }

    private static Duration duration(Random r) {
        return r.nextInt(4) == 0 ? Duration.ofNanos(r.nextLong(Long.MAX_VALUE)) : pick(r, DURATIONS);
    }

    private static Duration positive(Random r) {
        Duration d = duration(r);
        return d.isZero() ? Duration.ofNanos(1) : d;
    }

    private static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }
}
