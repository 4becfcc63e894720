package org.patinox.memory.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.Monitor;

/**
 * Every monitor of one {@code MemoryUtilities} behind one: asks each member once which kinds it
 * wants, so that {@link #isEnabled} is one array read, and isolates each member's failures from
 * the caller and from the other members.
 */
final class CombinedMonitor implements Monitor {

    private static final EventKind[] KINDS = EventKind.values();

    private final Member[] members;
    private final List<Monitor> monitors;
    private final boolean[] enabled = new boolean[KINDS.length];
    private volatile boolean closed;

    /**
     * @param user monitors from the configuration, which the caller closes
     * @param owned monitors created for this instance, which {@link #close} closes
     */
    CombinedMonitor(List<Monitor> user, List<Monitor> owned) {
        List<Member> all = new ArrayList<>();
        user.forEach(m -> all.add(new Member(m, false)));
        owned.forEach(m -> all.add(new Member(m, true)));
        this.members = all.toArray(Member[]::new);
        this.monitors = all.stream().map(m -> m.monitor).toList();
        for (Member m : members) {
            for (EventKind kind : KINDS) {
                enabled[kind.ordinal()] |= m.kinds[kind.ordinal()];
            }
        }
    }

    /** @return the members, the user's first, then the owned ones, each in the order given */
    List<Monitor> members() {
        return monitors;
    }

    @Override
    public boolean isEnabled(EventKind kind) {
        return enabled[kind.ordinal()];
    }

    @Override
    public void record(MonitorEvent event) {
        if (closed) {
            return;
        }
        int kind = event.kind().ordinal();
        for (Member m : members) {
            if (m.kinds[kind]) {
                m.record(event);
            }
        }
    }

    /** Stops delivery and closes the owned monitors, each isolated from the others' failures. */
    @Override
    public void close() {
        closed = true;
        for (Member m : members) {
            if (m.owned) {
                try {
                    m.monitor.close();
                } catch (RuntimeException | LinkageError e) {
                    m.report("closing", e);
                }
            }
        }
    }

    private static final class Member {
        final Monitor monitor;
        final boolean owned;
        final boolean[] kinds = new boolean[KINDS.length];
        private final AtomicBoolean reported = new AtomicBoolean();

        Member(Monitor monitor, boolean owned) {
            this.monitor = monitor;
            this.owned = owned;
            for (EventKind kind : KINDS) {
                try {
                    kinds[kind.ordinal()] = monitor.isEnabled(kind);
                } catch (RuntimeException | LinkageError e) {
                    report("asking isEnabled(" + kind + ")", e);
                }
            }
        }

        void record(MonitorEvent event) {
            try {
                monitor.record(event);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                report("recording " + event.kind(), e);
            }
        }

        void report(String action, Throwable e) {
            // Once per monitor: a monitor that fails on every event must not flood the log.
            if (reported.compareAndSet(false, true)) {
                ProviderResolver.LOG.log(System.Logger.Level.WARNING, "Monitor " + monitor.getClass().getName()
                        + " threw while " + action + "; it stays installed, and later failures are not logged", e);
            }
        }
    }
}
