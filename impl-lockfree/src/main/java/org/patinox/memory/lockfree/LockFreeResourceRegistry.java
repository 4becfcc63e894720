package org.patinox.memory.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.spi.AsyncCleanupProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;
import org.patinox.memory.support.RegistryCore;
import org.patinox.memory.support.Tracked;

/**
 * The {@code lockfree} registry, built for heavy registration from many threads: its tracked
 * resources are spread over stripes by id, each an intrusive lock-free stack (a Treiber push of
 * the tracked state itself, whose link field is the list's), so that a registration is one
 * compare-and-set on one of many heads and allocates nothing beyond the guard and its state.
 *
 * <p>A close only marks the state (its claim) and counts the stripe's dead; once a stripe holds
 * as many dead as it held live at its last sweep (and at least {@value #SWEEP_THRESHOLD}), the
 * closing thread that wins the stripe's sweep flag unlinks the dead, so that the cost of a sweep
 * is paid for by as many closes. Nothing else is counted per operation: {@link #activeCount()}
 * walks the stripes, as listing does. Memory ordering: a push
 * publishes the new head with a CAS (volatile), after its link was set with a release store; the
 * sweeper, one per stripe at a time, rewrites only links of nodes behind the head, with release
 * stores, and never the head itself, which pushers own; a reader that walks a list concurrently
 * may pass through an unlinked node, whose link still leads on into the list, so that no live
 * resource is ever skipped.
 */
final class LockFreeResourceRegistry extends RegistryCore {

    /** Dead nodes a stripe tolerates before a sweep is worth its walk. */
    static final int SWEEP_THRESHOLD = 64;

    private final Stripe[] stripes;
    private final int mask;

    private LockFreeResourceRegistry(ResourceConfig config, List<AsyncCleanupProvider> cleanups, ProviderContext context,
                                     Monitor monitor) {
        super(config, cleanups, context, monitor);
        int n = stripeCount();
        stripes = new Stripe[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new Stripe();
        }
        mask = n - 1;
    }

    static LockFreeResourceRegistry open(ResourceConfig config, List<AsyncCleanupProvider> cleanups,
                                         ProviderContext context, Monitor monitor) {
        LockFreeResourceRegistry registry = new LockFreeResourceRegistry(config, cleanups, context, monitor);
        registry.start();
        return registry;
    }

    @Override
    protected Tracked.Shape shape() {
        return Tracked.Shape.LINKED;
    }

    private Stripe stripeOf(Tracked t) {
        return stripes[(int) t.id() & mask];
    }

    @Override
    protected void add(Tracked t) {
        stripeOf(t).push((Tracked.Linked) t);
    }

    @Override
    protected void remove(Tracked t) {
        stripeOf(t).markDead();
    }

    @Override
    protected void forEachTracked(Consumer<Tracked> action) {
        for (Stripe s : stripes) {
            for (Tracked.Linked t = s.head(); t != null; t = t.link()) {
                action.accept(t);
            }
        }
    }

    @Override
    public int activeCount() {
        int n = 0;
        for (Stripe s : stripes) {
            for (Tracked.Linked t = s.head(); t != null; t = t.link()) {
                if (t.isActive()) {
                    n++;
                }
            }
        }
        return n;
    }

    /** @return the nodes still linked, live or dead, for tests of the sweep */
    int linkedCount() {
        int n = 0;
        for (Stripe s : stripes) {
            for (Tracked.Linked t = s.head(); t != null; t = t.link()) {
                n++;
            }
        }
        return n;
    }

    /** One intrusive lock-free stack of tracked states. */
    static final class Stripe {
        private static final VarHandle HEAD;

        static {
            try {
                HEAD = MethodHandles.lookup().findVarHandle(Stripe.class, "head", Tracked.Linked.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused") // accessed through HEAD
        private volatile Tracked.Linked head;
        private final AtomicInteger dead = new AtomicInteger();
        /** The dead count that sets off a sweep: the live count at the last sweep, at least the threshold. */
        private volatile int sweepAt = SWEEP_THRESHOLD;
        private final AtomicBoolean sweeping = new AtomicBoolean();

        Tracked.Linked head() {
            return (Tracked.Linked) HEAD.getAcquire(this);
        }

        void push(Tracked.Linked t) {
            Tracked.Linked h;
            do {
                h = head();
                t.setLink(h);
            } while (!HEAD.compareAndSet(this, h, t));
        }

        void markDead() {
            int d = dead.incrementAndGet();
            if (d >= sweepAt && sweeping.compareAndSet(false, true)) {
                try {
                    sweep();
                } finally {
                    sweeping.set(false);
                }
            }
        }

        /** Unlinks the dead behind the head; the head stays, as pushers compare-and-set it. */
        private void sweep() {
            Tracked.Linked prev = head();
            if (prev == null) {
                return;
            }
            int removed = 0;
            int live = 0;
            Tracked.Linked cur = prev.link();
            while (cur != null) {
                Tracked.Linked next = cur.link();
                if (cur.isActive()) {
                    prev = cur;
                    live++;
                } else {
                    prev.setLink(next);
                    removed++;
                }
                cur = next;
            }
            dead.addAndGet(-removed);
            sweepAt = Math.max(SWEEP_THRESHOLD, live);
        }
    }
}
