package org.patinox.memory.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;

/**
 * {@link MicrometerMonitor} recording from many threads at once, while another moves it to a new
 * registry: every event is counted exactly once, in one registry or the other, round after round.
 */
@Tag("stress")
final class MicrometerMonitorStressTest {

    private static final int THREADS = 8;
    private static final int EVENTS = 5_000;
    private static final String[] SOURCES = {"a", "b", "c", "d"};

    private static double count(MeterRegistry registry, String source, String kind) {
        Counter c = registry.find("patinox.resources.events").tags("registry", source, "kind", kind).counter();
        return c == null ? 0 : c.count();
    }

    private static long timed(MeterRegistry registry, String source) {
        Timer t = registry.find("patinox.resources.cleanup").tags("registry", source, "result", "cleaned").timer();
        return t == null ? 0 : t.count();
    }

    @Test
    void every_event_counts_once_while_threads_race_and_the_registry_changes() throws Exception {
        for (int round = 0; round < 10; round++) {
            SimpleMeterRegistry first = new SimpleMeterRegistry();
            SimpleMeterRegistry second = new SimpleMeterRegistry();
            MicrometerMonitor monitor = new MicrometerMonitor(first, Tags.empty());
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService threads = Executors.newFixedThreadPool(THREADS + 1)) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    done.add(threads.submit(() -> {
                        go.await();
                        for (int i = 0; i < EVENTS; i++) {
                            String source = SOURCES[(thread + i) % SOURCES.length];
                            EventKind kind = i % 2 == 0 ? EventKind.RESOURCE_CLEANED : EventKind.RESOURCE_LEAKED;
                            Map<String, Object> attributes = kind == EventKind.RESOURCE_CLEANED
                                    ? Map.of("durationNanos", 1_000L) : Map.of();
                            monitor.record(new MonitorEvent.ResourceEvent(Instant.now(), source, kind, attributes,
                                    java.util.Optional.empty()));
                        }
                        return null;
                    }));
                }
                done.add(threads.submit(() -> {
                    go.await();
                    Thread.sleep(1);
                    monitor.bindTo(second);
                    return null;
                }));
                go.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            }
            // Each thread sends each source EVENTS / SOURCES.length events, half of each kind.
            double perSourceAndKind = (double) THREADS * EVENTS / SOURCES.length / 2;
            for (String source : SOURCES) {
                assertEquals(perSourceAndKind, count(first, source, "resource_cleaned") + count(second, source,
                        "resource_cleaned"), "round " + round + ", source " + source);
                assertEquals(perSourceAndKind, count(first, source, "resource_leaked") + count(second, source,
                        "resource_leaked"), "round " + round + ", source " + source);
                assertEquals((long) perSourceAndKind, timed(first, source) + timed(second, source),
                        "round " + round + ", source " + source);
            }
            first.close();
            second.close();
        }
    }
}
