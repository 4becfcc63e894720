package org.patinox.memory.tck;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.Monitor;

/**
 * A thread-safe monitor that keeps every event it receives, for assertions, and notes any it
 * receives on an instance's scheduler thread, where no user code (a monitor is user code) may run.
 */
public final class RecordingMonitor implements Monitor {

    private final Set<EventKind> wanted;
    private final List<MonitorEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger closes = new AtomicInteger();
    private final List<String> onScheduler = new CopyOnWriteArrayList<>();

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
        Thread thread = Thread.currentThread();
        // The instance's scheduler is its one platform thread named <instance>-scheduler.
        if (!thread.isVirtual() && thread.getName().endsWith("-scheduler")) {
            onScheduler.add(event.kind() + " on " + thread.getName());
        }
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

    /** @return the events received on an instance's scheduler thread, each as its kind and the thread: none, by contract */
    public List<String> eventsOnScheduler() {
        return List.copyOf(onScheduler);
    }

    /** @return how many times {@link #close()} was called */
    public int closes() {
        return closes.get();
    }
}
