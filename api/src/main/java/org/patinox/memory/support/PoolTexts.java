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
}
