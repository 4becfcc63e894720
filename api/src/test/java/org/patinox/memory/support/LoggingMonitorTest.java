package org.patinox.memory.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;

/**
 * The implementations' logging monitor's queue under many producers: every event recorded is either
 * logged once, in its producer's order, or counted in a "Dropped" line; none is lost, none is
 * logged twice, whoever drains.
 */
final class LoggingMonitorTest {

    private static final Pattern DROPPED = Pattern.compile("Dropped (\\d+) monitor events");

    /** Collects what is logged; optionally throws on some events, as a failing handler would. */
    private static class CollectingLogger implements System.Logger {
        final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
        final AtomicBoolean failEveryTenth = new AtomicBoolean();
        final AtomicBoolean failAll = new AtomicBoolean();
        private int seen;

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (failAll.get()) {
                throw new IllegalStateException("handler down");
            }
            // Called by one drainer at a time (the drain flag), so a plain counter is enough.
            if (failEveryTenth.get() && level != Level.WARNING && ++seen % 10 == 0) {
                throw new IllegalStateException("handler failed");
            }
            messages.add(msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            log(level, bundle, format, (Throwable) null);
        }
    }

    private static MonitorEvent event(int producer, int sequence) {
        return new MonitorEvent.Lifecycle(Instant.EPOCH, "p" + producer + "-" + sequence, EventKind.UTILITIES_OPENED,
                Map.of());
    }

    /** Checks the invariant and returns the number of events logged. */
    private static long check(CollectingLogger logger, long recorded) {
        Pattern source = Pattern.compile("UTILITIES_OPENED p(\\d+)-(\\d+)");
        Map<Integer, Integer> last = new HashMap<>();
        long logged = 0;
        long dropped = 0;
        for (String message : logger.messages) {
            Matcher d = DROPPED.matcher(message);
            if (d.find()) {
                dropped += Long.parseLong(d.group(1));
                continue;
            }
            Matcher m = source.matcher(message);
            assertTrue(m.matches(), message);
            int producer = Integer.parseInt(m.group(1));
            int sequence = Integer.parseInt(m.group(2));
            Integer before = last.put(producer, sequence);
            assertTrue(before == null || before < sequence,
                    "producer " + producer + " logged " + sequence + " after " + before + ": out of order or twice");
            logged++;
        }
        assertEquals(recorded, logged + dropped, "logged " + logged + ", dropped " + dropped);
        return logged;
    }

    private static void produce(LoggingMonitor monitor, int producers, int perProducer) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread.Builder builder = p % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            threads.add(builder.start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    monitor.record(event(producer, i));
                    if (i % 512 == 0) {
                        // Some producers also drain, racing with the scheduled drain for the flag.
                        if (producer % 3 == 0) {
                            monitor.drain();
                        } else {
                            Thread.yield();
                        }
                    }
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
    }

    @Test
    void every_event_from_many_producers_is_logged_once_in_order_or_counted_dropped() throws Exception {
        int producers = 8;
        int perProducer = 5_000;
        for (int round = 0; round < 10; round++) {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            ExecutorService drainers = Executors.newVirtualThreadPerTaskExecutor();
            try {
                CollectingLogger logger = new CollectingLogger();
                LoggingMonitor monitor = LoggingMonitor.start(logger, System.Logger.Level.INFO, scheduler, drainers);
                produce(monitor, producers, perProducer);
                monitor.close();
                long logged = check(logger, (long) producers * perProducer);
                assertTrue(logged >= LoggingMonitor.CAPACITY || logged == (long) producers * perProducer,
                        "a full queue holds " + LoggingMonitor.CAPACITY + " events, and " + logged + " were logged");
            } finally {
                scheduler.shutdownNow();
                drainers.shutdownNow();
            }
        }
    }

    @Test
    void a_failing_log_handler_loses_no_count_and_the_drain_goes_on() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ExecutorService drainers = Executors.newVirtualThreadPerTaskExecutor();
        try {
            CollectingLogger logger = new CollectingLogger();
            logger.failEveryTenth.set(true);
            LoggingMonitor monitor = LoggingMonitor.start(logger, System.Logger.Level.INFO, scheduler, drainers);
            produce(monitor, 4, 2_000);
            monitor.close();
            long logged = check(logger, 4 * 2_000);
            assertTrue(logged > 0 && logged < 4 * 2_000, "every tenth event failed to log: " + logged);
        } finally {
            scheduler.shutdownNow();
            drainers.shutdownNow();
        }
    }

    @Test
    void a_logger_that_always_fails_neither_stops_the_caller_nor_loses_the_count() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ExecutorService drainers = Executors.newVirtualThreadPerTaskExecutor();
        try {
            CollectingLogger logger = new CollectingLogger();
            LoggingMonitor monitor = LoggingMonitor.start(logger, System.Logger.Level.INFO, scheduler, drainers);
            logger.failAll.set(true);
            for (int i = 0; i < 100; i++) {
                monitor.record(event(0, i));
            }
            monitor.drain(); // returns: the report of the drops fails too, and is kept
            assertTrue(logger.messages.isEmpty());
            logger.failAll.set(false);
            monitor.record(event(0, 100));
            monitor.close();
            assertEquals(List.of("Dropped 100 monitor events: the queue of " + LoggingMonitor.CAPACITY
                    + " was full or the log handler failed", "UTILITIES_OPENED p0-100"), List.copyOf(logger.messages));
        } finally {
            scheduler.shutdownNow();
            drainers.shutdownNow();
        }
    }

    @Test
    void close_returns_after_a_drain_running_on_another_thread_has_written_everything() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ExecutorService drainers = Executors.newVirtualThreadPerTaskExecutor();
        try {
            CountDownLatch inLogger = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CollectingLogger logger = new CollectingLogger() {
                @Override
                public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
                    if (msg.contains("p0-0")) {
                        inLogger.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    super.log(level, bundle, msg, thrown);
                }
            };
            LoggingMonitor monitor = LoggingMonitor.start(logger, System.Logger.Level.INFO, scheduler, drainers);
            monitor.record(event(0, 0));
            Thread drainer = Thread.ofVirtual().start(monitor::drain);
            inLogger.await();
            monitor.record(event(0, 1));
            Thread closer = Thread.ofVirtual().start(monitor::close);
            closer.join(200);
            assertTrue(closer.isAlive(), "close returned while a drain was still writing");
            release.countDown();
            closer.join();
            drainer.join();
            assertEquals(List.of("UTILITIES_OPENED p0-0", "UTILITIES_OPENED p0-1"), List.copyOf(logger.messages));
        } finally {
            scheduler.shutdownNow();
            drainers.shutdownNow();
        }
    }
}
