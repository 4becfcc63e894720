package org.patinox.memory.tck;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.Monitor;

/** A thread-safe monitor that keeps every event it receives, for assertions. */
public final class RecordingMonitor implements Monitor {

    private final Set<EventKind> wanted;
    private final List<MonitorEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger closes = new AtomicInteger();

    /** @param wanted the kinds to declare enabled; empty means every kind */
    public RecordingMonitor(Set<EventKind> wanted) {
        this.wanted = Set.copyOf(wanted);
    }

    /** A monitor that wants every kind. */
    public RecordingMonitor() {
        this(Set.of());
    }

    @Override
    public boolean isEnabled(EventKind kind) {
        return wanted.isEmpty() || wanted.contains(kind);
    }

    @Override
    public void record(MonitorEvent event) {
        events.add(event);
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }

    /** @return the events received, in order */
    public List<MonitorEvent> events() {
        return List.copyOf(events);
    }

    /** @return the kinds of the events received, in order */
    public List<EventKind> kinds() {
        return events.stream().map(MonitorEvent::kind).toList();
    }

    /** @return how many times {@link #close()} was called */
    public int closes() {
        return closes.get();
    }
}
