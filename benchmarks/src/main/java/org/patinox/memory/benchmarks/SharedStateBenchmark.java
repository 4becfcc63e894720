package org.patinox.memory.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.share.MutableSharedData;

/**
 * Throughput of {@link MutableSharedData} beside the JDK's read-write locks, every benchmark thread
 * on one shared state of two fields: a read returns their sum, a write increments both. Each
 * thread writes once in every {@code 100 / writePercent} operations and reads otherwise. Run it
 * at several thread counts ({@code benchmarks/run SharedState --threads 1,2,4}): the point is how
 * reads scale when several threads read at once.
 *
 * <ul>
 *   <li>{@code patinox-standard}: a {@link StampedLock}'s pessimistic read and write locks behind
 *       callbacks;
 *   <li>{@code patinox-lockfree}: left-right, readers never block nor retry;
 *   <li>{@code reentrant-rw-lock}: a bare {@link ReentrantReadWriteLock} (non-fair);
 *   <li>{@code fair-rw-lock}: a bare {@link ReentrantReadWriteLock} in its fair mode;
 *   <li>{@code stamped-read-lock}: a bare {@link StampedLock}, its pessimistic read lock only;
 *   <li>{@code stamped-lock}: a bare {@link StampedLock}, optimistic read validated, falling back to
 *       its read lock when a write came in between.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class SharedStateBenchmark {

    /** What guards the state. */
    @Param({"patinox-standard", "patinox-lockfree", "reentrant-rw-lock", "fair-rw-lock", "stamped-read-lock",
        "stamped-lock"})
    public String subject;

    /** Writes per hundred operations: 0 or 1. */
    @Param({"0", "1"})
    public int writePercent;

    /** The state: two fields that change together. */
    static final class Counters {
        long a;
        long b;
    }

    private MemoryUtilities memory;
    private MutableSharedData<Counters> shared;
    private final Counters plain = new Counters();
    private final ReentrantReadWriteLock rwLock = new ReentrantReadWriteLock();
    private final ReentrantReadWriteLock fairLock = new ReentrantReadWriteLock(true);
    private final StampedLock stampedLock = new StampedLock();
    private int period;

    @Setup(Level.Trial)
    public void open() {
        period = writePercent == 0 ? Integer.MAX_VALUE : 100 / writePercent;
        if (subject.startsWith("patinox-")) {
            memory = MemoryUtilities.open(UtilityConfig.builder().provider(subject.substring("patinox-".length())).build());
            shared = memory.mutableShared(Counters::new);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        if (memory != null) {
            memory.close();
        }
    }

    /** Each thread's place in its cycle of reads and writes. */
    @State(Scope.Thread)
    public static class Cycle {
        int step;
    }

    @Benchmark
    public long operation(Cycle cycle) {
        if (++cycle.step >= period) {
            cycle.step = 0;
            write();
            return 0;
        }
        return read();
    }

    private long read() {
        switch (subject) {
            case "reentrant-rw-lock", "fair-rw-lock" -> {
                ReentrantReadWriteLock.ReadLock lock = (subject.equals("fair-rw-lock") ? fairLock : rwLock).readLock();
                lock.lock();
                try {
                    return plain.a + plain.b;
                } finally {
                    lock.unlock();
                }
            }
            case "stamped-read-lock" -> {
                long stamp = stampedLock.readLock();
                try {
                    return plain.a + plain.b;
                } finally {
                    stampedLock.unlockRead(stamp);
                }
            }
            case "stamped-lock" -> {
                long stamp = stampedLock.tryOptimisticRead();
                long a = plain.a;
                long b = plain.b;
                if (!stampedLock.validate(stamp)) {
                    stamp = stampedLock.readLock();
                    try {
                        a = plain.a;
                        b = plain.b;
                    } finally {
                        stampedLock.unlockRead(stamp);
                    }
                }
                return a + b;
            }
            default -> {
                return shared.read(c -> c.a + c.b);
            }
        }
    }

    private void write() {
        switch (subject) {
            case "reentrant-rw-lock", "fair-rw-lock" -> {
                ReentrantReadWriteLock.WriteLock lock = (subject.equals("fair-rw-lock") ? fairLock : rwLock).writeLock();
                lock.lock();
                try {
                    plain.a++;
                    plain.b++;
                } finally {
                    lock.unlock();
                }
            }
            case "stamped-lock", "stamped-read-lock" -> {
                long stamp = stampedLock.writeLock();
                try {
                    plain.a++;
                    plain.b++;
                } finally {
                    stampedLock.unlockWrite(stamp);
                }
            }
            default -> shared.write(c -> {
                c.a++;
                c.b++;
            });
        }
    }
}
