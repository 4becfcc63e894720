package org.patinox.memory.standard;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.spi.AsyncCleanupProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;
import org.patinox.memory.support.RegistryCore;
import org.patinox.memory.support.Tracked;

/**
 * The {@code standard} registry: its tracked resources spread over stripes, each a doubly linked
 * list of the tracked states themselves behind the stripe's {@link ReentrantLock}, so that a
 * registration and a close each take one stripe's lock for a few link writes and allocate nothing
 * beyond the guard and its state. A thread registers on its own stripe ({@link #homeStripe}); a
 * close takes the stripe its resource is on. The exactly-once machinery, the safety net and
 * forced cleanup are the support layer's.
 *
 * <p>A list is read and changed only under its stripe's lock; {@link #forEachTracked} copies each
 * stripe under it and calls the action outside it, so that an action may close resources. Each
 * stripe's fields have 128 bytes to themselves, so that threads on neighbouring stripes do not
 * pull one cache line between their cores.
 */
final class StandardResourceRegistry extends RegistryCore {

    private final Stripe[] stripes;
    private final int mask;

    private StandardResourceRegistry(ResourceConfig config, List<AsyncCleanupProvider> cleanups, ProviderContext context,
                                     Monitor monitor) {
        super(config, cleanups, context, monitor);
        int n = stripeCount();
        stripes = new Stripe[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new Stripe();
        }
        mask = n - 1;
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
        int s = homeStripe(mask);
        t.setStripe(s);
        stripes[s].add((Tracked.DoublyLinked) t);
    }

    @Override
    protected void remove(Tracked t) {
        stripes[t.stripe()].remove((Tracked.DoublyLinked) t);
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

    /** A stripe's fields; a class of their own so that the padding lies after them. */
    abstract static class StripeFields {
        final ReentrantLock lock = new ReentrantLock();
        Tracked.DoublyLinked head;
        int size;
    }

    /** One list behind its lock, which guards every field, with 128 bytes after them. */
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
            lock.lock();
            try {
                t.setNext(head);
                if (head != null) {
                    head.setPrevious(t);
                }
                head = t;
                size++;
            } finally {
                lock.unlock();
            }
        }

        /** @param t a node added to this stripe (the registry's claim makes it remove each one once) */
        void remove(Tracked.DoublyLinked t) {
            lock.lock();
            try {
                Tracked.DoublyLinked previous = t.previous();
                if (previous == null && head != t) {
                    return; // not on the list: removing it twice must not unlink another
                }
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
            } finally {
                lock.unlock();
            }
        }

        int size() {
            lock.lock();
            try {
                return size;
            } finally {
                lock.unlock();
            }
        }

        List<Tracked> copy() {
            lock.lock();
            try {
                List<Tracked> all = new ArrayList<>(size);
                for (Tracked.DoublyLinked t = head; t != null; t = t.next()) {
                    all.add(t);
                }
                return all;
            } finally {
                lock.unlock();
            }
        }
    }
}
