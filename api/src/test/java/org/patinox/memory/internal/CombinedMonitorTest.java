package org.patinox.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.Monitor;

final class CombinedMonitorTest {

    private static MonitorEvent event(EventKind kind) {
        return new MonitorEvent.Lifecycle(Instant.now(), "test", kind, Map.of());
    }

    /** Records what it receives; enabled for one kind only, or all when {@code only} is null. */
    private static final class Recorder implements Monitor {
        final EventKind only;
        final List<MonitorEvent> events = new CopyOnWriteArrayList<>();
        final AtomicInteger closes = new AtomicInteger();

        Recorder(EventKind only) {
            this.only = only;
        }

        @Override
        public boolean isEnabled(EventKind kind) {
            return only == null || only == kind;
        }

        @Override
        public void record(MonitorEvent event) {
            events.add(event);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void with_no_member_nothing_is_enabled() {
        CombinedMonitor none = new CombinedMonitor(List.of(), List.of());
        for (EventKind kind : EventKind.values()) {
            assertFalse(none.isEnabled(kind));
        }
    }

    @Test
    void a_kind_is_enabled_when_any_member_wants_it_and_goes_only_to_those() {
        Recorder opened = new Recorder(EventKind.UTILITIES_OPENED);
        Recorder all = new Recorder(null);
        CombinedMonitor m = new CombinedMonitor(List.of(opened), List.of(all));
        assertTrue(m.isEnabled(EventKind.UTILITIES_OPENED));
        assertTrue(m.isEnabled(EventKind.UTILITIES_CLOSED));
        m.record(event(EventKind.UTILITIES_OPENED));
        m.record(event(EventKind.UTILITIES_CLOSED));
        assertEquals(1, opened.events.size());
        assertEquals(2, all.events.size());
    }

    @Test
    void is_enabled_is_asked_once_at_installation() {
        AtomicInteger asked = new AtomicInteger();
        Monitor counting = new Monitor() {
            @Override
            public void record(MonitorEvent event) {
            }

            @Override
            public boolean isEnabled(EventKind kind) {
                asked.incrementAndGet();
                return true;
            }
        };
        CombinedMonitor m = new CombinedMonitor(List.of(counting), List.of());
        for (int i = 0; i < 100; i++) {
            m.isEnabled(EventKind.UTILITIES_OPENED);
        }
        assertEquals(EventKind.values().length, asked.get());
    }

    @Test
    void failures_of_one_member_reach_neither_the_caller_nor_the_others() {
        AtomicInteger attempts = new AtomicInteger();
        Monitor throwing = new Monitor() {
            @Override
            public void record(MonitorEvent event) {
                attempts.incrementAndGet();
                throw new IllegalStateException("injected");
            }

            @Override
            public void close() {
                throw new IllegalStateException("injected on close");
            }
        };
        Monitor brokenQuestion = new Monitor() {
            @Override
            public void record(MonitorEvent event) {
                throw new AssertionError("a monitor whose isEnabled threw is never called");
            }

            @Override
            public boolean isEnabled(EventKind kind) {
                throw new IllegalStateException("injected");
            }
        };
        Recorder after = new Recorder(null);
        CombinedMonitor m = new CombinedMonitor(List.of(), List.of(throwing, brokenQuestion, after));
        for (int i = 0; i < 3; i++) {
            m.record(event(EventKind.UTILITIES_OPENED));
        }
        m.close();
        assertEquals(3, attempts.get(), "a failing monitor stays installed");
        assertEquals(3, after.events.size());
        assertEquals(1, after.closes.get());
    }

    @Test
    void close_closes_only_owned_members_and_ends_delivery() {
        Recorder user = new Recorder(null);
        Recorder owned = new Recorder(null);
        CombinedMonitor m = new CombinedMonitor(List.of(user), List.of(owned));
        m.close();
        m.record(event(EventKind.UTILITIES_OPENED));
        assertEquals(0, user.closes.get());
        assertEquals(1, owned.closes.get());
        assertEquals(List.of(), user.events);
    }

    @Test
    void every_event_from_many_threads_reaches_every_member_exactly_once() throws InterruptedException {
        LongAdder first = new LongAdder();
        LongAdder second = new LongAdder();
        CombinedMonitor m = new CombinedMonitor(List.of(e -> first.increment()), List.of(e -> second.increment()));
        int threads = 16;
        int perThread = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        MonitorEvent e = event(EventKind.UTILITIES_OPENED);
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException ex) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    m.record(e);
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertEquals((long) threads * perThread, first.sum());
        assertEquals((long) threads * perThread, second.sum());
    }
    @Test
    void an_owned_member_is_closed_after_an_event_being_recorded_when_close_came_not_before_it() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The user's member comes first and holds the event; the owned one receives it after.
        Monitor holding = e -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        };
        List<String> order = new CopyOnWriteArrayList<>();
        Monitor owned = new Monitor() {
            @Override
            public void record(MonitorEvent event) {
                order.add("record");
            }

            @Override
            public void close() {
                order.add("close");
            }
        };
        CombinedMonitor m = new CombinedMonitor(List.of(holding), List.of(owned));
        Thread recorder = Thread.ofPlatform().start(() -> m.record(event(EventKind.UTILITIES_OPENED)));
        try {
            assertTrue(inside.await(30, java.util.concurrent.TimeUnit.SECONDS));
            m.close();
        } finally {
            release.countDown();
        }
        recorder.join();
        assertEquals(List.of("record", "close"), order, "the owned monitor is given an event after its close");
        m.close();
        assertEquals(List.of("record", "close"), order, "a second close closed it again");
    }
}
