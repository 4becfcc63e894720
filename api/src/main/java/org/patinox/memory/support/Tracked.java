package org.patinox.memory.support;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.patinox.memory.CleanupException;
import org.patinox.memory.internal.DescribedResource;
import org.patinox.memory.resource.ResourceInfo;
import org.patinox.memory.spi.AsyncCleanup;

/**
 * One registered resource and its exactly-once state: the safety net's state, a phantom
 * reference to the guard, which it never holds strongly, so that a guard dropped unclosed stays
 * collectable and lands on the registry's queue. Whoever wins {@link #claim()} (a close, a forced
 * cleanup, the safety net) runs the cleanup; everyone else waits for the one outcome.
 *
 * <p>{@code state} is, in order: {@code null} (active), {@link #RUNNING} (claimed), a {@link
 * CompletableFuture} (claimed, and someone waits), then the outcome: {@link #SUCCESS} or the
 * {@link CleanupException}. One field for both the claim and the waiters keeps the object small:
 * a tracked resource costs this object (72 bytes with compressed references, as a {@link Linked}
 * node too, 80 as a {@link DoublyLinked} one) and the guard (16).
 *
 * <p>Shared by the first-party implementations: not part of the API.
 */
public sealed class Tracked extends PhantomReference<Object> permits Tracked.Linked, Tracked.DoublyLinked {

    private static final Object RUNNING = new Object();
    private static final Object SUCCESS = new Object();
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Tracked.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final RegistryCore registry;
    /**
     * The resource, until its cleanup is handed over ({@link #release}); then a {@link Released}
     * holding its type only, so that a registry that unlinks closed entries lazily (the lockfree
     * one sweeps them in batches) keeps nothing of the resource reachable after its cleanup.
     * Published with the node; a reader racing the release sees either, of the same type.
     */
    private Object resource;
    /** The cleanup, until it is handed over; then {@code null}, for the same reason. */
    private AsyncCleanup<Object> cleanup;
    final long id;
    final long createdMillis;
    /**
     * The registering thread's name, or, when the leak detection level recorded the creation site,
     * a {@link Origin} of both: one field for the two saves a reference's bytes.
     */
    private final Object origin;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile Object state;
    /**
     * Which of its implementation's stripes holds it: chosen by the registering thread, read by the
     * closing one. Set before the node is published, so a plain field; it fills the 4 bytes that
     * alignment left free in {@link Linked}.
     */
    private int stripe;

    /** Where a resource was registered, for the few whose site is recorded; text built on demand. */
    private record Origin(String thread, CreationSite.Frames site) {
    }

    @SuppressWarnings("unchecked") // the registry's register methods tie the cleanup to the resource's type
    Tracked(Object guard, ReferenceQueue<Object> queue, RegistryCore registry, Object resource,
            AsyncCleanup<?> cleanup, long id, long createdMillis, CreationSite.Frames site) {
        super(guard, queue);
        this.registry = registry;
        this.resource = resource;
        this.cleanup = (AsyncCleanup<Object>) cleanup;
        this.id = id;
        this.createdMillis = createdMillis;
        String thread = Thread.currentThread().getName();
        this.origin = site == null ? thread : new Origin(thread, site);
    }

    /** @return the registering thread's name */
    String thread() {
        return origin instanceof Origin o ? o.thread() : (String) origin;
    }

    /** @return the creation site's frames, or {@code null} when not recorded */
    CreationSite.Frames site() {
        return origin instanceof Origin o ? o.site() : null;
    }

    /**
     * A tracked resource that is also a node of an implementation's intrusive list (the
     * {@code lockfree} registry's stripes): the link costs its own 8 bytes only where it is used.
     */
    public static final class Linked extends Tracked {
        private static final VarHandle LINK;

        static {
            try {
                LINK = MethodHandles.lookup().findVarHandle(Linked.class, "link", Linked.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused") // accessed through LINK
        private volatile Linked link;

        Linked(Object guard, ReferenceQueue<Object> queue, RegistryCore registry, Object resource,
               AsyncCleanup<?> cleanup, long id, long createdMillis, CreationSite.Frames site) {
            super(guard, queue, registry, resource, cleanup, id, createdMillis, site);
        }

        /** @return the next element of the list */
        public Linked link() {
            return (Linked) LINK.getAcquire(this);
        }

        /** @param next the next element of the list */
        public void setLink(Linked next) {
            LINK.setRelease(this, next);
        }
    }

    /** Which node an implementation keeps each tracked resource in: the links cost bytes only where used. */
    public enum Shape {
        /** No link: the implementation keeps the resources in a collection of its own. */
        PLAIN,
        /** {@link Linked}: one link, for a lock-free list. */
        LINKED,
        /** {@link DoublyLinked}: two links, for a list behind a lock. */
        DOUBLY_LINKED
    }

    /**
     * A tracked resource that is also a node of a doubly linked list behind a lock (the {@code
     * standard} registry's stripes): its links are read and written only under that lock, so they
     * are plain fields.
     */
    public static final class DoublyLinked extends Tracked {
        private DoublyLinked previous;
        private DoublyLinked next;

        DoublyLinked(Object guard, ReferenceQueue<Object> queue, RegistryCore registry, Object resource,
                     AsyncCleanup<?> cleanup, long id, long createdMillis, CreationSite.Frames site) {
            super(guard, queue, registry, resource, cleanup, id, createdMillis, site);
        }

        /** @return the previous element of the list, towards its head */
        public DoublyLinked previous() {
            return previous;
        }

        /** @param previous the previous element of the list */
        public void setPrevious(DoublyLinked previous) {
            this.previous = previous;
        }

        /** @return the next element of the list */
        public DoublyLinked next() {
            return next;
        }

        /** @param next the next element of the list */
        public void setNext(DoublyLinked next) {
            this.next = next;
        }
    }

    /** @return the resource's number in its registry, increasing in the order of registration */
    public long id() {
        return id;
    }

    /** @return the stripe its implementation put it in */
    public int stripe() {
        return stripe;
    }

    /** @param stripe the stripe its implementation puts it in, before publishing it there */
    public void setStripe(int stripe) {
        this.stripe = stripe;
    }

    /** @return whether the cleanup has not been claimed yet */
    public boolean isActive() {
        return STATE.getAcquire(this) == null;
    }

    @Override
    public final int hashCode() {
        return Long.hashCode(id * 0x9E3779B97F4A7C15L);
    }

    @Override
    public final boolean equals(Object other) {
        return this == other;
    }

    /** @return {@code true} for the one caller, of all that race for it, that takes the cleanup on */
    public boolean claim() {
        return STATE.compareAndSet(this, null, RUNNING);
    }

    /** @return the outcome once known: {@code null} while running, else SUCCESS or the exception */
    Object outcomeIfDone() {
        Object s = STATE.getAcquire(this);
        return s == SUCCESS || s instanceof CleanupException ? s : null;
    }

    static boolean isSuccess(Object outcome) {
        return outcome == SUCCESS;
    }

    /**
     * The claim for an implementation that makes every claim of this resource under one lock of
     * its own, which orders them: only claims write the state while it is {@code null} (waiters and
     * the settling write it only after), so a check and a release store suffice.
     *
     * @return {@code true} for the one caller that takes the cleanup on
     */
    public boolean claimUnderLock() {
        if (STATE.getAcquire(this) != null) {
            return false;
        }
        STATE.setRelease(this, RUNNING);
        return true;
    }

    /** Settles the one outcome: {@code null} for success, else the exception. Called once. */
    void settle(CleanupException failure) {
        Object result = failure == null ? SUCCESS : failure;
        while (true) {
            Object s = STATE.getAcquire(this);
            if (s == RUNNING) {
                if (STATE.compareAndSet(this, RUNNING, result)) {
                    return;
                }
            } else if (s instanceof CompletableFuture<?> waiting) {
                // Waiters only ever replace RUNNING, so no one else writes once a future is in.
                STATE.setRelease(this, result);
                @SuppressWarnings("unchecked")
                CompletableFuture<Void> w = (CompletableFuture<Void>) waiting;
                if (failure == null) {
                    w.complete(null);
                } else {
                    w.completeExceptionally(failure);
                }
                return;
            } else {
                throw new IllegalStateException("resource #" + id + " settled twice");
            }
        }
    }

    /**
     * @return a future of the outcome of a claimed cleanup, of the caller's own: cancelling it
     *     cancels nothing else
     */
    CompletableFuture<Void> outcome() {
        while (true) {
            Object s = STATE.getAcquire(this);
            if (s == SUCCESS) {
                return CompletableFuture.completedFuture(null);
            } else if (s instanceof CleanupException e) {
                return CompletableFuture.failedFuture(e);
            } else if (s instanceof CompletableFuture<?> waiting) {
                @SuppressWarnings("unchecked")
                CompletableFuture<Void> w = (CompletableFuture<Void>) waiting;
                return w.copy();
            } else if (s == RUNNING) {
                CompletableFuture<Void> w = new CompletableFuture<>();
                if (STATE.compareAndSet(this, RUNNING, w)) {
                    return w.copy();
                }
            } else {
                throw new IllegalStateException("resource #" + id + " is not being cleaned");
            }
        }
    }

    /** What is left of a resource once its cleanup is handed over: its type, for reports. */
    private record Released(String type) {
    }

    /** @return the resource's type for listings and events: its class name, or what it says it is */
    String type() {
        Object r = resource;
        if (r instanceof Released released) {
            return released.type();
        }
        return r instanceof DescribedResource d ? d.resourceType() : r.getClass().getName();
    }

    /** @return the resource, or {@code null} once its cleanup was handed over */
    Object resourceIfHeld() {
        Object r = resource;
        return r instanceof Released ? null : r;
    }

    /** A cleanup handed over with its resource. */
    record Handover(AsyncCleanup<Object> cleanup, Object resource) {
    }

    /**
     * Hands the cleanup over to the one caller that claimed it, and forgets the resource and the
     * cleanup here (see {@link #resource}).
     *
     * @return the cleanup and its resource
     */
    Handover release() {
        Handover handover = new Handover(cleanup, resource);
        resource = new Released(type());
        cleanup = null;
        return handover;
    }

    /** @return what the registry knows of the resource; the site's text is built here, on demand */
    public ResourceInfo info() {
        CreationSite.Frames site = site();
        return new ResourceInfo(id, type(), Instant.ofEpochMilli(createdMillis), thread(),
                site == null ? List.of() : CreationSite.elements(site));
    }
}
