package org.patinox.memory.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.function.Consumer;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.spi.AsyncCleanupProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;
import org.patinox.memory.support.RegistryCore;
import org.patinox.memory.support.Tracked;

/**
 * The {@code lockfree} registry, built for heavy registration from many threads: its tracked
 * resources are spread over stripes, each an intrusive lock-free stack (a Treiber push of the
 * tracked state itself, whose link field is the list's), so that a registration is one
 * compare-and-set on one of many heads and allocates nothing beyond the guard and its state. A
 * thread pushes onto its own stripe ({@link #homeStripe}), and onto the next one when it loses a
 * compare-and-set there, so that threads that register and close their own resources each keep
 * their stripe's cache line to themselves; each stripe's fields have 128 bytes to themselves (a
 * line and the one the processor fetches with it).
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

    private LockFreeResourceRegistry(ResourceConfig config, List<AsyncCleanupProvider> cleanups, ProviderContext context,
                                     Monitor monitor) {
        super(config, cleanups, context, monitor);
        int n = stripeCount();
        stripes = new Stripe[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new Stripe();
        }
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

    @Override
    protected void add(Tracked t) {
        Tracked.Linked node = (Tracked.Linked) t;
        int s = homeStripe();
        while (!stripes[s].tryPush(node, s)) {
            s = (s + 1) % stripes.length;
        }
    }

    @Override
    protected boolean claim(Tracked t) {
        if (!t.claim()) {
            return false;
        }
        stripes[t.stripe()].markDead();
        return true;
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

    /**
     * 128 bytes before a stripe's fields (with the header), so that they share no line with the
     * object before; the {@code int} fills the gap after the header, where the layout would
     * otherwise put a field of the subclass.
     */
    abstract static class StripePadding {
        int p0;
        long p1;
        long p2;
        long p3;
        long p4;
        long p5;
        long p6;
        long p7;
        long p8;
        long p9;
        long p10;
        long p11;
        long p12;
        long p13;
        long p14;
        long p15;
    }

    /** A stripe's fields, which its threads write on every registration and close. */
    abstract static class StripeFields extends StripePadding {
        volatile Tracked.Linked head;
        volatile int dead;
        /** The dead count that sets off a sweep: the live count at the last sweep, at least the threshold. */
        volatile int sweepAt = SWEEP_THRESHOLD;
        volatile boolean sweeping;
    }

    /** One intrusive lock-free stack of tracked states, with 128 bytes after its fields too. */
    static final class Stripe extends StripeFields {
        private static final VarHandle HEAD;
        private static final VarHandle DEAD;
        private static final VarHandle SWEEPING;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                HEAD = lookup.findVarHandle(StripeFields.class, "head", Tracked.Linked.class);
                DEAD = lookup.findVarHandle(StripeFields.class, "dead", int.class);
                SWEEPING = lookup.findVarHandle(StripeFields.class, "sweeping", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        long q1;
        long q2;
        long q3;
        long q4;
        long q5;
        long q6;
        long q7;
        long q8;
        long q9;
        long q10;
        long q11;
        long q12;
        long q13;
        long q14;
        long q15;
        long q16;

        Tracked.Linked head() {
            return (Tracked.Linked) HEAD.getAcquire(this);
        }

        /** @return whether {@code t} is now this stripe's head; {@code false} when another push came between */
        boolean tryPush(Tracked.Linked t, int index) {
            Tracked.Linked h = head();
            t.setLink(h);
            t.setStripe(index);
            return HEAD.compareAndSet(this, h, t);
        }

        void markDead() {
            int d = (int) DEAD.getAndAdd(this, 1) + 1;
            if (d >= sweepAt && SWEEPING.compareAndSet(this, false, true)) {
                try {
                    sweep();
                } finally {
                    sweeping = false;
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
            DEAD.getAndAdd(this, -removed);
            sweepAt = Math.max(SWEEP_THRESHOLD, live);
        }
    }
}
