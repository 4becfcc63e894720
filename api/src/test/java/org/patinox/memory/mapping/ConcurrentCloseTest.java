package org.patinox.memory.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a shared mapping while other threads read it: every reader ends with an {@link
 * IllegalStateException} naming the mapping, never a crash, a wrong value or another exception.
 */
final class ConcurrentCloseTest {

    private static final MappableType<Long> LONGS = MappableType.ofLong(ByteOrder.LITTLE_ENDIAN);
    private static final int COUNT = 1 << 15;
    private static final int READERS = 4;
    private static final int ROUNDS = 40;

    @TempDir
    Path dir;

    @Test
    void readers_of_a_shared_mapping_closed_under_them_end_with_an_illegal_state_and_read_only_true_values()
            throws Exception {
        Path file = dir.resolve("shared.bin");
        Mapped mapped = new Mapped();
        try (MappedFile f = mapped.open(file, MappingConfig.create(8L * COUNT))) {
            MappedSlice<Long> s = f.slice(LONGS);
            for (int i = 0; i < COUNT; i++) {
                s.set(i, (long) i * 3);
            }
        }
        for (int round = 0; round < ROUNDS; round++) {
            MappedFile f = mapped.open(file, MappingConfig.readOnly());
            MappedSlice<Long> slice = f.slice(LONGS);
            CountDownLatch started = new CountDownLatch(READERS);
            List<AtomicReference<Throwable>> endings = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < READERS; t++) {
                AtomicReference<Throwable> ending = new AtomicReference<>();
                endings.add(ending);
                boolean bulk = t % 2 == 1;
                threads.add(Thread.ofPlatform().start(() -> {
                    long[] chunk = new long[1024];
                    boolean first = true;
                    try {
                        while (true) {
                            if (bulk) {
                                for (int from = 0; from < COUNT; from += chunk.length) {
                                    slice.copyTo(from, chunk, 0, chunk.length);
                                    for (int i = 0; i < chunk.length; i++) {
                                        if (chunk[i] != (long) (from + i) * 3) {
                                            throw new AssertionError("read " + chunk[i] + " at " + (from + i));
                                        }
                                    }
                                }
                            } else {
                                for (int i = 0; i < COUNT; i++) {
                                    long v = slice.get(i);
                                    if (v != (long) i * 3) {
                                        throw new AssertionError("read " + v + " at " + i);
                                    }
                                }
                            }
                            if (first) {
                                first = false;
                                started.countDown();
                            }
                        }
                    } catch (Throwable e) {
                        ending.set(e);
                        if (first) {
                            started.countDown();
                        }
                    }
                }));
            }
            assertTrue(started.await(60, TimeUnit.SECONDS));
            f.close();
            for (Thread t : threads) {
                assertTrue(t.join(java.time.Duration.ofSeconds(60)), "a reader did not end");
            }
            for (AtomicReference<Throwable> ending : endings) {
                Throwable e = ending.get();
                assertTrue(e instanceof IllegalStateException, "round " + round + ": " + e);
                assertTrue(e.getMessage().contains("shared.bin") && e.getMessage().contains("is closed"), e.getMessage());
            }
        }
        assertEquals(ROUNDS + 1, mapped.events.stream()
                .filter(e -> e.kind() == org.patinox.memory.monitor.EventKind.MAPPING_CLOSED).count());
    }

    @Test
    void readers_of_earlier_slices_keep_reading_true_values_while_another_thread_grows_the_file() throws Exception {
        Path file = dir.resolve("growing.bin");
        try (MappedFile f = new Mapped().open(file, MappingConfig.create(8L * COUNT))) {
            MappedSlice<Long> first = f.slice(LONGS);
            for (int i = 0; i < COUNT; i++) {
                first.set(i, (long) i * 5);
            }
            List<AtomicReference<Throwable>> failures = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean growing = new java.util.concurrent.atomic.AtomicBoolean(true);
            for (int t = 0; t < READERS; t++) {
                AtomicReference<Throwable> failure = new AtomicReference<>();
                failures.add(failure);
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        while (growing.get()) {
                            MappedSlice<Long> now = f.slice(LONGS);
                            for (int i = 0; i < COUNT; i++) {
                                if (first.get(i) != (long) i * 5 || now.get(i) != (long) i * 5) {
                                    throw new AssertionError("wrong value at " + i);
                                }
                            }
                            if (now.length() > COUNT && now.get(now.length() - 1) != 0L) {
                                throw new AssertionError("grown bytes are not zero");
                            }
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                }));
            }
            for (int round = 1; round <= ROUNDS; round++) {
                f.grow(8L * COUNT + 4096L * round);
            }
            growing.set(false);
            for (Thread t : threads) {
                assertTrue(t.join(java.time.Duration.ofSeconds(60)), "a reader did not end");
            }
            for (AtomicReference<Throwable> failure : failures) {
                assertEquals(null, failure.get());
            }
            assertEquals(8L * COUNT + 4096L * ROUNDS, f.byteSize());
        }
    }
}
