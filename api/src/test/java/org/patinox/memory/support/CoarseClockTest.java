package org.patinox.memory.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The return path's coarse clock: when a pool gets one, how fine it ticks, and that it stops. */
class CoarseClockTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void noClockWhenNoDurationIsOnOrOneIsTooShortForTheMinimumTick() {
        assertNull(CoarseClock.forDurations(0L, 0L, -1L), "nothing reads the time of use");
        assertNull(CoarseClock.forDurations(499 * MS, 30_000 * MS, 0L), "499 ms needs a tick under 10 ms");
        assertNotNull(CoarseClock.forDurations(500 * MS, 30_000 * MS, 0L), "500 ms allows a 10 ms tick");
    }

    @Test
    void ticksAFiftiethOfTheShortestDurationWithinTenMillisecondsAndOneSecond() {
        assertEquals(10 * MS, CoarseClock.forDurations(500 * MS, 0L, 1_800_000 * MS).tickNanos());
        assertEquals(600 * MS, CoarseClock.forDurations(0L, 30_000 * MS, 600_000 * MS).tickNanos());
        assertEquals(1_000 * MS, CoarseClock.forDurations(Long.MAX_VALUE / 2, Long.MAX_VALUE).tickNanos(),
                "a duration of no limit ticks once a second");
    }

    @Test
    void readingsAreNeverAheadOfTheExactClockAndAdvanceWithTheTicks() throws InterruptedException {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        try {
            CoarseClock clock = CoarseClock.forDurations(500 * MS);
            clock.start(scheduler, () -> false);
            long first = clock.nanos();
            assertTrue(first <= System.nanoTime());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long later = first;
            while (later == first && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
                later = clock.nanos();
            }
            assertTrue(later > first, "a tick moved the clock on");
            assertTrue(later <= System.nanoTime(), "never ahead of the exact clock");
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void theTickCancelsItselfOnceStopped() throws InterruptedException {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        scheduler.setRemoveOnCancelPolicy(true);
        try {
            AtomicBoolean stopped = new AtomicBoolean();
            CoarseClock.forDurations(500 * MS).start(scheduler, stopped::get);
            assertEquals(1, scheduler.getQueue().size(), "the tick is scheduled");
            stopped.set(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!scheduler.getQueue().isEmpty() && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
            assertTrue(scheduler.getQueue().isEmpty(), "a stopped clock leaves no task behind");
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void aClockWhoseSchedulerRefusesTheTickReadsTheExactTime() throws InterruptedException {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        scheduler.shutdown();
        CoarseClock clock = CoarseClock.forDurations(500 * MS);
        clock.start(scheduler, () -> false);
        long first = clock.nanos();
        Thread.sleep(2);
        assertTrue(clock.nanos() > first, "no tick, so every reading is the exact clock");
    }
}
