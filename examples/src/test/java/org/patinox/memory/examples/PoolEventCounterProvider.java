package org.patinox.memory.examples;

import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.MonitorProvider;
import org.patinox.memory.spi.ProviderContext;

// tag::plugin-monitor[]
/** Counts every event of the pools; found by ServiceLoader, bound to each instance opened. */
public final class PoolEventCounterProvider implements MonitorProvider {
    public String name() { return "pool-event-counter"; }
    public Optional<Monitor> create(ProviderContext context) { return Optional.of(new PoolEventCounter()); }
}

final class PoolEventCounter implements Monitor {
    final LongAdder events = new LongAdder();

    public boolean isEnabled(EventKind kind) { return kind.category() == EventKind.Category.POOL; }
    public void record(MonitorEvent event) { events.increment(); }
}
// end::plugin-monitor[]
