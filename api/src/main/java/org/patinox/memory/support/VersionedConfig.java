package org.patinox.memory.support;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.patinox.memory.ConfigException;
import org.patinox.memory.internal.Durations;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.share.ConfigData;
import org.patinox.memory.share.ConfigSource;
import org.patinox.memory.share.ShareConfig;
import org.patinox.memory.share.Subscription;
import org.patinox.memory.share.Versioned;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;

/**
 * The {@link ConfigData} of every implementation: its work is on the slow path (validation,
 * notification), where the implementations must behave and word their reports alike.
 *
 * <p>How delivery keeps its promises: the current version is one volatile field, so readers never
 * wait. Updates are serialized by a lock that only updates, subscriptions and close take (never a
 * reader, never a subscriber's callback). Each subscriber has a mailbox holding the newest version
 * not yet delivered: publishing replaces it with a newer one (coalescing) and schedules one drain
 * task on the instance's virtual threads, unless one is already scheduled. At most one drain runs
 * per subscriber at a time (the {@code scheduled} flag), and it delivers only versions above the
 * last it delivered, so each subscriber sees strictly increasing versions, on its own thread,
 * whatever the others do. No subscriber's callback runs under the lock: publishing fills the
 * mailboxes under it and schedules the drains after releasing it.
 *
 * <p>Once the instance's executor refuses work (the instance is closing), a drain runs on the thread
 * that scheduled it instead, so that every {@link Flow.Subscriber} still gets {@code onSubscribe}
 * and its terminal signal: dropping the drain would leave it waiting for ever.
 *
 * <p>Shared by the first-party implementations: not part of the API.
 *
 * @param <T> the type of the configuration
 */
public final class VersionedConfig<T> implements ConfigData<T> {

    private final String name;
    private final List<Validator<? super T>> validators;
    private final ShareConfig config;
    private final Executor executor;
    /** How long a close waits for the watches of its sources: the instance's shutdown timeout. */
    private final long closeWaitNanos;
    private final ShareEvents events;
    private final boolean publishedEvents;
    private final ReentrantLock publishing = new ReentrantLock();
    private final Set<Delivery<T>> deliveries = ConcurrentHashMap.newKeySet();
    private final Set<WatchedFile<T>> sources = ConcurrentHashMap.newKeySet();
    private volatile Versioned<T> current;
    private volatile boolean closed;
    private final AtomicBoolean closing = new AtomicBoolean();

    /**
     * @param initial the first version's value
     * @param validators the rules, checked on {@code initial} too
     * @param config the name (assigned) and the reload settings
     * @param context where subscribers and file watches run: its blocking executor
     * @param monitor where events go
     * @throws ConfigException when {@code initial} fails a validator
     */
    public VersionedConfig(T initial, List<Validator<? super T>> validators, ShareConfig config,
                           ProviderContext context, Monitor monitor) {
        Objects.requireNonNull(initial, "initial");
        this.validators = List.copyOf(validators);
        this.config = Objects.requireNonNull(config, "config");
        this.name = config.name();
        this.executor = context.blockingExecutor();
        this.closeWaitNanos = Durations.saturatedNanos(context.config().shutdownTimeout());
        this.events = new ShareEvents(name, monitor);
        this.publishedEvents = events.wants(EventKind.SHARE_VERSION_PUBLISHED);
        List<Throwable> failures = validate(initial);
        if (!failures.isEmpty()) {
            throw rejection(failures, "its initial value is rejected");
        }
        this.current = new Versioned<>(initial, 1, Instant.now());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Versioned<T> current() {
        return current;
    }

    @Override
    public Versioned<T> update(T value) {
        return publish(value, "update");
    }

    /**
     * Validates and publishes, or rejects and reports.
     *
     * @param value the new value
     * @param origin {@code update}, or the file a reload read, for the event
     * @return the version published
     */
    Versioned<T> publish(T value, String origin) {
        refuseReentry(value);
        publishing.lock();
        return published(value, origin, null);
    }

    /**
     * As {@link #publish}, for the watch of a file: its wait for the lock, which a hanging validator
     * may hold, ends when its source's close interrupts it.
     *
     * @param value the new value
     * @param origin the file read, for the event
     * @param source the source publishing: a rejection once it is closed is not reported, since its
     *     close interrupts the validators and a rule that failed then says nothing of the file
     * @return the version published
     * @throws InterruptedException when interrupted while waiting for the lock
     */
    Versioned<T> publishInterruptibly(T value, String origin, ConfigSource source) throws InterruptedException {
        refuseReentry(value);
        publishing.lockInterruptibly();
        return published(value, origin, source);
    }

    private void refuseReentry(T value) {
        Objects.requireNonNull(value, "value");
        refuseFromValidator("update");
    }

    /** @throws IllegalStateException naming the call when it comes from one of the validators */
    private void refuseFromValidator(String call) {
        if (publishing.isHeldByCurrentThread()) {
            throw new IllegalStateException("Config " + name + ": " + call + " was called from one of its validators;"
                    + " a validator must only check the value it is given");
        }
    }

    /**
     * Publishes holding {@link #publishing}, which it releases before scheduling the deliveries.
     *
     * @param source the source publishing, or {@code null} for an update
     */
    private Versioned<T> published(T value, String origin, ConfigSource source) {
        Versioned<T> next;
        List<Delivery<T>> told;
        try {
            requireOpen();
            List<Throwable> failures = validate(value);
            if (!failures.isEmpty()) {
                ConfigException e = rejection(failures, "rejected the update; version " + current.version()
                        + " stays current");
                if ((source == null || !source.isClosed()) && events.wants(EventKind.SHARE_UPDATE_REJECTED)) {
                    events.record(EventKind.SHARE_UPDATE_REJECTED, e, "version", current.version(), "origin", origin);
                }
                throw e;
            }
            next = new Versioned<>(value, current.version() + 1, Instant.now());
            current = next;
            told = List.copyOf(deliveries);
            // Filled under the lock, so that each mailbox sees the versions in order.
            for (Delivery<T> d : told) {
                d.stage(next);
            }
            if (publishedEvents) {
                events.record(EventKind.SHARE_VERSION_PUBLISHED, null, "version", next.version(), "origin", origin);
            }
        } finally {
            publishing.unlock();
        }
        for (Delivery<T> d : told) {
            d.schedule();
        }
        return next;
    }

    /**
     * Runs every validator; whatever one throws, an {@code Error} or an undeclared checked exception
     * too, fails its rule.
     */
    private List<Throwable> validate(T value) {
        List<Throwable> failures = new ArrayList<>();
        for (Validator<? super T> v : validators) {
            try {
                v.validate(value);
            } catch (Throwable e) {
                CacheEvents.rethrowFatal(e);
                failures.add(e);
            }
        }
        return failures;
    }

    private ConfigException rejection(List<Throwable> failures, String outcome) {
        String rules = failures.stream()
                .map(e -> e.getMessage() == null ? e.getClass().getName() : e.getMessage())
                .collect(Collectors.joining("; "));
        ConfigException e = new ConfigException("Config " + name + " " + outcome + ": " + failures.size()
                + (failures.size() == 1 ? " rule failed: " : " rules failed: ") + rules, failures.getFirst());
        failures.stream().skip(1).forEach(e::addSuppressed);
        return e;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("Config " + name + " is closed");
        }
    }

    @Override
    public Subscription subscribe(Consumer<? super Versioned<T>> listener) {
        Objects.requireNonNull(listener, "listener");
        ListenerDelivery<T> delivery = new ListenerDelivery<>(this, listener);
        if (!start(delivery)) {
            requireOpen();
        }
        return delivery;
    }

    @Override
    public Flow.Publisher<Versioned<T>> publisher() {
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber");
            FlowDelivery<T> delivery = new FlowDelivery<>(this, subscriber);
            if (!start(delivery)) {
                // Rule 1.9: subscribe returns normally and signals the refusal, after onSubscribe.
                delivery.refuse(new IllegalStateException("Config " + name + " is closed"));
            }
        };
    }

    /**
     * Joins the delivery and gives it the current version, under the lock so that no version slips between.
     *
     * @return {@code false} when the configuration was closed already and the delivery did not join
     */
    private boolean start(Delivery<T> delivery) {
        publishing.lock();
        try {
            if (closed) {
                return false;
            }
            deliveries.add(delivery);
            delivery.stage(current);
        } finally {
            publishing.unlock();
        }
        delivery.schedule();
        if (closed) {
            // close() may have taken its list of deliveries before this one joined it.
            delivery.closing();
        }
        return true;
    }

    @Override
    public ConfigSource reloadFrom(Path file, Function<? super Properties, ? extends T> parser) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(parser, "parser");
        requireOpen();
        // Refused before the source exists: its first read would publish from inside the validator.
        refuseFromValidator("reloadFrom");
        WatchedFile<T> source = new WatchedFile<>(this, file, parser, config, executor, events, sources::remove,
                closeWaitNanos);
        sources.add(source);
        if (closed) {
            source.close();
            requireOpen();
        }
        source.start();
        return source;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes without the publishing lock, so that a validator that hangs cannot hold close up; a
     * delivery that joins meanwhile checks {@code closed} after joining (see {@link #start}).
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        // Stopped together, then waited for against one deadline: watches that ignore the interrupt
        // hold the close up for the instance's shutdown timeout, not for that much per source.
        List<WatchedFile<T>> stopping = List.copyOf(sources);
        boolean[] stopped = new boolean[stopping.size()];
        for (int i = 0; i < stopped.length; i++) {
            stopped[i] = stopping.get(i).stop();
        }
        long deadline = System.nanoTime() + closeWaitNanos;
        for (int i = 0; i < stopped.length; i++) {
            stopping.get(i).finishClose(deadline, stopped[i]);
        }
        for (Delivery<T> d : List.copyOf(deliveries)) {
            d.closing();
        }
    }

    @Override
    public String toString() {
        return "ConfigData " + name + " at version " + current.version();
    }

    /** A subscriber's mailbox and the task that drains it; see the class description. */
    private abstract static class Delivery<T> implements Runnable {
        static final String KEPT = "it keeps its subscription";
        final VersionedConfig<T> owner;
        private final AtomicReference<Versioned<T>> pending = new AtomicReference<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        volatile long lastDelivered;
        volatile boolean cancelled;

        Delivery(VersionedConfig<T> owner) {
            this.owner = owner;
        }

        /** Puts the version in the mailbox, unless a newer one is there; {@link #schedule()} delivers it. */
        final void stage(Versioned<T> v) {
            pending.accumulateAndGet(v, (old, offered) -> old == null || offered.version() > old.version() ? offered : old);
        }

        /** Starts a drain unless one runs; never called holding the publishing lock (see the class). */
        final void schedule() {
            if (scheduled.compareAndSet(false, true)) {
                try {
                    owner.executor.execute(this);
                } catch (RejectedExecutionException e) {
                    // The instance is closing and its threads have stopped: what is left to signal
                    // (onSubscribe, onComplete) is signalled here rather than lost.
                    run();
                }
            }
        }

        @Override
        public final void run() {
            do {
                try {
                    while (step()) {
                        // one signal per step, until there is nothing to do
                    }
                } finally {
                    scheduled.set(false);
                }
                // A version offered after the last step but before the flag was cleared found it set.
            } while (hasWork() && scheduled.compareAndSet(false, true));
        }

        /** @return the newest version not yet delivered, taken from the mailbox, or {@code null} */
        final Versioned<T> take() {
            Versioned<T> v;
            do {
                v = pending.getAndSet(null);
            } while (v != null && v.version() <= lastDelivered);
            if (v != null) {
                lastDelivered = v.version();
            }
            return v;
        }

        final boolean hasPending() {
            Versioned<T> v = pending.get();
            return v != null && v.version() > lastDelivered;
        }

        /**
         * Reports what a subscriber's callback threw.
         *
         * @param outcome what becomes of the subscription, for the warning
         */
        final void failed(String subscriber, Versioned<T> v, Throwable e, String outcome) {
            CacheEvents.rethrowFatal(e);
            owner.events.warn("the " + subscriber + " threw on version " + v.version() + "; " + outcome,
                    EventKind.SHARE_SUBSCRIBER_FAILED, e, "version", v.version(), "subscriber", subscriber);
        }

        /** @return whether a signal was delivered */
        abstract boolean step();

        abstract boolean hasWork();

        /** The configuration closed. */
        abstract void closing();
    }

    private static final class ListenerDelivery<T> extends Delivery<T> implements Subscription {
        private final Consumer<? super Versioned<T>> listener;

        ListenerDelivery(VersionedConfig<T> owner, Consumer<? super Versioned<T>> listener) {
            super(owner);
            this.listener = listener;
        }

        @Override
        boolean step() {
            if (cancelled) {
                return false;
            }
            Versioned<T> v = take();
            if (v == null) {
                return false;
            }
            try {
                listener.accept(v);
            } catch (Throwable e) {
                failed("listener " + listener, v, e, KEPT);
            }
            return true;
        }

        @Override
        boolean hasWork() {
            return !cancelled && hasPending();
        }

        @Override
        void closing() {
            cancel();
        }

        @Override
        public void cancel() {
            cancelled = true;
            owner.deliveries.remove(this);
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public long lastDelivered() {
            return lastDelivered;
        }
    }

    private static final class FlowDelivery<T> extends Delivery<T> implements Flow.Subscription {
        private final Flow.Subscriber<? super Versioned<T>> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private volatile boolean subscribed;
        private volatile boolean terminated;
        private volatile boolean completing;
        private volatile Throwable error;

        FlowDelivery(VersionedConfig<T> owner, Flow.Subscriber<? super Versioned<T>> subscriber) {
            super(owner);
            this.subscriber = subscriber;
        }

        @Override
        boolean step() {
            if (terminated) {
                return false;
            }
            if (!subscribed) {
                subscribed = true;
                try {
                    subscriber.onSubscribe(this);
                } catch (Throwable e) {
                    // Rule 2.13: a subscriber that throws is treated as cancelled.
                    cancel();
                    terminated = true;
                    failed("Flow subscriber " + subscriber + " (onSubscribe)", owner.current, e,
                            "its subscription is cancelled (Reactive Streams rule 2.13)");
                }
                return true;
            }
            if (cancelled) {
                return false; // rule 1.8: a cancelled subscription is signalled no more, not even an error
            }
            Throwable failure = error;
            if (failure != null) {
                terminated = true;
                cancel();
                signal(() -> subscriber.onError(failure), "onError");
                return false;
            }
            boolean due = demand.get() > 0 && hasPending();
            if (completing && !due) {
                // A version published before the close and within the demand goes first: the end of
                // the stream must not make the subscriber take an older version for the last one.
                terminated = true;
                cancel();
                signal(subscriber::onComplete, "onComplete");
                return false;
            }
            if (!due) {
                return false;
            }
            Versioned<T> v = take();
            if (v == null) {
                return false;
            }
            if (demand.get() != Long.MAX_VALUE) {
                demand.decrementAndGet();
            }
            try {
                subscriber.onNext(v);
            } catch (Throwable e) {
                failed("Flow subscriber " + subscriber, v, e, KEPT);
            }
            return true;
        }

        private void signal(Runnable call, String what) {
            try {
                call.run();
            } catch (Throwable e) {
                failed("Flow subscriber " + subscriber + " (" + what + ")", owner.current, e,
                        "its subscription had ended");
            }
        }

        @Override
        boolean hasWork() {
            return !terminated && (!subscribed
                    || (!cancelled && (error != null || completing || (demand.get() > 0 && hasPending()))));
        }

        /** The configuration was closed before this subscriber joined: {@code onSubscribe}, then {@code onError}. */
        void refuse(IllegalStateException closed) {
            error = closed;
            schedule();
        }

        @Override
        void closing() {
            completing = true;
            owner.deliveries.remove(this);
            schedule();
        }

        @Override
        public void request(long n) {
            if (cancelled || terminated) {
                return; // rule 3.6: after the subscription is cancelled or over, a request does nothing
            }
            if (n <= 0) {
                if (error == null) { // a refused subscription keeps its reason
                    error = new IllegalArgumentException("Flow subscriber " + subscriber + " requested " + n
                            + " versions; a request must be positive (Reactive Streams rule 3.9)");
                }
            } else {
                demand.accumulateAndGet(n, (have, more) -> have + more < 0 ? Long.MAX_VALUE : have + more);
            }
            schedule();
        }

        @Override
        public void cancel() {
            cancelled = true;
            owner.deliveries.remove(this);
        }
    }
}
