package org.patinox.memory.support;

import java.util.concurrent.TimeoutException;
import org.patinox.memory.pool.PoolConfig;

/**
 * The wording both pools use for what they log, report and throw, written once so that the two
 * providers word their messages alike (the TCK pins them).
 *
 * <p>Shared by the first-party implementations: not part of the API.
 */
public final class PoolTexts {

    private PoolTexts() {
    }

    /**
     * @param pool the pool's name
     * @return the bounded create call, for its timeout's message
     */
    public static String creating(String pool) {
        return "creating a connection for pool " + pool;
    }

    /**
     * @param pool the pool's name
     * @return the bounded validate call, for its timeout's message
     */
    public static String validating(String pool) {
        return "validating a connection of pool " + pool;
    }

    /** The failure of a {@code recycle} that returned no stage. */
    public static final String RECYCLE_RETURNED_NULL = "recycle returned null instead of a stage";

    /**
     * @param pool the pool's name
     * @return the bounded recycle call, for its timeout's message
     */
    public static String recycling(String pool) {
        return "recycling a connection of pool " + pool;
    }

    /**
     * @param pool the pool's name
     * @return the bounded destroy call, for its timeout's message
     */
    public static String destroying(String pool) {
        return "destroying a connection of pool " + pool;
    }

    /**
     * @param pool the pool's name
     * @param heldMillis how long the connection has been held
     * @return the warning logged when a connection is held past the leak-detection threshold
     */
    public static String leakSuspected(String pool, long heldMillis) {
        return "Pool " + pool + ": a connection has been held for " + heldMillis
                + " ms, past the leak-detection threshold; it was acquired here";
    }

    /**
     * @param pool the pool's name
     * @param graceMillis how long close waits
     * @param borrowed how many connections are borrowed
     * @param leakDetection whether leak detection recorded where they were acquired
     * @return the warning logged when close has to wait for borrowed connections
     */
    public static String closeWaiting(String pool, long graceMillis, int borrowed, boolean leakDetection) {
        return "Pool " + pool + ": closing waits up to " + graceMillis + " ms for " + borrowed
                + " borrowed connection" + (borrowed == 1 ? "" : "s") + " to be returned, then destroys "
                + (borrowed == 1 ? "it" : "them")
                + (leakDetection ? "; the stacks that acquired them follow"
                : "; turn on " + PoolConfig.LEAK_DETECTION_THRESHOLD + " to see where they were acquired");
    }

    /**
     * @param error why a validation failed, or {@code null} when the manager answered {@code false}
     * @return the {@code reason} attribute of a {@code CONNECTION_VALIDATION_FAILED} event:
     *     {@code invalid}, {@code timeout} or {@code error}
     */
    public static String validationFailure(Throwable error) {
        return error == null ? "invalid" : error instanceof TimeoutException ? "timeout" : "error";
    }

    // ---- log lines: one text per situation, logged at the same level by both pools --------------

    /**
     * Logged at {@code WARNING}: the manager failed to reset a returned connection.
     *
     * @param pool the pool's name
     * @return the log line for a failed recycle
     */
    public static String recycleFailed(String pool) {
        return "Pool " + pool + ": recycling a returned connection failed; it is destroyed";
    }

    /**
     * Logged at {@code WARNING} when a failure streak starts and at every power of two in a row
     * after it ({@link #creationFailureLoud}), at {@code DEBUG} otherwise.
     *
     * @param pool the pool's name
     * @param inRow how many creations in a row have failed, this one included
     * @return the log line for a failed creation
     */
    public static String creationFailed(String pool, int inRow) {
        return "Pool " + pool + ": creating a connection failed (" + inRow + " in a row); retrying";
    }

    /**
     * @param inRow how many creations in a row have failed, this one included
     * @return whether that failure is logged at {@code WARNING} rather than {@code DEBUG}: the first
     *     of a streak and then at powers of two, so that a dead server stays visible without flooding the log
     */
    public static boolean creationFailureLoud(int inRow) {
        return Integer.bitCount(inRow) == 1;
    }

    /**
     * Logged at {@code DEBUG}: the library is closing, so the pool schedules no retry.
     *
     * @param pool the pool's name
     * @return the log line for a creation retry the scheduler refused
     */
    public static String noRetry(String pool) {
        return "Pool " + pool + ": no retry of creation, the scheduler is shut down";
    }

    /**
     * Logged at {@code DEBUG}: a connection arrived after its creation was given up.
     *
     * @param pool the pool's name
     * @return the log line for destroying it
     */
    public static String destroyingLate(String pool) {
        return "Pool " + pool + ": destroying a connection created too late";
    }

    /**
     * Logged at {@code WARNING}.
     *
     * @param pool the pool's name
     * @return the log line for a failed destruction of a connection created too late
     */
    public static String destroyLateFailed(String pool) {
        return "Pool " + pool + ": destroying a connection created too late failed";
    }

    /**
     * Logged at {@code WARNING}: the pool counts the connection as destroyed all the same.
     *
     * @param pool the pool's name
     * @param reason why the connection was destroyed
     * @return the log line for a failed destruction
     */
    public static String destroyFailed(String pool, Object reason) {
        return "Pool " + pool + ": destroying a connection (" + reason + ") failed; counted as destroyed";
    }

    /**
     * Logged at {@code DEBUG}: routine, the pool replaces the connection, and the {@code
     * CONNECTION_VALIDATION_FAILED} event carries it.
     *
     * @param pool the pool's name
     * @param error why the validation failed, or {@code null} when the manager answered {@code false}
     * @return the log line for a failed validation, naming its {@link #validationFailure reason}
     */
    public static String validationFailed(String pool, Throwable error) {
        return "Pool " + pool + ": a connection failed validation (" + validationFailure(error) + ") and is destroyed";
    }

    /**
     * Logged at {@code WARNING}.
     *
     * @param pool the pool's name
     * @param kind the event's kind
     * @return the log line for a monitor that threw
     */
    public static String monitorFailed(String pool, Object kind) {
        return "Pool " + pool + ": the monitor failed to record " + kind;
    }

    /**
     * Logged at {@code ERROR}: a bug, which the pool survives (a periodic task goes on).
     *
     * @param pool the pool's name
     * @param task what failed, such as {@code housekeeping}
     * @return the log line for a failed internal task
     */
    public static String taskFailed(String pool, String task) {
        return "Pool " + pool + ": " + task + " failed";
    }

    /**
     * Logged at {@code WARNING}.
     *
     * @param pool the pool's name
     * @param destroying how many connections are still being destroyed
     * @param creating how many creations are still running in the manager
     * @return the log line for a close that stopped waiting for destructions and creations
     */
    public static String closeGaveUp(String pool, long destroying, long creating) {
        return "Pool " + pool + ": close gave up waiting for " + destroying + " connection"
                + (destroying == 1 ? "" : "s") + " still being destroyed and " + creating + " creation"
                + (creating == 1 ? "" : "s") + " still running; a connection still to come is destroyed when it"
                + " arrives";
    }

    /**
     * Where a pool's destructions run: the instance's virtual threads or, once they are shut down
     * with the instance, a virtual thread of their own, so that a connection a creation returns after
     * the close is still destroyed.
     *
     * @param blocking the instance's virtual threads
     * @return the executor of destructions
     */
    public static java.util.concurrent.Executor destructions(java.util.concurrent.Executor blocking) {
        return task -> BoundedCall.offload(blocking, task);
    }

    /** @return the failure of a creation whose stage completed with {@code null} */
    public static NullPointerException createdNull() {
        return new NullPointerException("ConnectionManager.create() completed with null instead of a connection");
    }

    /**
     * @param pool the pool's name
     * @return the message of {@code get()} on a handle whose borrow ended
     */
    public static String handleEnded(String pool) {
        return "This connection of pool " + pool + " has been returned or invalidated; acquire another";
    }

    /**
     * @param pool the pool's name
     * @return the message of {@code get()} on a handle whose connection the pool's close destroyed,
     *     its grace period over, while the holder still had it
     */
    public static String handleDestroyedAtClose(String pool) {
        return "This connection of pool " + pool + " was destroyed when the pool closed, its grace period over;"
                + " the pool is closed";
    }

    /**
     * Where a connection was acquired, recorded when leak detection is on: the error of the
     * warning and of the {@code LEAK_SUSPECTED} event, one class in the same words for both pools.
     */
    public static final class AcquireSite extends Throwable {
        private static final long serialVersionUID = 1L;
        /** Whether it was reported as a suspected leak: guarded by the pool that keeps it. */
        private boolean reported;

        /** @param pool the pool's name; the acquiring thread is the current one */
        public AcquireSite(String pool) {
            super("Connection acquired from pool " + pool + " by thread " + Thread.currentThread().getName());
        }

        /**
         * Marks the site reported, so that a borrow is reported as a leak once; the caller guards it.
         *
         * @return whether it was not reported before
         */
        public boolean markReported() {
            boolean first = !reported;
            reported = true;
            return first;
        }
    }
}
