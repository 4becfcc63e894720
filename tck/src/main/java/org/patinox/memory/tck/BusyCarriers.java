package org.patinox.memory.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Spinning virtual threads on every carrier of the virtual-thread scheduler, so that no other
 * virtual thread runs until {@link #release()}: a test can then hold parked waiters off the
 * processors while platform threads keep running, as a machine with more threads than cores does.
 */
public final class BusyCarriers {

    private final AtomicBoolean stop;
    private final List<Thread> spinners;

    private BusyCarriers(AtomicBoolean stop, List<Thread> spinners) {
        this.stop = stop;
        this.spinners = spinners;
    }

    /**
     * Starts one spinning virtual thread per carrier and returns once every one spins.
     *
     * @return the spinners, to release
     */
    public static BusyCarriers occupy() {
        int count = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger spinning = new AtomicInteger();
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            spinners.add(Thread.ofVirtual().start(() -> {
                spinning.incrementAndGet();
                while (!stop.get()) {
                    Thread.onSpinWait();
                }
            }));
        }
        while (spinning.get() < count) {
            LockSupport.parkNanos(100_000);
        }
        return new BusyCarriers(stop, spinners);
    }

    /**
     * Stops the spinners and waits for them to end, so that virtual threads run again.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void release() throws InterruptedException {
        stop.set(true);
        for (Thread t : spinners) {
            t.join();
        }
    }
}
