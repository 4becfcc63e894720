package org.patinox.memory.tck;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake connection made by a {@link TestConnectionManager}, which lets tests prove that a pool
 * never hands one connection to two holders and never uses a connection it destroyed.
 *
 * <p>A holder calls {@link #claim()} as soon as it has the connection and {@link #release()} before
 * giving it back; a second claim before the release, or any claim after the connection was
 * destroyed, is recorded as an error of the manager that made it (see {@link
 * TestConnectionManager#errors()}). Thread-safe.
 */
public final class TestConnection {

    private final long id;
    private final Instant createdAt;
    private final long createdNanos;
    private final TestConnectionManager manager;
    private final AtomicInteger holders = new AtomicInteger();
    private final AtomicInteger destroys = new AtomicInteger();
    // Validate and recycle in flight: the pool must never run two at a time on one connection.
    private final AtomicInteger managerCalls = new AtomicInteger();
    private volatile boolean broken;

    TestConnection(long id, TestConnectionManager manager) {
        this.id = id;
        this.createdAt = Instant.now();
        this.createdNanos = System.nanoTime();
        this.manager = manager;
    }

    /** @return the number the manager gave this connection, 1 for its first */
    public long id() {
        return id;
    }

    /** @return when the connection was created */
    public Instant createdAt() {
        return createdAt;
    }

    /** @return how long ago the connection was created, by the monotonic clock */
    public Duration age() {
        return Duration.ofNanos(System.nanoTime() - createdNanos);
    }

    /**
     * Marks the calling holder as using the connection.
     *
     * @return {@code true} when the caller is its only holder and it is not destroyed; otherwise
     *     the breach is also recorded as an error of the manager
     */
    public boolean claim() {
        int now = holders.incrementAndGet();
        boolean alone = true;
        if (now > 1) {
            manager.error(this + " handed to " + now + " holders at once");
            alone = false;
        }
        if (isDestroyed()) {
            manager.error(this + " used by a holder after it was destroyed");
            alone = false;
        }
        return alone;
    }

    /** Marks the end of a holder's use, which must follow its {@link #claim()}. */
    public void release() {
        if (holders.decrementAndGet() < 0) {
            manager.error(this + " released more often than claimed");
        }
    }

    /** @return whether a holder has claimed the connection and not yet released it */
    public boolean isHeld() {
        return holders.get() > 0;
    }

    /** @return whether the manager has been asked to destroy the connection */
    public boolean isDestroyed() {
        return destroys.get() > 0;
    }

    /** @return how many times the manager was asked to destroy the connection; 1 is right after close */
    public int destroyCount() {
        return destroys.get();
    }

    /** @return whether {@link TestConnectionManager#breakConnection} made it fail validation */
    public boolean isBroken() {
        return broken;
    }

    void markBroken() {
        broken = true;
    }

    int markDestroyed() {
        return destroys.incrementAndGet();
    }

    TestConnectionManager manager() {
        return manager;
    }

    /** @return whether no other validate or recycle of this connection was in flight */
    boolean enterManagerCall() {
        return managerCalls.incrementAndGet() == 1;
    }

    void exitManagerCall() {
        managerCalls.decrementAndGet();
    }

    @Override
    public String toString() {
        return "TestConnection#" + id;
    }
}
