package org.patinox.memory.support;

/**
 * A hierarchical timer wheel of deadlines, as Caffeine's {@code TimerWheel} (after Varghese and
 * Lauck's hashed and hierarchical timing wheels): the expiry of both caches' entries, each entry
 * found in O(1) when it is scheduled, rescheduled or descheduled, and touched by {@link #advance}
 * only when its bucket comes due, so that the work of expiry grows with the entries that expire,
 * not with the entries held.
 *
 * <h2>Layout</h2>
 * Five levels of buckets, their spans powers of two of nanoseconds: 64 buckets of 2<sup>30</sup>
 * (1.07 s), 64 of 2<sup>36</sup> (1.14 min), 32 of 2<sup>42</sup> (1.22 h), 4 of 2<sup>47</sup>
 * (1.63 d), and one of 2<sup>49</sup> (6.5 d) for everything further. A timer goes to the lowest
 * level whose whole wheel covers its remaining time, into the bucket of its deadline. Each bucket is
 * an intrusive, circular, doubly linked list through the timers' own two links and a sentinel, so
 * that no timer costs an allocation. When the wheel's time crosses a bucket's boundary at a level,
 * {@link #advance} takes that bucket's timers: a due one is handed to the {@link Expirer}, any other
 * is scheduled again, lower down (the cascade); each timer therefore moves at most once per level.
 *
 * <h2>Precision</h2>
 * {@link #advance} expires a timer within one bucket of the lowest level (2<sup>30</sup> ns) after
 * its deadline; {@link #expireDue} also empties the current bucket, so that after it no timer whose
 * deadline passed is left. Deadlines may be anything a ticker gives, negative too: the wheel counts
 * from the time it was made, and compares deadlines by subtraction, which never overflows for a
 * deadline at most 2<sup>62</sup> ns ahead. A timer whose deadline is {@link #NEVER} is not held at
 * all: scheduling it links nothing, and one found so in a bucket is dropped.
 *
 * <p>Not thread-safe: the caches use it under their maintenance lock. A timer's deadline may be
 * changed by other threads; the wheel reads it when it schedules the timer and when the timer's
 * bucket comes due, and reschedules a timer found not yet due.
 *
 * @param <T> the type of the timers
 */
public final class TimerWheel<T extends TimerWheel.Timer> {

    /**
     * Something with a deadline that a wheel can hold: its two links are the wheel's alone, {@code
     * null} while the timer is not scheduled.
     */
    public interface Timer {
        /** @return the deadline, in ticker nanoseconds */
        long deadline();

        /** @return the previous timer in the bucket, or {@code null} when not scheduled */
        Timer previousTimer();

        /** @param timer the previous timer in the bucket */
        void previousTimer(Timer timer);

        /** @return the next timer in the bucket, or {@code null} when not scheduled */
        Timer nextTimer();

        /** @param timer the next timer in the bucket */
        void nextTimer(Timer timer);
    }

    /**
     * Told of each due timer.
     *
     * @param <T> the type of the timers
     */
    @FunctionalInterface
    public interface Expirer<T> {
        /**
         * @param timer a timer whose deadline passed, no longer scheduled
         * @param now the time of the advance
         * @return {@code true} when the timer is done with (expired, or no longer needs the wheel);
         *     {@code false} to have it scheduled again by its deadline
         */
        boolean expire(T timer, long now);
    }

    /** The deadline of a timer that never comes due: {@link Long#MIN_VALUE}. */
    public static final long NEVER = Long.MIN_VALUE;

    static final int[] BUCKETS = {64, 64, 32, 4, 1};
    static final int[] SHIFT = {30, 36, 42, 47, 49};
    /** The span of a bucket at each level; the last, repeated, bounds the top level. */
    static final long[] SPANS = {1L << 30, 1L << 36, 1L << 42, 1L << 47, 1L << 49};

    private final Sentinel[][] wheel = new Sentinel[BUCKETS.length][];
    /** The ticker's time that the wheel counts from. */
    private final long origin;
    /** The time of the last advance, relative to {@link #origin}: 0 or more. */
    private long time;
    private long size;

    /** @param now the ticker's time now: the wheel's origin */
    public TimerWheel(long now) {
        origin = now;
        for (int i = 0; i < BUCKETS.length; i++) {
            wheel[i] = new Sentinel[BUCKETS[i]];
            for (int j = 0; j < BUCKETS[i]; j++) {
                wheel[i][j] = new Sentinel();
            }
        }
    }

    /** @return the number of scheduled timers */
    public long size() {
        return size;
    }

    /** @return whether the timer is in this wheel (or another: its links are set) */
    public static boolean isScheduled(Timer timer) {
        return timer.nextTimer() != null;
    }

    /**
     * Schedules a timer that is not scheduled, by its deadline; one whose deadline is {@link #NEVER}
     * is left out.
     *
     * @param timer the timer
     * @throws IllegalStateException when it is scheduled already
     */
    public void schedule(T timer) {
        if (timer.nextTimer() != null) {
            throw new IllegalStateException("timer already scheduled: " + timer);
        }
        linkByDeadline(timer);
    }

    /** Schedules the timer by its deadline now, wherever it was (out, for {@link #NEVER}); O(1). */
    public void reschedule(T timer) {
        unlink(timer);
        linkByDeadline(timer);
    }

    /** Takes the timer out of the wheel, if it is in it; O(1). */
    public void deschedule(T timer) {
        unlink(timer);
    }

    /** Forgets every timer, leaving their links as they are: for a cache that is dropped whole. */
    public void clear() {
        for (Sentinel[] level : wheel) {
            for (Sentinel sentinel : level) {
                sentinel.previous = sentinel;
                sentinel.next = sentinel;
            }
        }
        size = 0;
    }

    /**
     * Moves the wheel's time to {@code now} and takes the buckets whose boundary it crossed: each
     * due timer goes to the expirer, the others are scheduled again. A time before the wheel's
     * changes nothing.
     *
     * @param now the ticker's time
     * @param expirer told of each due timer
     */
    public void advance(long now, Expirer<? super T> expirer) {
        long previous = time;
        long current = now - origin;
        if (current <= previous) {
            return;
        }
        time = current;
        for (int i = 0; i < SHIFT.length; i++) {
            long previousTicks = previous >>> SHIFT[i];
            long currentTicks = current >>> SHIFT[i];
            long delta = currentTicks - previousTicks;
            if (delta <= 0) {
                break;
            }
            Sentinel[] buckets = wheel[i];
            int mask = buckets.length - 1;
            int steps = (int) Math.min(1 + delta, buckets.length);
            int start = (int) (previousTicks & mask);
            for (int j = start; j < start + steps; j++) {
                process(buckets[j & mask], now, expirer);
            }
        }
    }

    /**
     * {@link #advance}, then the current bucket of the lowest level too: afterwards no scheduled
     * timer's deadline is at or before {@code now}. Costs the timers of that bucket (those due
     * within about a second), so it is for explicit clean-ups rather than every maintenance.
     *
     * @param now the ticker's time
     * @param expirer told of each due timer
     */
    public void expireDue(long now, Expirer<? super T> expirer) {
        advance(now, expirer);
        process(wheel[0][(int) ((time >>> SHIFT[0]) & (BUCKETS[0] - 1))], now, expirer);
    }

    /**
     * @return the nanoseconds from the wheel's time until an {@link #advance} would take a bucket
     *     that holds timers; {@link Long#MAX_VALUE} when the wheel is empty
     */
    public long nextDelay() {
        if (size == 0) {
            return Long.MAX_VALUE;
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < SHIFT.length; i++) {
            Sentinel[] buckets = wheel[i];
            int mask = buckets.length - 1;
            long ticks = time >>> SHIFT[i];
            long offset = time & (SPANS[i] - 1);
            for (int j = 0; j < buckets.length; j++) {
                Sentinel sentinel = buckets[(int) ((ticks + j) & mask)];
                if (sentinel.next != sentinel) {
                    // A higher bucket ahead cascades when the time enters it (the current one, holding
                    // timers a whole wheel ahead, when the time leaves it); a lowest bucket's timers
                    // are due within it, and expire when the time leaves it.
                    long delay = (i == 0 ? (long) (j + 1) << SHIFT[i] : j == 0 ? SPANS[i] : (long) j << SHIFT[i])
                            - offset;
                    best = Math.min(best, delay);
                    break;
                }
            }
        }
        return best;
    }

    /** @return the bucket of a deadline, from the wheel's time */
    private Sentinel bucket(long deadline) {
        long duration = deadline - (origin + time);
        long at;
        if (duration <= 0) {
            duration = 0;
            at = time;
        } else {
            at = time + duration;
        }
        for (int i = 0; i < SHIFT.length - 1; i++) {
            if (duration < SPANS[i + 1]) {
                return wheel[i][(int) ((at >>> SHIFT[i]) & (BUCKETS[i] - 1))];
            }
        }
        return wheel[SHIFT.length - 1][0];
    }

    /** Takes a bucket's timers: the due ones to the expirer, the others scheduled again. */
    @SuppressWarnings("unchecked") // every timer but the sentinels is a T, and sentinels end the list
    private void process(Sentinel sentinel, long now, Expirer<? super T> expirer) {
        Timer node = sentinel.next;
        if (node == sentinel) {
            return;
        }
        // Detached first: a timer scheduled again into this very bucket joins the new list, not this walk.
        sentinel.previous = sentinel;
        sentinel.next = sentinel;
        while (node != sentinel) {
            Timer next = node.nextTimer();
            node.previousTimer(null);
            node.nextTimer(null);
            size--;
            T timer = (T) node;
            try {
                long deadline = timer.deadline();
                if (deadline == NEVER || deadline - now > 0 || !expirer.expire(timer, now)) {
                    if (timer.nextTimer() == null) {
                        linkByDeadline(timer);
                    }
                }
            } catch (RuntimeException | Error e) {
                // Keep the rest of the bucket, and this timer unless the expirer took it: nothing is lost.
                if (timer.nextTimer() == null) {
                    linkByDeadline(timer);
                }
                for (Timer rest = next; rest != sentinel; ) {
                    Timer after = rest.nextTimer();
                    rest.previousTimer(null);
                    rest.nextTimer(null);
                    size--;
                    linkByDeadline(rest);
                    rest = after;
                }
                throw e;
            }
            node = next;
        }
    }

    /** Links the timer into the bucket of its deadline, unless that is {@link #NEVER}. */
    private void linkByDeadline(Timer timer) {
        long deadline = timer.deadline();
        if (deadline != NEVER) {
            link(bucket(deadline), timer);
        }
    }

    private void link(Sentinel sentinel, Timer timer) {
        Timer last = sentinel.previous;
        timer.previousTimer(last);
        timer.nextTimer(sentinel);
        last.nextTimer(timer);
        sentinel.previous = timer;
        size++;
    }

    private void unlink(Timer timer) {
        Timer next = timer.nextTimer();
        if (next == null) {
            return;
        }
        Timer previous = timer.previousTimer();
        previous.nextTimer(next);
        next.previousTimer(previous);
        timer.previousTimer(null);
        timer.nextTimer(null);
        size--;
    }

    /** The head of a bucket's circular list. */
    private static final class Sentinel implements Timer {
        private Timer previous = this;
        private Timer next = this;

        @Override
        public long deadline() {
            throw new UnsupportedOperationException("a sentinel has no deadline");
        }

        @Override
        public Timer previousTimer() {
            return previous;
        }

        @Override
        public void previousTimer(Timer timer) {
            previous = timer;
        }

        @Override
        public Timer nextTimer() {
            return next;
        }

        @Override
        public void nextTimer(Timer timer) {
            next = timer;
        }
    }
}
