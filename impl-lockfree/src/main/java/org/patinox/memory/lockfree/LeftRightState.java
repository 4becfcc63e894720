package org.patinox.memory.lockfree;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.patinox.memory.share.MutableSharedData;
import org.patinox.memory.share.ShareConfig;
import org.patinox.memory.share.SharingStats;
import org.patinox.memory.support.ReentryGuard;

/**
 * {@link MutableSharedData} by the left-right technique (Ramalhete and Correia, 2015): two copies
 * of the state, readers on one, the writer on the other. Readers never block and never retry: a
 * read announces itself on a read indicator, reads which copy is live, runs, and departs. A write
 * (writers take turns through a lock) is applied to the copy no reader is on, readers are switched
 * to it, the writer waits only until no reader is left on the other copy, then applies the same
 * write to that one.
 *
 * <h2>Why it is safe</h2>
 * There are two read indicators and a {@code versionIndex} saying which one arriving readers use.
 * After switching {@code live}, the writer waits for the indicator readers do not arrive on to be
 * empty, moves {@code versionIndex} to it, then waits for the other one to empty: every reader that
 * could have read the old {@code live} arrived before the switch, on one of the two, and has left
 * when both have been seen empty after it. New readers arrive on the indicator the writer is not
 * waiting on, so a stream of readers cannot hold the writer off.
 *
 * <h2>Memory ordering</h2>
 * A reader's arrival is an atomic increment and its read of {@code live} a volatile read; the
 * writer's switch of {@code live} is a volatile write followed by volatile reads of the indicator:
 * sequential consistency guarantees that the writer sees the reader's arrival or the reader sees
 * the new {@code live} (Dekker). A reader's departure (an atomic decrement) happens-before the
 * writer's read of the empty indicator, hence before the writer changes the copy it read; the
 * writer's changes to a copy precede its volatile write of {@code live} that sends readers to it.
 *
 * <p>Each indicator is an {@link AtomicLongArray} of counters striped by a hash of the thread's id,
 * one per 128 bytes so that readers on different stripes share no cache line; a reader departs
 * from the stripe it arrived on, so no counter goes below 0 and a zero counter means no reader on
 * that stripe. Re-entry is refused by {@link ReentryGuard}: a write from a read would wait for its
 * own read for ever.
 *
 * @param <T> the type of the state
 */
final class LeftRightState<T> implements MutableSharedData<T> {

    /** Longs per stripe: 128 bytes, two cache lines, against adjacent-line prefetching. */
    private static final int PAD = 16;
    private static final int STRIPES = stripes(Runtime.getRuntime().availableProcessors());
    private static final int SPINS = 128;
    private static final long PARK_NANOS = 20_000;

    private final String name;
    private final T left;
    private final T right;
    private final AtomicLongArray[] indicators = {
            new AtomicLongArray(STRIPES * PAD), new AtomicLongArray(STRIPES * PAD)};
    private final ReentrantLock writers = new ReentrantLock();
    private final ReentryGuard guard;
    private final boolean recordReads;
    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    /** 0: readers read {@code left}; 1: {@code right}. */
    private volatile int live;
    /** The indicator arriving readers announce themselves on. */
    private volatile int versionIndex;

    LeftRightState(Supplier<? extends T> factory, ShareConfig config) {
        this.left = Objects.requireNonNull(factory.get(), "the factory returned null");
        this.right = Objects.requireNonNull(factory.get(), "the factory returned null");
        if (left == right) {
            throw new IllegalStateException("MutableSharedData " + config.name() + ": the factory returned the same"
                    + " object twice; the lockfree implementation keeps two copies of the state and needs a new one"
                    + " from each call");
        }
        this.name = config.name();
        this.recordReads = config.recordReads();
        this.guard = new ReentryGuard("MutableSharedData " + name, "a read or write callback");
    }

    /** @return a power of two, four stripes per processor, between 8 and 256 */
    static int stripes(int processors) {
        int wanted = Math.clamp(processors * 4L, 8, 256);
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    private static int stripe() {
        long h = Thread.currentThread().threadId() * 0x9E37_79B9_7F4A_7C15L;
        return ((int) (h >>> 40) & (STRIPES - 1)) * PAD;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public <R> R read(Function<? super T, ? extends R> reader) {
        Objects.requireNonNull(reader, "reader");
        boolean[] mark = guard.enter("read");
        try {
            AtomicLongArray indicator = indicators[versionIndex];
            int stripe = stripe();
            indicator.getAndIncrement(stripe);
            try {
                if (recordReads) {
                    reads.increment();
                }
                return reader.apply(live == 0 ? left : right);
            } finally {
                indicator.getAndDecrement(stripe);
            }
        } finally {
            ReentryGuard.exit(mark);
        }
    }

    @Override
    public void write(Consumer<? super T> writer) {
        Objects.requireNonNull(writer, "writer");
        written("write", s -> {
            writer.accept(s);
            return null;
        });
    }

    @Override
    public <R> R writeAndGet(Function<? super T, ? extends R> writer) {
        Objects.requireNonNull(writer, "writer");
        return written("writeAndGet", writer);
    }

    private <R> R written(String call, Function<? super T, ? extends R> writer) {
        boolean[] mark = guard.enter(call);
        try {
            writers.lock();
            try {
                int readersOn = live;
                R result = null;
                Throwable failure = null;
                try {
                    result = writer.apply(readersOn == 0 ? right : left);
                } catch (Throwable e) {
                    failure = e;
                }
                live = 1 - readersOn;
                drainReadersOf();
                try {
                    // The first application's result is the one returned; this one is the same by contract.
                    var _ = writer.apply(readersOn == 0 ? left : right);
                } catch (Throwable e) {
                    if (failure == null) {
                        failure = new IllegalStateException("MutableSharedData " + name + ": the " + call + " callback"
                                + " threw on the second copy only, so the copies now differ; a write callback must"
                                + " change its argument deterministically", e);
                    }
                }
                if (failure != null) {
                    throw rethrown(failure);
                }
                writes.increment();
                return result;
            } finally {
                writers.unlock();
            }
        } finally {
            ReentryGuard.exit(mark);
        }
    }

    /** Waits until no reader is left that may read the copy {@code live} no longer names. */
    private void drainReadersOf() {
        int previous = versionIndex;
        int next = 1 - previous;
        awaitEmpty(indicators[next]);
        versionIndex = next;
        awaitEmpty(indicators[previous]);
    }

    private static void awaitEmpty(AtomicLongArray indicator) {
        for (int stripe = 0; stripe < STRIPES * PAD; stripe += PAD) {
            int spins = 0;
            while (indicator.get(stripe) != 0) {
                // Reads are short callbacks: spin a little, then park, which leaves the processor to a
                // reader the system preempted mid-read (Thread.yield would let spinning readers run instead).
                if (spins < SPINS) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(PARK_NANOS);
                }
            }
        }
    }

    private static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            return e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        // A checked exception thrown undeclared (sneakily) by the callback.
        return new IllegalStateException("the write callback threw " + failure, failure);
    }

    @Override
    public SharingStats stats() {
        return new SharingStats(reads.sum(), writes.sum(), 0);
    }

    @Override
    public String toString() {
        return "MutableSharedData " + name + " " + stats();
    }
}
