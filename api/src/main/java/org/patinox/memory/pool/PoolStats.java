package org.patinox.memory.pool;

import java.time.Duration;

/**
 * A snapshot of a {@link Pool}'s counts. Each count is read atomically, but not all together:
 * under load, counts taken a moment apart may disagree by the connections in motion. Once the pool
 * is quiet they add up: {@code total == idle + active} and {@code created - destroyed == total}.
 * After {@link Pool#close()}, {@code total}, {@code idle}, {@code active}, {@code pending} and
 * {@code creating} are zero.
 *
 * @param name the pool's name
 * @param total open connections, idle or borrowed
 * @param idle open connections waiting in the pool
 * @param active connections borrowed by holders
 * @param pending callers waiting for a connection
 * @param creating creations in flight, which count against the maximum size
 * @param created connections created since the pool opened
 * @param destroyed connections destroyed since the pool opened
 * @param acquired successful acquires
 * @param timeouts acquires that failed for their deadline
 * @param creationFailures creations that failed or took too long
 * @param validationFailures validations that failed, returned {@code false} or took too long
 * @param leaksSuspected connections reported as held past the leak-detection threshold
 * @param totalAcquireWait the time successful acquires spent waiting, summed
 * @param maxAcquireWait the longest time one successful acquire waited
 */
public record PoolStats(
        String name,
        int total,
        int idle,
        int active,
        int pending,
        int creating,
        long created,
        long destroyed,
        long acquired,
        long timeouts,
        long creationFailures,
        long validationFailures,
        long leaksSuspected,
        Duration totalAcquireWait,
        Duration maxAcquireWait) {

    /** @return the mean wait of a successful acquire, zero before the first */
    public Duration meanAcquireWait() {
        return acquired == 0 ? Duration.ZERO : totalAcquireWait.dividedBy(acquired);
    }

    /** @return the counts on one line, for timeout messages and logs */
    public String describe() {
        return "total=" + total + " idle=" + idle + " active=" + active + " pending=" + pending
                + " creating=" + creating + " created=" + created + " destroyed=" + destroyed
                + " timeouts=" + timeouts + " creationFailures=" + creationFailures
                + " validationFailures=" + validationFailures;
    }
}
