package org.patinox.memory.lockfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.share.ShareConfig;

/**
 * Left-right's list of readers while threads come and go: short-lived virtual threads push readers
 * and prune the list while writers walk it, and no read sees a copy being written.
 */
@Tag("stress")
@Timeout(120)
final class LeftRightStateStressTest {

    @Test
    void readers_that_come_and_go_never_see_a_write_under_way_and_the_list_stays_pruned() throws Exception {
        LeftRightState<long[]> state = new LeftRightState<>(() -> new long[2], ShareConfig.builder().name("churn").build());
        int writesPerWriter = 100_000;
        ConcurrentLinkedQueue<String> torn = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        LongAdder reads = new LongAdder();
        LongAdder threads = new LongAdder();
        try (ExecutorService writers = Executors.newFixedThreadPool(2);
             ExecutorService spawners = Executors.newFixedThreadPool(2)) {
            Future<?>[] written = new Future<?>[2];
            for (int w = 0; w < 2; w++) {
                written[w] = writers.submit(() -> {
                    for (int i = 0; i < writesPerWriter; i++) {
                        state.write(s -> {
                            s[0]++;
                            Thread.onSpinWait();
                            s[1]++;
                        });
                    }
                });
            }
            for (int s = 0; s < 2; s++) {
                spawners.submit(() -> {
                    while (writing.get()) {
                        // Each virtual thread registers a reader, reads a few times and ends.
                        Thread reader = Thread.ofVirtual().start(() -> {
                            for (int r = 0; r < 8; r++) {
                                long[] seen = state.read(c -> {
                                    long a = c[0];
                                    Thread.onSpinWait();
                                    return new long[] {a, c[1]};
                                });
                                if (seen[0] != seen[1]) {
                                    torn.add(seen[0] + "/" + seen[1]);
                                }
                                reads.increment();
                            }
                        });
                        threads.increment();
                        reader.join();
                    }
                    return null;
                });
            }
            for (Future<?> w : written) {
                w.get(100, TimeUnit.SECONDS);
            }
            writing.set(false);
        }
        assertEquals(0, torn.size(), "reads that saw a write under way, the first ten: " + torn.stream().limit(10).toList());
        assertEquals(2L * writesPerWriter, (long) state.<Long>read(c -> c[0]));
        assertEquals(2L * writesPerWriter, (long) state.<Long>read(c -> c[1]));
        assertTrue(threads.sum() > 100, "reader threads started: " + threads.sum());
        assertEquals(8 * threads.sum(), reads.sum());
        assertTrue(state.listed() <= 256, "readers listed after " + threads.sum() + " ended threads: " + state.listed());
    }
}
