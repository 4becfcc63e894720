package org.patinox.memory.standard;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.spi.AsyncCleanupProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;
import org.patinox.memory.support.RegistryCore;
import org.patinox.memory.support.Tracked;

/**
 * The {@code standard} registry: its tracked resources spread over stripes, each a doubly linked
 * list of the tracked states themselves behind the stripe's lock, so that a registration and a
 * close each take one stripe's lock for a few link writes and allocate nothing beyond the guard
 * and its state. A thread registers on its own stripe ({@link #homeStripe}); a close takes the
 * stripe its resource is on, and decides the claim under its lock. The exactly-once machinery,
 * the safety net and forced cleanup are the support layer's.
 *
 * <p>A list is read and changed only under its stripe's lock; {@link #forEachTracked} copies each
 * stripe under it and calls the action outside it, so that an action may close resources. Each
 * stripe's lock and fields have 128 bytes after them, so that threads on neighbouring stripes do
 * not pull one cache line between their cores.
 */
final class StandardResourceRegistry extends RegistryCore {

    private final Stripe[] stripes;

    private StandardResourceRegistry(ResourceConfig config, List<AsyncCleanupProvider> cleanups, ProviderContext context,
                                     Monitor monitor) {
        super(config, cleanups, context, monitor);
        int n = stripeCount();
        stripes = new Stripe[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new Stripe();
        }
    }

    static StandardResourceRegistry open(ResourceConfig config, List<AsyncCleanupProvider> cleanups,
                                         ProviderContext context, Monitor monitor) {
        StandardResourceRegistry registry = new StandardResourceRegistry(config, cleanups, context, monitor);
        registry.start();
        return registry;
    }

    @Override
    protected Tracked.Shape shape() {
        return Tracked.Shape.DOUBLY_LINKED;
    }

    @Override
    protected void add(Tracked t) {
        int s = homeStripe();
        t.setStripe(s);
        stripes[s].add((Tracked.DoublyLinked) t);
    }

    /** Claims under the stripe's lock, which the removal takes anyway: no compare-and-set of its own. */
    @Override
    protected boolean claim(Tracked t) {
        return stripes[t.stripe()].claim((Tracked.DoublyLinked) t);
    }

    @Override
    protected void forEachTracked(Consumer<Tracked> action) {
        for (Stripe s : stripes) {
            s.copy().forEach(action);
        }
    }

    @Override
    public int activeCount() {
        int n = 0;
        for (Stripe s : stripes) {
            n += s.size();
        }
        return n;
    }

    /**
     * A stripe's lock and the fields it guards: the stripe is its own lock, a non-reentrant mutex
     * whose state is a field beside {@code head}, so that the padding after them covers it too. A
     * {@code ReentrantLock} keeps its state in an object of its own, allocated right before the
     * next stripe (and copied beside the other stripes' locks by a collection), where two threads
     * on neighbouring stripes wrote one line: one run in two at two threads took 207 to 271 ns per
     * register and close instead of 112 to 142.
     */
    @SuppressWarnings("serial") // never serialized
    abstract static class StripeFields extends StripeLock {
        Tracked.DoublyLinked head;
        int size;
    }

    /** One list behind its lock, which guards every field, with 128 bytes after them. */
    @SuppressWarnings("serial") // never serialized
    static final class Stripe extends StripeFields {
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
        long p16;

        void add(Tracked.DoublyLinked t) {
            lock();
            try {
                t.setNext(head);
                if (head != null) {
                    head.setPrevious(t);
                }
                head = t;
                size++;
            } finally {
                unlock();
            }
        }

        /** @return whether the caller claimed {@code t}, a node added to this stripe, and unlinked it */
        boolean claim(Tracked.DoublyLinked t) {
            lock();
            try {
                if (!t.claimUnderLock()) {
                    return false;
                }
                Tracked.DoublyLinked previous = t.previous();
                Tracked.DoublyLinked next = t.next();
                if (previous == null) {
                    head = next;
                } else {
                    previous.setNext(next);
                }
                if (next != null) {
                    next.setPrevious(previous);
                }
                t.setPrevious(null);
                t.setNext(null);
                size--;
                return true;
            } finally {
                unlock();
            }
        }

        int size() {
            lock();
            try {
                return size;
            } finally {
                unlock();
            }
        }

        List<Tracked> copy() {
            lock();
            try {
                List<Tracked> all = new ArrayList<>(size);
                for (Tracked.DoublyLinked t = head; t != null; t = t.next()) {
                    all.add(t);
                }
                return all;
            } finally {
                unlock();
            }
        }
    }
}
