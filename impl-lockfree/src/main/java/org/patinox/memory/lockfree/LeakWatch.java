package org.patinox.memory.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What leak detection keeps of one borrow: where and when it began, and whether it was reported.
 * Kept apart from {@link Handle} so that a pool without leak detection allocates the smaller handle.
 */
final class LeakWatch {

    private static final VarHandle REPORTED;

    static {
        try {
            REPORTED = MethodHandles.lookup().findVarHandle(LeakWatch.class, "reported", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Where the connection was acquired. */
    final Throwable site;
    /** When the handle was handed out. */
    final long borrowedNanos;
    @SuppressWarnings("unused") // accessed through REPORTED
    private volatile boolean reported;

    LeakWatch(Throwable site, long borrowedNanos) {
        this.site = site;
        this.borrowedNanos = borrowedNanos;
    }

    /** @return {@code true} the first time only, so that a leak is reported once per borrow */
    boolean markReported() {
        return REPORTED.compareAndSet(this, false, true);
    }
}
