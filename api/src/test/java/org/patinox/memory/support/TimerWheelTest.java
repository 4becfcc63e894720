package org.patinox.memory.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The timer wheel against a model (a map of the scheduled timers' deadlines): random schedules,
 * reschedules, deschedules and advances over many rounds, from seconds to weeks, on tickers that
 * start anywhere (near overflow too). No timer expires before its deadline, none twice, none more
 * than a bucket late after {@code advance}, none late at all after {@code expireDue}, and the
 * wheel's count and next delay agree with the model.
 */
final class TimerWheelTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long BUCKET = 1L << 30;

    /** A timer of the test: its deadline set by the test, its links the wheel's. */
    private static final class T implements TimerWheel.Timer {
        final int id;
        long deadline;
        TimerWheel.Timer previous;
        TimerWheel.Timer next;

        T(int id, long deadline) {
            this.id = id;
            this.deadline = deadline;
        }

        @Override
        public long deadline() {
            return deadline;
        }

        @Override
        public TimerWheel.Timer previousTimer() {
            return previous;
        }

        @Override
        public void previousTimer(TimerWheel.Timer timer) {
            previous = timer;
        }

        @Override
        public TimerWheel.Timer nextTimer() {
            return next;
        }

        @Override
        public void nextTimer(TimerWheel.Timer timer) {
            next = timer;
        }

        @Override
        public String toString() {
            return "T" + id + "@" + deadline;
        }
    }

    /** The model: the timers the wheel holds (a NEVER deadline is not held), and the checks of each expiry. */
    private static final class Model implements TimerWheel.Expirer<T> {
        final Map<Integer, T> held = new HashMap<>();
        final Set<Integer> expired = new HashSet<>();
        long now;

        @Override
        public boolean expire(T timer, long at) {
            assertEquals(now, at);
            if (held.remove(timer.id) == null) {
                fail(timer + " expired while not scheduled" + (expired.contains(timer.id) ? " (again)" : ""));
            }
            assertTrue(at - timer.deadline >= 0, timer + " expired early at " + at);
            assertFalse(TimerWheel.isScheduled(timer), "handed over unlinked");
            expired.add(timer.id);
            return true;
        }
    }

    private static long duration(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> 0;
            case 1 -> -random.nextInt(1000);
            case 2 -> random.nextLong(BUCKET);
            case 3 -> random.nextLong(70 * SECOND);
            case 4 -> random.nextLong(TimeUnit.HOURS.toNanos(2));
            case 5 -> random.nextLong(TimeUnit.DAYS.toNanos(2));
            case 6 -> random.nextLong(TimeUnit.DAYS.toNanos(30));
            case 7 -> (1L << 62) - random.nextInt(1000); // just short of never: 146 years
            default -> random.nextLong(10 * SECOND);
        };
    }

    private static long step(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 -> random.nextLong(1000);
            case 2 -> random.nextLong(BUCKET);
            case 3 -> random.nextLong(3 * BUCKET);
            case 4 -> random.nextLong(TimeUnit.MINUTES.toNanos(10));
            case 5 -> random.nextLong(TimeUnit.HOURS.toNanos(5));
            case 6 -> random.nextLong(TimeUnit.DAYS.toNanos(4));
            default -> random.nextLong(200 * TimeUnit.MILLISECONDS.toNanos(1));
        };
    }

    @Test
    void random_schedules_against_a_model_expire_exactly_the_due_timers() {
        for (long start : new long[] {0, 1_000_000_000_000L, -5 * SECOND, Long.MAX_VALUE - 3 * BUCKET,
                Long.MIN_VALUE + 7}) {
            for (int seed = 0; seed < 12; seed++) {
                run(start, new Random(seed * 31L + start));
            }
        }
    }

    private static void run(long start, Random random) {
        Model model = new Model();
        model.now = start;
        TimerWheel<T> wheel = new TimerWheel<>(start);
        List<T> all = new ArrayList<>();
        int ids = 0;
        for (int round = 0; round < 3000; round++) {
            int op = random.nextInt(20);
            if (op < 8) {
                T timer = new T(ids++, deadline(model.now, random));
                all.add(timer);
                wheel.schedule(timer);
                if (timer.deadline != TimerWheel.NEVER) {
                    model.held.put(timer.id, timer);
                }
            } else if (op < 11 && !all.isEmpty()) {
                T timer = all.get(random.nextInt(all.size()));
                timer.deadline = deadline(model.now, random);
                wheel.reschedule(timer);
                model.held.remove(timer.id);
                if (timer.deadline != TimerWheel.NEVER) {
                    model.held.put(timer.id, timer);
                }
            } else if (op < 13 && !all.isEmpty()) {
                T timer = all.get(random.nextInt(all.size()));
                wheel.deschedule(timer);
                model.held.remove(timer.id);
                assertFalse(TimerWheel.isScheduled(timer));
            } else if (op < 19) {
                model.now += step(random);
                wheel.advance(model.now, model);
                for (T timer : model.held.values()) {
                    assertTrue(timer.deadline - model.now > -BUCKET,
                            timer + " more than a bucket late after advance to " + model.now);
                }
            } else {
                model.now += step(random);
                wheel.expireDue(model.now, model);
                for (T timer : model.held.values()) {
                    assertTrue(timer.deadline - model.now > 0, timer + " due but left by expireDue at " + model.now);
                }
            }
            assertEquals(model.held.size(), wheel.size(), "the wheel counts what the model holds");
            checkNextDelay(wheel, model);
        }
        // Then a long quiet run to far beyond every deadline but the 146-year ones: the cascade empties.
        model.now += TimeUnit.DAYS.toNanos(40);
        wheel.expireDue(model.now, model);
        for (T timer : model.held.values()) {
            assertTrue(timer.deadline - model.now > 0, timer + " left after 40 days");
        }
        assertEquals(model.held.size(), wheel.size());
    }

    private static long deadline(long now, Random random) {
        if (random.nextInt(25) == 0) {
            return TimerWheel.NEVER;
        }
        long deadline = now + duration(random);
        return deadline == TimerWheel.NEVER ? deadline + 1 : deadline;
    }

    /** The next delay is no later than a bucket after the earliest deadline: the pacer misses nothing. */
    private static void checkNextDelay(TimerWheel<T> wheel, Model model) {
        long delay = wheel.nextDelay();
        if (model.held.isEmpty()) {
            assertEquals(Long.MAX_VALUE, delay);
            return;
        }
        assertTrue(delay > 0, "a positive delay: " + delay);
        long earliest = Long.MAX_VALUE;
        for (T timer : model.held.values()) {
            earliest = Math.min(earliest, Math.max(0, timer.deadline - model.now));
        }
        // From the wheel's time, which is the model's unless the time went back (it never does here).
        assertTrue(delay <= earliest + BUCKET, "next delay " + delay + " past the earliest deadline " + earliest);
    }

    @Test
    void an_advance_takes_a_timer_in_the_bucket_after_its_deadline_and_cascades_from_days_ahead() {
        Model model = new Model();
        TimerWheel<T> wheel = new TimerWheel<>(0);
        T soon = new T(1, 100);
        T minute = new T(2, TimeUnit.SECONDS.toNanos(90));
        T days = new T(3, TimeUnit.DAYS.toNanos(9) + 5);
        for (T timer : List.of(soon, minute, days)) {
            wheel.schedule(timer);
            model.held.put(timer.id, timer);
        }
        model.now = BUCKET - 1;
        wheel.advance(model.now, model);
        assertEquals(Set.of(), model.expired, "the first bucket is taken once the time leaves it");
        model.now = BUCKET;
        wheel.advance(model.now, model);
        assertEquals(Set.of(1), model.expired);
        // Walk to the far deadline by hours: every step cascades the later timers closer, none early.
        while (model.now < days.deadline + BUCKET) {
            model.now += TimeUnit.HOURS.toNanos(1);
            wheel.advance(model.now, model);
            if (model.now - minute.deadline >= BUCKET) {
                assertTrue(model.expired.contains(2));
            }
        }
        assertEquals(Set.of(1, 2, 3), model.expired);
        assertEquals(0, wheel.size());
    }

    @Test
    void expire_due_also_takes_the_current_bucket() {
        Model model = new Model();
        TimerWheel<T> wheel = new TimerWheel<>(0);
        T due = new T(1, 10);
        T later = new T(2, 20);
        wheel.schedule(due);
        wheel.schedule(later);
        model.held.put(1, due);
        model.held.put(2, later);
        model.now = 15;
        wheel.advance(model.now, model);
        assertEquals(Set.of(), model.expired, "advance waits for the bucket's end");
        wheel.expireDue(model.now, model);
        assertEquals(Set.of(1), model.expired);
        assertEquals(1, wheel.size());
        assertTrue(TimerWheel.isScheduled(later));
    }

    @Test
    void a_timer_the_expirer_keeps_is_scheduled_again_and_one_it_throws_on_loses_nothing() {
        TimerWheel<T> wheel = new TimerWheel<>(0);
        List<T> timers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            T timer = new T(i, i);
            timers.add(timer);
            wheel.schedule(timer);
        }
        List<Integer> seen = new ArrayList<>();
        RuntimeException boom = new IllegalStateException("boom");
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> wheel.advance(BUCKET, (timer, now) -> {
            seen.add(timer.id);
            if (timer.id == 4) {
                throw boom;
            }
            return timer.id % 2 == 0; // odd ones are kept
        }));
        assertSame(boom, thrown);
        assertEquals(List.of(0, 1, 2, 3, 4), seen);
        assertEquals(10 - 2, wheel.size(), "0 and 2 went; the kept, the thrower and the rest stay");
        Set<Integer> second = new HashSet<>();
        wheel.expireDue(BUCKET, (timer, now) -> second.add(timer.id));
        assertEquals(Set.of(1, 3, 4, 5, 6, 7, 8, 9), second);
        assertEquals(0, wheel.size());
        assertThrows(IllegalStateException.class, () -> {
            T twice = new T(99, 5);
            wheel.schedule(twice);
            wheel.schedule(twice);
        });
    }

    @Test
    void never_is_not_held_and_a_time_going_back_changes_nothing() {
        TimerWheel<T> wheel = new TimerWheel<>(1000);
        T never = new T(1, TimerWheel.NEVER);
        wheel.schedule(never);
        assertEquals(0, wheel.size());
        assertFalse(TimerWheel.isScheduled(never));
        assertEquals(Long.MAX_VALUE, wheel.nextDelay());
        T timer = new T(2, 1000 + 5 * BUCKET);
        wheel.schedule(timer);
        wheel.advance(1000 + 3 * BUCKET, (t, now) -> fail("not due"));
        wheel.advance(0, (t, now) -> fail("not due"));
        List<T> expired = new ArrayList<>();
        wheel.advance(1000 + 6 * BUCKET, (t, now) -> expired.add(t));
        assertEquals(List.of(timer), expired);
        timer.deadline = TimerWheel.NEVER;
        wheel.schedule(timer);
        assertEquals(0, wheel.size(), "a timer whose deadline became never leaves the wheel");
    }
}
