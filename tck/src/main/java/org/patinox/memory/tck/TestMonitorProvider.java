package org.patinox.memory.tck;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.MonitorProvider;
import org.patinox.memory.spi.ProviderContext;

/**
 * A {@link MonitorProvider} whose monitors count what they record and refuse, by throwing, an event
 * after their close and a second close: the stand-in that runs {@link MonitorProviderContract} in
 * the implementations' own tests. Not registered for {@link java.util.ServiceLoader}.
 */
public final class TestMonitorProvider implements MonitorProvider {

    /** Made as {@link java.util.ServiceLoader} would make it. */
    public TestMonitorProvider() {
    }

    @Override
    public String name() {
        return "tck-monitor";
    }

    @Override
    public Optional<Monitor> create(ProviderContext context) {
        return Optional.of(new Counting());
    }

    /** The monitor: counts events, and closes once. */
    public static final class Counting implements Monitor {
        private final LongAdder recorded = new LongAdder();
        private final AtomicInteger closes = new AtomicInteger();

        @Override
        public void record(MonitorEvent event) {
            if (closes.get() > 0) {
                throw new IllegalStateException("recorded " + event.kind() + " after close");
            }
            recorded.increment();
        }

        @Override
        public void close() {
            if (closes.incrementAndGet() > 1) {
                throw new IllegalStateException("closed twice");
            }
        }

        /** @return whether {@link #close()} was called */
        public boolean isClosed() {
            return closes.get() > 0;
        }

        /** @return how many events it recorded */
        public long recorded() {
            return recorded.sum();
        }
    }
}
