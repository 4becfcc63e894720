package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.share.ConfigData;
import org.patinox.memory.share.ConfigSource;
import org.patinox.memory.share.MutableSharedData;
import org.patinox.memory.share.ShareConfig;
import org.patinox.memory.share.SharedData;
import org.patinox.memory.share.Versioned;

/**
 * Data sharing under many threads, platform and virtual, with invariants: no reader sees a torn
 * snapshot or state (two fields that always agree), writers progress while readers spin, even
 * readers that read back to back, far more of them than processors, every
 * subscriber sees strictly increasing versions, each one exactly as published, whatever a throwing
 * or a blocked subscriber does, readers never wait for a reload or a validator, and a file replaced
 * by rename, round after round, ends at its last content with no mixed value ever seen.
 */
@Timeout(180)
@Tag("stress")
public abstract class ShareStressContract {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** The instance of the current test, closed after it. */
    protected MemoryUtilities memory;

    /** @return the name of the implementation under test, such as {@code standard} */
    protected abstract String providerName();

    /** @return writes each writer thread makes; readers run until the writers are done */
    protected int writesPerWriter() {
        return 20_000;
    }

    @BeforeEach
    void open_a_fresh_instance() {
        memory = MemoryUtilities.open(UtilityConfig.builder().provider(providerName())
                .shutdownTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void close_the_instance() {
        memory.close();
    }

    /** A value whose fields always agree: {@code b == -a}. */
    record Pair(long a, long b) {
    }

    /** Runs writers, and readers until the writers are done; returns what went wrong. */
    private static List<String> race(int writers, Writer write, int platformReaders, int virtualReaders,
                                     ReaderCheck read) throws Exception {
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        // Set when the test ends, however it ends: readers and writers ignore interruption.
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder reads = new LongAdder();
        // A start flag that threads spin on, not a latch: a latch wakes its waiters one after the
        // other, each woken one waking the next, and a woken virtual thread may wait for a carrier
        // for as long as the spinning readers hold both (over a minute here, on two cores), which kept
        // the writers, last in line, from ever starting.
        AtomicBoolean go = new AtomicBoolean();
        List<Future<?>> readerFutures = new ArrayList<>();
        List<Future<?>> writerFutures = new ArrayList<>();
        try (ExecutorService platform = Executors.newFixedThreadPool(platformReaders + writers);
             ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int r = 0; r < platformReaders + virtualReaders; r++) {
                ExecutorService on = r < platformReaders ? platform : virtual;
                readerFutures.add(on.submit(() -> {
                    awaitStart(go, on == virtual);
                    long last = Long.MIN_VALUE;
                    long count = 0;
                    // At least some reads, then as long as writers write: they must progress meanwhile.
                    while (!stop.get() && (count < 1_000 || writing.get())) {
                        long seen = read.check(problems);
                        if (seen < last) {
                            problems.add("went back from " + last + " to " + seen);
                        }
                        last = seen;
                        count++;
                        if (on == virtual && (count & 255) == 0) {
                            Thread.yield();
                        }
                    }
                    reads.add(count);
                    return null;
                }));
            }
            for (int w = 0; w < writers; w++) {
                writerFutures.add(platform.submit(() -> {
                    awaitStart(go, false);
                    write.run(stop);
                    return null;
                }));
            }
            go.set(true);
            try {
                for (Future<?> f : writerFutures) {
                    f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS); // writers starved by readers time out here
                }
                writing.set(false);
                for (Future<?> f : readerFutures) {
                    f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                }
            } finally {
                stop.set(true);
            }
        }
        assertTrue(reads.sum() >= 1_000L * (platformReaders + virtualReaders));
        return List.copyOf(problems).subList(0, Math.min(problems.size(), 10));
    }

    /** Spins until the race starts, leaving the carrier to others when on a virtual thread. */
    private static void awaitStart(AtomicBoolean go, boolean virtual) {
        while (!go.get()) {
            if (virtual) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** One writer's writes, until done or told to stop. */
    @FunctionalInterface
    private interface Writer {
        void run(AtomicBoolean stop);
    }

    /** One read with its check; returns a value that must never decrease for one reader. */
    @FunctionalInterface
    private interface ReaderCheck {
        long check(ConcurrentLinkedQueue<String> problems);
    }

    @Test
    void no_reader_sees_a_torn_snapshot_of_shared_data() throws Exception {
        SharedData<Pair> data = memory.shared(new Pair(0, 0));
        int writes = writesPerWriter();
        List<String> problems = race(2, stop -> {
            for (int i = 0; i < writes && !stop.get(); i++) {
                data.update(p -> new Pair(p.a() + 1, p.b() - 1));
            }
        }, 4, 32, found -> {
            Pair p = data.get();
            if (p.a() != -p.b()) {
                found.add("torn " + p);
            }
            return p.a();
        });
        assertEquals(List.of(), problems);
        assertEquals(new Pair(2L * writes, -2L * writes), data.get());
        assertEquals(2L * writes, data.stats().writes());
    }

    @Test
    void no_reader_sees_a_torn_state_and_writers_progress_while_readers_spin() throws Exception {
        MutableSharedData<long[]> data = memory.mutableShared(() -> new long[2]);
        // Left-right's writer waits for readers still on the copy it is about to change: one that the
        // operating system preempted mid-read holds it up until it runs again. Spinning platform
        // readers far beyond the processors make that wait a scheduler's round each time, so most
        // readers here are virtual threads, which take no more processors than their carriers.
        int writes = writesPerWriter() / 40;
        List<String> problems = race(2, stop -> {
            for (int i = 0; i < writes && !stop.get(); i++) {
                data.write(s -> {
                    s[0]++;
                    spin(2);
                    s[1]++;
                });
            }
        }, 2, 16, found -> {
            long[] seen = data.read(s -> {
                long a = s[0];
                spin(16); // a reader left on a copy being written sees the fields disagree
                return new long[] {a, s[1]};
            });
            spin(64); // readers inside a read nearly all the time would make each write wait for the scheduler
            if (seen[0] != seen[1]) {
                found.add("torn " + seen[0] + "/" + seen[1]);
            }
            return seen[0];
        });
        assertEquals(List.of(), problems);
        assertEquals(2L * writes, (long) data.<Long>read(s -> s[0]));
        data.write(s -> { });
        assertEquals(2L * writes, (long) data.<Long>read(s -> s[1]), "both copies hold every write");
        assertEquals(2L * writes + 1, data.stats().writes());
    }

    @Test
    void writers_progress_while_many_readers_read_back_to_back() throws Exception {
        MutableSharedData<long[]> data = memory.mutableShared(() -> new long[2]);
        // Readers with no pause between reads, far more than the processors, so that some reader is
        // nearly always inside a read: a lock that lets a new reader in while a writer waits can
        // starve the writers. A non-fair ReentrantReadWriteLock (its readers only yield to a writer
        // first in its queue) starved them for minutes here on a loaded machine; on a quiet one it
        // gets through, so this catches starvation when the scheduler makes it likely, not always.
        // The writers start once the readers are in full swing.
        int writes = writesPerWriter() / 20;
        LongAdder readsSoFar = new LongAdder();
        List<String> problems = race(2, stop -> {
            while (readsSoFar.sum() < 20_000 && !stop.get()) {
                Thread.onSpinWait();
            }
            for (int i = 0; i < writes && !stop.get(); i++) {
                data.write(s -> {
                    s[0]++;
                    s[1]++;
                });
            }
        }, 4, 32, found -> {
            long[] seen = data.read(s -> new long[] {s[0], s[1]});
            readsSoFar.increment();
            if (seen[0] != seen[1]) {
                found.add("torn " + seen[0] + "/" + seen[1]);
            }
            return seen[0];
        });
        assertEquals(List.of(), problems);
        assertEquals(2L * writes, (long) data.<Long>read(s -> s[0]));
        assertEquals(2L * writes, data.stats().writes());
    }

    @Test
    void the_concurrent_map_loses_no_update_under_contention() throws Exception {
        ConcurrentMap<Integer, Long> map = memory.concurrentMap();
        int threads = 8;
        int rounds = writesPerWriter();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        int key = (i * 31 + seed) & 63;
                        if ((i & 1) == 0) {
                            map.merge(key, 1L, Long::sum);
                        } else {
                            map.compute(key, (k, v) -> v == null ? 1L : v + 1);
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        }
        assertEquals((long) threads * rounds, map.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void every_subscriber_sees_strictly_increasing_versions_whatever_a_throwing_or_blocked_one_does() throws Exception {
        try (LogCapture log = LogCapture.of(ShareContract.SHARE_LOGGER)) {
            ConfigData<Pair> config = memory.config(new Pair(0, 0),
                    List.<ConfigData.Validator<Pair>>of(p -> {
                        if (p.a() != -p.b()) {
                            throw new IllegalArgumentException("torn");
                        }
                    }));
            Map<Long, Pair> published = new ConcurrentHashMap<>();
            published.put(1L, new Pair(0, 0));
            int subscribers = 8;
            List<List<Versioned<Pair>>> seen = new ArrayList<>();
            for (int s = 0; s < subscribers; s++) {
                List<Versioned<Pair>> mine = new CopyOnWriteArrayList<>();
                seen.add(mine);
                config.subscribe(mine::add);
            }
            List<Versioned<Pair>> slow = new CopyOnWriteArrayList<>();
            config.subscribe(v -> {
                slow.add(v);
                sleep(1);
            });
            List<Versioned<Pair>> throwing = new CopyOnWriteArrayList<>();
            config.subscribe(v -> {
                throwing.add(v);
                throw new IllegalStateException("subscriber failure on purpose");
            });
            CountDownLatch release = new CountDownLatch(1);
            List<Versioned<Pair>> blocked = new CopyOnWriteArrayList<>();
            config.subscribe(v -> {
                blocked.add(v);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // Every first delivery done (the blocked one's under way): version 1 is each one's first.
            eventually(() -> seen.stream().allMatch(l -> !l.isEmpty()) && !slow.isEmpty() && !throwing.isEmpty()
                    && !blocked.isEmpty());
            int updaters = 4;
            int updates = 500;
            try (ExecutorService pool = Executors.newFixedThreadPool(updaters)) {
                List<Future<?>> futures = new ArrayList<>();
                for (int u = 0; u < updaters; u++) {
                    long base = (u + 1) * 1_000_000L;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < updates; i++) {
                            Versioned<Pair> v = config.update(new Pair(base + i, -(base + i)));
                            published.put(v.version(), v.value());
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                }
            }
            long last = 1L + (long) updaters * updates;
            assertEquals(last, config.current().version());
            eventually(() -> seen.stream().allMatch(l -> !l.isEmpty() && l.getLast().version() == last)
                    && !slow.isEmpty() && slow.getLast().version() == last
                    && !throwing.isEmpty() && throwing.getLast().version() == last);
            assertEquals(1, blocked.size(), "the blocked subscriber is still in its first call");
            release.countDown();
            eventually(() -> blocked.getLast().version() == last);
            List<List<Versioned<Pair>>> all = new ArrayList<>(seen);
            all.add(slow);
            all.add(throwing);
            all.add(blocked);
            for (List<Versioned<Pair>> versions : all) {
                assertEquals(1L, versions.getFirst().version(), "the first delivery is the version current at subscription");
                for (int i = 0; i < versions.size(); i++) {
                    Versioned<Pair> v = versions.get(i);
                    assertEquals(published.get(v.version()), v.value(), "delivered as published");
                    if (i > 0) {
                        assertTrue(v.version() > versions.get(i - 1).version(), "reordered at " + i);
                    }
                }
            }
            assertTrue(log.has(Level.WARNING, "it keeps its subscription"));
        }
    }

    @Test
    void readers_never_wait_for_a_reload_nor_a_validator(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "a=1\n");
        CountDownLatch parserEntered = new CountDownLatch(1);
        CountDownLatch releaseParser = new CountDownLatch(1);
        CountDownLatch validatorEntered = new CountDownLatch(1);
        CountDownLatch releaseValidator = new CountDownLatch(1);
        ConfigData<Pair> config = memory.config(new Pair(0, 0),
                ShareConfig.builder().reloadDebounce(Duration.ofMillis(20)).reloadPollInterval(Duration.ofMillis(100)).build(),
                List.<ConfigData.Validator<Pair>>of(p -> {
                    if (p.a() == 99) {
                        validatorEntered.countDown();
                        await(releaseValidator);
                    }
                }));
        try (ConfigSource source = config.reloadFrom(file, (Properties p) -> {
            long a = Long.parseLong(p.getProperty("a"));
            if (a == 2) {
                parserEntered.countDown();
                await(releaseParser);
            }
            return new Pair(a, -a);
        })) {
            long before = config.current().version();
            Files.writeString(file, "a=2\n");
            assertTrue(parserEntered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            Thread updater = Thread.ofVirtual().start(() -> config.update(new Pair(99, -99)));
            assertTrue(validatorEntered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            // A reload and an update are both held inside user code: readers must still not wait.
            try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Long>> futures = new ArrayList<>();
                for (int r = 0; r < 16; r++) {
                    futures.add(readers.submit(() -> {
                        long sum = 0;
                        for (int i = 0; i < 100_000; i++) {
                            sum += config.current().value().a();
                        }
                        return sum;
                    }));
                }
                for (Future<Long> f : futures) {
                    assertEquals(100_000L, f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
                }
            }
            assertEquals(before, config.current().version());
            releaseValidator.countDown();
            updater.join(PATIENCE);
            releaseParser.countDown();
            eventually(() -> config.current().value().a() == 2);
            assertEquals(2, source.reloads());
        }
    }

    @Test
    void a_file_replaced_by_rename_round_after_round_ends_at_its_last_content_with_no_mix_seen(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "a=0\nb=0\n");
        ConfigData<Pair> config = memory.config(new Pair(-1, 1),
                ShareConfig.builder().reloadDebounce(Duration.ofMillis(10)).reloadPollInterval(Duration.ofMillis(50)).build(),
                List.<ConfigData.Validator<Pair>>of(p -> {
                    if (p.a() != -p.b()) {
                        throw new IllegalArgumentException("mixed " + p);
                    }
                }));
        List<Long> versions = new CopyOnWriteArrayList<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        config.subscribe(v -> {
            versions.add(v.version());
            if (v.value().a() != -v.value().b()) {
                problems.add("subscriber saw " + v);
            }
        });
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                Pair p = config.current().value();
                if (p.a() != -p.b()) {
                    problems.add("reader saw " + p);
                }
                reads.incrementAndGet();
            }
        });
        int rounds = 40;
        try (ConfigSource source = config.reloadFrom(file, (Properties p) ->
                new Pair(Long.parseLong(p.getProperty("a")), Long.parseLong(p.getProperty("b"))))) {
            for (int round = 1; round <= rounds; round++) {
                Path next = dir.resolve("next-" + round + ".properties");
                Files.writeString(next, "a=" + round + "\nb=-" + round + "\n");
                Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                if (round % 10 == 0) {
                    int expected = round;
                    eventually(() -> config.current().value().a() == expected);
                } else {
                    sleep(round % 3 * 7L);
                }
            }
            eventually(() -> config.current().value().a() == rounds);
            assertTrue(source.reloads() >= 5, "reloads: " + source.reloads());
        } finally {
            running.set(false);
            reader.join(PATIENCE);
        }
        long last = config.current().version();
        eventually(() -> !versions.isEmpty() && versions.getLast() == last);
        assertEquals(List.of(), List.copyOf(problems));
        for (int i = 1; i < versions.size(); i++) {
            assertTrue(versions.get(i) > versions.get(i - 1), "reordered: " + versions);
        }
        assertTrue(reads.get() > 0);
    }

    private static void spin(int pauses) {
        for (int i = 0; i < pauses; i++) {
            Thread.onSpinWait();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not so within " + PATIENCE);
            }
            Thread.sleep(10);
        }
    }

    /**
     * Closing a watched configuration while its directory keeps changing: the close cancels the
     * watch's key, and a watch that had just taken an event from that key found it cancelled and
     * reported the directory as no longer watchable, a WARNING with a stack and a {@code
     * SHARE_SOURCE_FAILED} event, on an ordinary close.
     */
    @Test
    void closing_a_watched_configuration_while_its_directory_changes_reports_no_failure(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("settings.properties");
        Files.writeString(file, "a=1\n");
        RecordingMonitor failures = new RecordingMonitor(java.util.Set.of(
                org.patinox.memory.monitor.EventKind.SHARE_SOURCE_FAILED));
        AtomicBoolean churning = new AtomicBoolean(true);
        Thread churn = Thread.ofPlatform().start(() -> {
            for (int i = 0; churning.get(); i++) {
                try {
                    Files.deleteIfExists(Files.writeString(dir.resolve("churn-" + (i % 8)), "x"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        try (LogCapture log = LogCapture.library();
             MemoryUtilities watched = MemoryUtilities.open(UtilityConfig.builder().provider(providerName())
                     .addMonitor(failures).build())) {
            // One close in a few hundred met the race before the fix.
            for (int round = 0; round < 1_000; round++) {
                ConfigData<String> settings = watched.config("none");
                settings.reloadFrom(file, p -> p.getProperty("a"));
                settings.close();
            }
            assertEquals(List.of(), failures.events().stream().map(Object::toString).toList());
            assertEquals(List.of(), log.records().stream().map(java.util.logging.LogRecord::getMessage).toList());
        } finally {
            churning.set(false);
            churn.join();
        }
    }
}
