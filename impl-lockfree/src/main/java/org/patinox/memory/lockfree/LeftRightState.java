package org.patinox.memory.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
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
 * read announces itself, reads which copy is live, runs, and departs. A write (writers take turns
 * through a lock) is applied to the copy no reader is on, readers are switched to it, the writer
 * waits only until no reader is left on the other copy, then applies the same write to that one.
 *
 * <h2>Each thread announces its reads on a word of its own</h2>
 * Each thread that calls the instance has a {@link Reader}, found through a {@link ThreadLocal} and
 * linked into a list the writer walks. Its {@code seq} is odd while the thread reads, and only that
 * thread writes it: arriving is one volatile store and departing one release store, with no atomic
 * read-modify-write and no cache line another reader writes. After switching {@code live}, the
 * writer reads every reader's {@code seq} and, for each one it finds odd, waits until it changes:
 * that reader has then left the read it may have begun on the old copy. A reader that arrives again
 * meanwhile reads the new copy, so a stream of readers cannot hold the writer off (what the two
 * version indicators of the original technique are for). The same word refuses re-entry: a read or
 * a write while the thread's {@code seq} is odd or its {@code writing} flag set comes from a callback
 * of this instance, and a write from a read would wait for its own read for ever.
 *
 * <h2>Memory ordering</h2>
 * A reader's arrival is a volatile write of its {@code seq} followed by a volatile read of {@code
 * live}; the writer's switch is a volatile write of {@code live} followed by volatile reads of every
 * {@code seq}: sequential consistency guarantees that the writer sees the reader's arrival or the
 * reader sees the new {@code live} (Dekker). A reader is put on the list (a compare-and-set of its
 * head) before its first arrival, so a writer whose walk did not find it has it reading the new
 * {@code live}. A departure (release) seen by the writer (volatile read) happens-before the writer
 * changes the copy that was read; the writer's changes to a copy precede its volatile write of {@code
 * live} that sends readers to it.
 *
 * <h2>The list of readers</h2>
 * A thread's first call pushes its reader on the head; only a holder of {@code writers} unlinks one,
 * and only one whose thread has ended, never the head, so a push and an unlink never write the same
 * link. So that threads that come and go (virtual threads calling once each) cannot lengthen the
 * list without bound, a push that finds it twice as long as after the last pruning prunes it, when
 * {@code writers} is free.
 *
 * @param <T> the type of the state
 */
final class LeftRightState<T> implements MutableSharedData<T> {

    private static final int SPINS = 128;
    private static final long PARK_NANOS = 20_000;
    /** The list's length below which a push never prunes. */
    private static final int PRUNE_FLOOR = 64;
    private static final VarHandle SEQ;
    private static final VarHandle HEAD;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SEQ = lookup.findVarHandle(Reader.class, "seq", long.class);
            HEAD = lookup.findVarHandle(LeftRightState.class, "head", Reader.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One thread's announcement; its thread alone writes {@code seq} and {@code writing}. */
    static final class Reader {
        final Thread owner = Thread.currentThread();
        /** Odd while the thread reads. */
        volatile long seq;
        /** The thread is inside a write of the instance. */
        boolean writing;
        /** Set before the push publishes the reader; afterwards changed only under {@code writers}. */
        Reader next;
    }

    private final String name;
    private final String owner;
    private final T left;
    private final T right;
    private final ThreadLocal<Reader> readers = ThreadLocal.withInitial(this::register);
    private final ReentrantLock writers = new ReentrantLock();
    /** Readers on the list. */
    private final AtomicInteger listed = new AtomicInteger();
    private final boolean recordReads;
    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    /** 0: readers read {@code left}; 1: {@code right}. */
    private volatile int live;
    private volatile Reader head;
    /** The list's length past which a push prunes it. */
    private volatile int pruneAt = PRUNE_FLOOR;

    LeftRightState(Supplier<? extends T> factory, ShareConfig config) {
        this.left = Objects.requireNonNull(factory.get(), "the factory returned null");
        this.right = Objects.requireNonNull(factory.get(), "the factory returned null");
        if (left == right) {
            throw new IllegalStateException("MutableSharedData " + config.name() + ": the factory returned the same"
                    + " object twice; the lockfree implementation keeps two copies of the state and needs a new one"
                    + " from each call");
        }
        this.name = config.name();
        this.owner = "MutableSharedData " + name;
        this.recordReads = config.recordReads();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public <R> R read(Function<? super T, ? extends R> reader) {
        Objects.requireNonNull(reader, "reader");
        Reader me = readers.get();
        long seq = me.seq;
        if ((seq & 1) != 0 || me.writing) {
            throw refused("read");
        }
        me.seq = seq + 1;
        try {
            if (recordReads) {
                reads.increment();
            }
            return reader.apply(live == 0 ? left : right);
        } finally {
            SEQ.setRelease(me, seq + 2);
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
        Reader me = readers.get();
        if ((me.seq & 1) != 0 || me.writing) {
            throw refused(call);
        }
        me.writing = true;
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
            awaitReadersOfOldCopy();
            try {
                // The first application's result is the one returned; this one is the same by contract.
                var _ = writer.apply(readersOn == 0 ? left : right);
            } catch (Throwable e) {
                if (failure == null) {
                    failure = new IllegalStateException(owner + ": the " + call + " callback threw on the second"
                            + " copy only, so the copies now differ; a write callback must change its argument"
                            + " deterministically", e);
                }
            }
            if (failure != null) {
                // Only now, once both copies hold the same change: what the callback threw, unchanged.
                throw LeftRightState.<RuntimeException>rethrown(failure);
            }
            writes.increment();
            return result;
        } finally {
            writers.unlock();
            me.writing = false;
        }
    }

    /** Waits until every reader found reading after the switch of {@code live} has left that read. */
    private void awaitReadersOfOldCopy() {
        boolean interrupted = false;
        try {
            for (Reader r = head; r != null; r = r.next) {
                long seq = r.seq;
                int spins = 0;
                while ((seq & 1) != 0 && r.seq == seq) {
                    // Reads are short callbacks: spin a little, then park, which leaves the processor to a
                    // reader the system preempted mid-read (Thread.yield would let spinning readers run instead).
                    if (spins < SPINS) {
                        spins++;
                        Thread.onSpinWait();
                    } else if (r.owner.isAlive()) {
                        // An interrupt makes every park return at once, a spin that a virtual thread never
                        // leaves its carrier for: set aside while waiting, and restored, as a lock's wait does.
                        interrupted |= Thread.interrupted();
                        LockSupport.parkNanos(PARK_NANOS);
                    } else {
                        break; // it ended inside a read (an error thrown out of its departure): no reader is left
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The initial value of {@link #readers}: a reader for the calling thread, put on the list. */
    private Reader register() {
        Reader reader = new Reader();
        Reader first;
        do {
            first = head;
            reader.next = first;
        } while (!HEAD.compareAndSet(this, first, reader));
        if (listed.incrementAndGet() > pruneAt && writers.tryLock()) {
            try {
                prune();
            } finally {
                writers.unlock();
            }
        }
        return reader;
    }

    /** Unlinks the readers of threads that have ended, but not the head; holds {@code writers}. */
    private void prune() {
        Reader previous = head;
        int length = 1;
        for (Reader r = previous.next; r != null; r = r.next) {
            if (r.owner.isAlive()) {
                previous = r;
                length++;
            } else {
                previous.next = r.next;
                listed.decrementAndGet();
            }
        }
        pruneAt = Math.max(PRUNE_FLOOR, 2 * length);
    }

    /** @return the number of readers on the list, for tests */
    int listed() {
        return listed.get();
    }

    private IllegalStateException refused(String call) {
        return ReentryGuard.refusal(owner, "a read or write callback", call);
    }

    /**
     * Throws what a write callback threw, as {@code standard} lets it through: a checked exception
     * thrown undeclared (as Kotlin, Scala or Lombok's {@code @SneakyThrows} do) included.
     */
    @SuppressWarnings("unchecked") // erased: the cast checks nothing, so the throwable leaves as it is
    private static <E extends Throwable> RuntimeException rethrown(Throwable failure) throws E {
        throw (E) failure;
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
