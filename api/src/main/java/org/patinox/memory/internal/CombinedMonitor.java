package org.patinox.memory.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
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
    /** Whether any member is owned, which only then {@link #delivering} tracks. */
    private final boolean anyOwned;
    /**
     * The events being delivered, and {@link #CLOSING} once closed: an owned member is closed after
     * the last event it is given, by {@link #close} or by the delivery that ends after it.
     */
    private final AtomicInteger delivering = new AtomicInteger();
    private static final int CLOSING = 1 << 30;

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
        this.anyOwned = !owned.isEmpty();
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
        if (!anyOwned) {
            if (!closed) {
                deliver(event);
            }
            return;
        }
        if (unlessClosing(s -> s + 1) < 0) {
            return;
        }
        try {
            deliver(event);
        } finally {
            if (delivering.decrementAndGet() == CLOSING) {
                closeOwned();
            }
        }
    }

    private void deliver(MonitorEvent event) {
        int kind = event.kind().ordinal();
        for (Member m : members) {
            if (m.kinds[kind]) {
                m.record(event);
            }
        }
    }

    /**
     * Stops delivery and closes the owned monitors once, each isolated from the others' failures:
     * at once when no event is being delivered, else on the thread of the last delivery, when it
     * ends, so that an event that came before the close reaches every member and no monitor is
     * given one after its close.
     */
    @Override
    public void close() {
        closed = true;
        if (!anyOwned) {
            return;
        }
        if (unlessClosing(s -> s | CLOSING) == 0) {
            closeOwned();
        }
    }

    /**
     * @param change the new state from the one it replaces
     * @return the state {@code change} replaced, or -1 when the close had begun, changing nothing
     */
    private int unlessClosing(IntUnaryOperator change) {
        int s;
        do {
            s = delivering.get();
            if ((s & CLOSING) != 0) {
                return -1;
            }
        } while (!delivering.compareAndSet(s, change.applyAsInt(s)));
        return s;
    }

    private void closeOwned() {
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
