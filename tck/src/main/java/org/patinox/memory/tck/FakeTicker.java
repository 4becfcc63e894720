package org.patinox.memory.tck;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A cache ticker that moves only when a test advances it; thread-safe. */
public final class FakeTicker implements LongSupplier {

    // Far from zero, so that an implementation that treats 0 as "no timestamp" is not fooled.
    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

    /** Makes a ticker at an arbitrary fixed time. */
    public FakeTicker() {
    }

    @Override
    public long getAsLong() {
        return nanos.get();
    }

    /** @param duration how far to move the ticker forward */
    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
