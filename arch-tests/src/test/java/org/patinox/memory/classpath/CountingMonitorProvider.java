package org.patinox.memory.classpath;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.MonitorProvider;
import org.patinox.memory.spi.ProviderContext;

/**
 * A {@link MonitorProvider} registered in this module's {@code META-INF/services}, as a metrics
 * plugin registers one. It makes a monitor only for instances opened inside {@link #providing} on
 * the same thread (a provider's {@code create} runs on the opening thread), so that the other tests
 * of this module open instances as they would without it.
 */
public final class CountingMonitorProvider implements MonitorProvider {

    private static final ThreadLocal<Boolean> ARMED = new ThreadLocal<>();

    /** Found by {@link java.util.ServiceLoader}. */
    public CountingMonitorProvider() {
    }

    static <T> T providing(Supplier<T> opening) {
        ARMED.set(Boolean.TRUE);
        try {
            return opening.get();
        } finally {
            ARMED.remove();
        }
    }

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public Optional<Monitor> create(ProviderContext context) {
        return ARMED.get() == null ? Optional.empty() : Optional.of(new CountingMonitor(context.name()));
    }

    /** The monitor it makes: keeps the events of the instance it was made for and counts its closes. */
    public static final class CountingMonitor implements Monitor {
        final String instance;
        final List<MonitorEvent> events = new CopyOnWriteArrayList<>();
        final AtomicInteger closes = new AtomicInteger();

        CountingMonitor(String instance) {
            this.instance = instance;
        }

        @Override
        public void record(MonitorEvent event) {
            events.add(event);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }
}
