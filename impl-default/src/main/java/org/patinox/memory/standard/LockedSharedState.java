package org.patinox.memory.standard;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.patinox.memory.share.MutableSharedData;
import org.patinox.memory.share.ShareConfig;
import org.patinox.memory.share.SharingStats;
import org.patinox.memory.support.ReentryGuard;

/**
 * {@link MutableSharedData} on one copy of the state and a {@link ReentrantReadWriteLock} in its
 * non-fair mode, which does not starve writers: a reader arriving while a writer is first in the
 * lock's queue waits behind it, so a stream of readers cannot hold a writer off for ever, and
 * readers that came first still share the lock. The fair mode would order readers too, at a cost
 * in throughput readers would pay on every call. Writes run once, in place.
 *
 * <p>Re-entry is refused before the lock is touched: a read from a read would otherwise queue
 * behind a waiting writer that waits for the outer read, a deadlock.
 *
 * @param <T> the type of the state
 */
final class LockedSharedState<T> implements MutableSharedData<T> {

    private final String name;
    private final T state;
    private final Lock readLock;
    private final Lock writeLock;
    private final ReentryGuard guard;
    private final boolean recordReads;
    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();

    LockedSharedState(T state, ShareConfig config) {
        this.state = Objects.requireNonNull(state, "the factory returned null");
        this.name = config.name();
        this.recordReads = config.recordReads();
        ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        this.readLock = lock.readLock();
        this.writeLock = lock.writeLock();
        this.guard = new ReentryGuard("MutableSharedData " + name, "a read or write callback");
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
            readLock.lock();
            try {
                if (recordReads) {
                    reads.increment();
                }
                return reader.apply(state);
            } finally {
                readLock.unlock();
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
            writeLock.lock();
            try {
                R result = writer.apply(state);
                writes.increment();
                return result;
            } finally {
                writeLock.unlock();
            }
        } finally {
            ReentryGuard.exit(mark);
        }
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
