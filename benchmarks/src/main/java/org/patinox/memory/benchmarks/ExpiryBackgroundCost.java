package org.patinox.memory.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.RemovalCause;

/**
 * The background CPU of expiry: a cache of N entries written evenly over the last E seconds with
 * {@code expireAfterWrite} E (so that N / E entries expire each second, 1% for E = 100), left
 * alone for S seconds, while the process's CPU time, the entries expired by background work and
 * those left expired in the map are measured. Uses only API that every version has
 * ({@code expireAfterWrite}, a ticker), so that the same class runs against an older build's jars.
 *
 * <pre>
 * java -Xmx8g -cp api.jar:impl.jar:benchmarks-classes org.patinox.memory.benchmarks.ExpiryBackgroundCost \
 *     standard 1000000 100 20
 * </pre>
 *
 * <p>Arguments: provider ({@code standard} or {@code lockfree}), entries, expiry in seconds,
 * measured seconds. The writes' times are set through the ticker (a fake time while filling, then
 * the real clock shifted to continue it), so filling takes no E seconds.
 */
public final class ExpiryBackgroundCost {

    private ExpiryBackgroundCost() {
    }

    /** The cache's clock: a set time while filling, then {@code System.nanoTime()} shifted to follow on. */
    private static final class Clock implements LongSupplier {
        private volatile boolean fixed = true;
        private volatile long time;
        private volatile long shift;

        @Override
        public long getAsLong() {
            return fixed ? time : System.nanoTime() + shift;
        }

        void release() {
            shift = time - System.nanoTime();
            fixed = false;
        }
    }

    /**
     * @param args provider, entries, expiry seconds, measured seconds
     * @throws InterruptedException if interrupted while measuring
     */
    public static void main(String[] args) throws InterruptedException {
        String provider = args.length > 0 ? args[0] : "standard";
        int entries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        long expirySeconds = args.length > 2 ? Long.parseLong(args[2]) : 100;
        long measured = args.length > 3 ? Long.parseLong(args[3]) : 20;
        long expiry = TimeUnit.SECONDS.toNanos(expirySeconds);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        Clock clock = new Clock();
        long start = 1L << 40;
        clock.time = start;
        LongAdder expired = new LongAdder();
        try (MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.builder().provider(provider).build())) {
            Cache<Integer, String> cache = memory.cache(CacheConfig.<Integer, String>builder().ticker(clock)
                    .expireAfterWrite(Duration.ofNanos(expiry)).recordStats(false)
                    .removalListener((Integer k, String v, RemovalCause cause) -> {
                        if (cause == RemovalCause.EXPIRED) {
                            expired.increment();
                        }
                    }).build());
            String value = "value";
            long fillStart = System.nanoTime();
            for (int i = 0; i < entries; i++) {
                // Written evenly over [start, start + expiry): the oldest expire first, 1/E of them a second.
                clock.time = start + (long) ((double) i / entries * expiry);
                cache.put(i, value);
            }
            long fillNanos = System.nanoTime() - fillStart;
            clock.time = start + expiry; // now: the oldest entry is due
            clock.release();
            System.gc();
            Thread.sleep(1000); // let the collector and the JIT settle
            Map<Long, Long> threads0 = backgroundThreadCpu();
            long cpu0 = os.getProcessCpuTime();
            long expired0 = expired.sum();
            long wall0 = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(measured));
            long cpu = os.getProcessCpuTime() - cpu0;
            long background = 0;
            for (Map.Entry<Long, Long> e : backgroundThreadCpu().entrySet()) {
                background += e.getValue() - threads0.getOrDefault(e.getKey(), 0L);
            }
            long wall = System.nanoTime() - wall0;
            long removed = expired.sum() - expired0;
            long now = clock.getAsLong();
            // Entries still live: written at most `expiry` ago, that is at index >= (now - expiry - start) / expiry * N.
            long due = Math.min(entries, Math.max(0, (long) Math.ceil((double) (now - expiry - start) / expiry * entries)));
            long live = entries - due;
            long size = cache.size();
            double seconds = wall / 1e9;
            System.out.printf(Locale.ROOT, "%s entries=%d expiry=%ds fill=%.1fs measured=%.1fs process-cpu=%.1f ms/s "
                            + "background-threads-cpu=%.1f ms/s "
                            + "expired-in-background=%.0f/s (due %.0f/s) left-expired-in-map=%d (%.1f s of expiries)%n",
                    provider, entries, expirySeconds, fillNanos / 1e9, seconds, cpu / 1e6 / seconds,
                    background / 1e6 / seconds, removed / seconds,
                    (double) entries / expirySeconds, size - live,
                    (size - live) / ((double) entries / expirySeconds));
        }
    }

    /**
     * @return the CPU time so far of each thread that runs the caches' background work: the
     *     carriers of virtual threads ({@code ForkJoinPool-*}) and the instance's scheduler
     */
    private static Map<Long, Long> backgroundThreadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith("ForkJoinPool")
                    || info.getThreadName().endsWith("-scheduler"))) {
                long time = mx.getThreadCpuTime(info.getThreadId());
                if (time >= 0) {
                    cpu.put(info.getThreadId(), time);
                }
            }
        }
        return cpu;
    }
}
