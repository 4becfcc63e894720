package org.patinox.memory.support;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import org.patinox.memory.share.ShareConfig;
import org.patinox.memory.share.SharedData;
import org.patinox.memory.share.SharingStats;

/**
 * {@link SharedData} on one volatile reference and compare-and-set: a read is one volatile load
 * (plus a striped counter increment when reads are recorded: a subclass, so that an instance that
 * does not record them pays no test of a flag per read); an update applies the function to the
 * snapshot it read and installs the result only if the reference still holds that snapshot,
 * otherwise runs again. Both implementations use it, as one reference leaves nothing to choose:
 * it is what {@link java.util.concurrent.atomic.AtomicReference} does, without the indirection.
 *
 * <p>Shared by the first-party implementations: not part of the API.
 *
 * @param <T> the type of the value
 */
public class SnapshotData<T> implements SharedData<T> {

    private static final VarHandle VALUE;
    /**
     * The instances whose update functions this thread is running, the innermost first: one chain
     * for every instance. A chain rather than the innermost alone, so that a write reached through
     * another instance's function nested in this one's is refused too: it would make this one's
     * update retry for ever just the same.
     */
    private static final ThreadLocal<Updating> UPDATING = new ThreadLocal<>();

    /** A link of {@link #UPDATING}. */
    private record Updating(SnapshotData<?> data, Updating outer) {
        /** @return whether the thread runs an update function of {@code data}, in this link or an outer one */
        static boolean includes(Updating chain, SnapshotData<?> data) {
            for (Updating u = chain; u != null; u = u.outer) {
                if (u.data == data) {
                    return true;
                }
            }
            return false;
        }
    }

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(SnapshotData.class, "value", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final LongAdder writes = new LongAdder();
    private final LongAdder retries = new LongAdder();
    @SuppressWarnings("unused") // reached through VALUE
    private volatile Object value;

    /**
     * @param initial the first snapshot
     * @param config the name (assigned) and whether reads are counted
     */
    private SnapshotData(T initial, ShareConfig config) {
        this.value = Objects.requireNonNull(initial, "initial");
        this.name = config.name();
    }

    /**
     * @param initial the first snapshot, not {@code null}
     * @param config its name, and whether reads are counted
     * @param <T> the type of the value
     * @return shared data that counts its reads only when the configuration asks
     */
    public static <T> SnapshotData<T> of(T initial, ShareConfig config) {
        return config.recordReads() ? new CountingReads<>(initial, config) : new SnapshotData<>(initial, config);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    @SuppressWarnings("unchecked") // only Ts are stored
    public T get() {
        return (T) value;
    }

    @Override
    public void set(T newValue) {
        Objects.requireNonNull(newValue, "value");
        if (Updating.includes(UPDATING.get(), this)) {
            throw refusal("set");
        }
        value = newValue;
        writes.increment();
    }

    @Override
    @SuppressWarnings("unchecked") // only Ts are stored
    public T update(UnaryOperator<T> function) {
        Objects.requireNonNull(function, "function");
        Updating outer = UPDATING.get();
        if (Updating.includes(outer, this)) {
            throw refusal("update");
        }
        UPDATING.set(new Updating(this, outer));
        try {
            T seen = (T) value;
            while (true) {
                T next = Objects.requireNonNull(function.apply(seen), "the update function returned null");
                Object witness = VALUE.compareAndExchange(this, seen, next);
                if (witness == seen) {
                    writes.increment();
                    return next;
                }
                retries.increment();
                seen = (T) witness;
            }
        } finally {
            UPDATING.set(outer);
        }
    }

    /**
     * A write from inside this instance's update function would make the update retry, and run the
     * function, and write again, for ever: refused, as every implementation's re-entry is.
     */
    private IllegalStateException refusal(String call) {
        return ReentryGuard.refusal("SharedData " + name, "an update function", call);
    }

    @Override
    public SharingStats stats() {
        return new SharingStats(reads(), writes.sum(), retries.sum());
    }

    /** @return the reads counted: none unless reads are recorded */
    long reads() {
        return 0;
    }

    @Override
    public String toString() {
        return "SharedData " + name + " " + stats();
    }

    /** Shared data whose reads are counted, as {@code record-reads} asks. */
    private static final class CountingReads<T> extends SnapshotData<T> {
        private final LongAdder reads = new LongAdder();

        CountingReads(T initial, ShareConfig config) {
            super(initial, config);
        }

        @Override
        public T get() {
            reads.increment();
            return super.get();
        }

        @Override
        long reads() {
            return reads.sum();
        }
    }
}
