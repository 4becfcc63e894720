package org.patinox.memory.spi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.patinox.memory.CacheException;

/**
 * Runs a cache's loader once per key under concurrency, for cache implementations: the first
 * caller for an absent key loads, and those that ask for the key meanwhile wait for its result
 * rather than load again. It keeps the load counts of {@link org.patinox.memory.cache.CacheStats}.
 *
 * <h2>Failures</h2>
 * A loader that throws stores nothing, and counts as a failed load whatever it throws. What it
 * threw reaches the loading caller as thrown, a checked exception thrown undeclared (as Kotlin,
 * Scala or Lombok's {@code @SneakyThrows} do) included. A {@link RuntimeException} or an {@link
 * Error} also reaches every caller that waited for that load, as thrown. A checked exception does
 * not: its type is one the waiters' code never declared, and wrapping it would change what they
 * see; each waiter loads for itself instead, as Caffeine's waiters do (they still load once among
 * them: the first one loads, the others wait for it).
 *
 * <h2>Cycles</h2>
 * A load may not depend on itself. A loader that asks for the key it is loading, on the loading
 * thread, or through loads on other threads (the loader of {@code k1} waits for {@code k2}, whose
 * loader, on another thread, waits for {@code k1}; or a loader joins the {@link #loadAsync} future
 * of a load that waits for it), would wait forever; it gets a {@link CacheException} of kind
 * {@link CacheException.Kind#RECURSIVE_LOAD} instead, whose message names the keys in the cycle,
 * such as {@code k1 -> k2 -> k1}. Every thread that blocks records, in one map shared by every
 * coordinator, what it waits for; each load and each {@link #loadAsync} future records the thread
 * running it. Before blocking, a thread records its wait, then walks from what it waits for to
 * its owner, to what that owner waits for, and so on: when the walk comes back to it, it has closed
 * a cycle. The walk is repeated to check that every step still holds; since a wait ends only when
 * what it waits for completes, steps that held on both walks all held at one instant, so a cycle
 * reported is real. A cycle, once formed, never breaks by itself, and the last thread to join it
 * finds it on its walk, since every other one recorded its wait before walking. Waits that this
 * class does not see (on a lock, or on another future) are not part of the walk.
 *
 * <h2>Removals during a load</h2>
 * A load started before a removal of its key must not leave its value cached after the removal:
 * the value was read from the source before it, and the classic "update the source, then
 * invalidate" would keep the old value. Caffeine's removal waits for the load in flight and then
 * removes its value. Here a cache calls {@link #invalidate} (or {@link #invalidateAll}) before it
 * removes, and passes {@link #load(Object, Function, Function, BiFunction, BiConsumer) load} a way
 * to take a stored value out again: a load that stored its value and then finds its flight
 * invalidated takes it out (as its own removal, reported like the cache's). Either the store came
 * before the removal, which took the value out; or the removal's call came first, and the load,
 * which looks after its store, takes it out itself. So the value is cached and reported once, as
 * Caffeine's would be, and the load's callers get it either way; a caller arriving after the
 * removal loads afresh. Writes that store a value need none of this: the load stores only if the
 * key has no value.
 *
 * <h2>Close</h2>
 * A cache calls {@link #close()} as it closes. The callers waiting for a load in flight then end at
 * once with the {@link CacheException} of kind {@link CacheException.Kind#CLOSED} that every
 * operation of a closed cache throws, rather than when the loader returns, which may be never. The
 * loading caller gets the same exception once its loader returns, and its value is not stored; a
 * load asked for after the close is refused alike.
 *
 * <p>The loads in flight are held in a map of their own, so that no lock of the cache is held
 * while a loader runs. Thread-safe. Waiting is {@link CompletableFuture#join()}, which a virtual
 * thread does without pinning its carrier.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class LoadCoordinator<K, V> {

    /** What each thread blocked in a load, or in the join of a {@link #loadAsync} future, waits for. */
    private static final ConcurrentHashMap<Thread, Awaited> WAITING = new ConcurrentHashMap<>();

    /** Something a thread may wait for, run by one thread: a load in flight, or an asynchronous load. */
    private interface Awaited {
        /** @return the thread running it, or {@code null} when it has not started */
        Thread owner();

        /** @return whether it has completed, so that its waiters are released */
        boolean done();

        /** @return the key it loads, for the message of a cycle */
        Object key();

        /** @return the name of the cache it loads for, for the message of a cycle */
        String cacheName();
    }

    /** A load in flight: the thread running it and its outcome, a value or a {@link Failed}. */
    private record Flight(String cacheName, Object key, Thread owner, CompletableFuture<Object> outcome)
            implements Awaited {
        @Override
        public boolean done() {
            return outcome.isDone();
        }
    }

    /** The outcome of a load whose loader, lookup or store threw. */
    private record Failed(Throwable error) {
    }

    /** The outcome of every load in flight when {@link #close()} was called. */
    private static final Object CLOSED = new Object();

    private final String cacheName;
    private final LongSupplier ticker;
    private final ConcurrentHashMap<K, Flight> flights = new ConcurrentHashMap<>();
    private final LongAdder successes = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder loadNanos = new LongAdder();
    /** Set by {@link #close()}, before it ends the loads in flight. */
    private volatile boolean closed;

    /**
     * @param cacheName the cache's name, for the message of a recursive load
     * @param ticker the clock that times loads, in nanoseconds
     */
    public LoadCoordinator(String cacheName, LongSupplier ticker) {
        this.cacheName = Objects.requireNonNull(cacheName, "cacheName");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /**
     * Loads the value of a key the cache found absent, or waits for the load already in flight.
     *
     * @param key the key
     * @param lookup reads the key's live value from the cache, or {@code null}; asked again once
     *     this call owns the load, since another load may have finished in between
     * @param loader the user's loader
     * @param store caches the loaded value unless the key has one by now, and returns the value the
     *     cache holds afterwards; called only for a non-null value
     * @return the value, or {@code null} when the loader returned {@code null}
     * @throws CacheException of kind {@link CacheException.Kind#RECURSIVE_LOAD} when waiting for the
     *     load in flight would close a cycle of loads waiting for each other (see the class
     *     description); of kind {@link CacheException.Kind#CLOSED} when the cache is closed before
     *     the value is stored (see "Close" in the class description)
     */
    public V load(K key, Function<? super K, ? extends V> lookup, Function<? super K, ? extends V> loader,
                  BiFunction<? super K, ? super V, ? extends V> store) {
        return load(key, lookup, loader, store, null);
    }

    /**
     * As {@link #load(Object, Function, Function, BiFunction)}, for a cache that calls {@link
     * #invalidate} before its removals: a value stored by a load whose flight a removal invalidated
     * meanwhile is taken out again (see "Removals during a load" in the class description).
     *
     * @param key the key
     * @param lookup as for the other {@code load}
     * @param loader the user's loader
     * @param store as for the other {@code load}
     * @param unstore removes the key's entry if it still holds this very value (identity), reported
     *     as an explicit removal; {@code null} for a cache that does not invalidate loads
     * @return the value, or {@code null} when the loader returned {@code null}
     * @throws CacheException as the other {@code load} does
     */
    public V load(K key, Function<? super K, ? extends V> lookup, Function<? super K, ? extends V> loader,
                  BiFunction<? super K, ? super V, ? extends V> store, BiConsumer<? super K, ? super V> unstore) {
        for (;;) {
            if (closed) {
                throw closedException();
            }
            Flight mine = new Flight(cacheName, key, Thread.currentThread(), new CompletableFuture<>());
            Flight running = flights.putIfAbsent(key, mine);
            if (running == null) {
                if (closed) {
                    // A close that came since the check above may have missed this flight: end it here.
                    flights.remove(key, mine);
                    mine.outcome().complete(CLOSED);
                    throw closedException();
                }
                return run(key, mine, lookup, loader, store, unstore);
            }
            Object outcome = waitFor(running);
            if (outcome == CLOSED) {
                throw closedException();
            }
            if (!(outcome instanceof Failed(Throwable error))) {
                @SuppressWarnings("unchecked") // a flight of this coordinator completes with a V or a Failed
                V value = (V) outcome;
                return value;
            }
            if (error instanceof RuntimeException e) {
                throw e;
            }
            if (error instanceof Error e) {
                throw e;
            }
            // A checked exception, thrown undeclared: this caller loads for itself (see the class description).
        }
    }

    /** Waits, without being interruptible, for a flight, unless that would close a cycle; returns its outcome. */
    private Object waitFor(Flight flight) {
        CompletableFuture<Object> outcome = flight.outcome();
        if (!outcome.isDone()) {
            Thread me = Thread.currentThread();
            Awaited before = WAITING.put(me, flight);
            try {
                CacheException cycle = cycleThrough(me, flight);
                if (cycle != null) {
                    throw cycle;
                }
                boolean interrupted = false;
                for (;;) {
                    try {
                        outcome.get();
                        break;
                    } catch (InterruptedException e) {
                        // Waiting for another's load is not cancellable from here: keep the
                        // contract of returning the value or the loader's failure, and the flag.
                        interrupted = true;
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("a flight's outcome is never exceptional", e);
                    }
                }
                if (interrupted) {
                    me.interrupt();
                }
            } finally {
                restore(me, flight, before);
            }
        }
        return outcome.join();
    }

    private V run(K key, Flight mine, Function<? super K, ? extends V> lookup,
                  Function<? super K, ? extends V> loader, BiFunction<? super K, ? super V, ? extends V> store,
                  BiConsumer<? super K, ? super V> unstore) {
        Object outcome = null;
        try {
            V present = lookup.apply(key);
            if (present != null) {
                outcome = present;
                return present;
            }
            long start = ticker.getAsLong();
            V loaded;
            try {
                loaded = loader.apply(key);
            } catch (Throwable e) {
                // Any throwable: a checked one thrown undeclared is a failed load like the others.
                loadNanos.add(Math.max(0, ticker.getAsLong() - start));
                failures.increment();
                throw e;
            }
            loadNanos.add(Math.max(0, ticker.getAsLong() - start));
            successes.increment();
            if (closed) {
                // The cache closed while the loader ran: its value is dropped, as the cache's entries were.
                throw closedException();
            }
            V result = loaded == null ? null : store.apply(key, loaded);
            if (result == loaded && loaded != null && unstore != null && flights.get(key) != mine) {
                // A removal came while the value loaded: it wins (see the class description).
                unstore.accept(key, loaded);
            }
            outcome = result;
            return result;
        } catch (Throwable e) {
            outcome = new Failed(e);
            throw e;
        } finally {
            // Out of the map before it completes, so that a caller coming after the outcome starts
            // afresh (and finds the value stored) rather than being handed an old failure.
            flights.remove(key, mine);
            mine.outcome().complete(outcome);
        }
    }

    /**
     * Runs a load on the executor and returns its future, whose {@link CompletableFuture#join()}
     * and {@link CompletableFuture#get()} take part in the detection of cycles: the thread running
     * the load is recorded as it starts, and a loader that joins the future of a load waiting for
     * it gets a {@link CompletionException} (or an {@link ExecutionException}) caused by a {@link
     * CacheException} of kind {@link CacheException.Kind#RECURSIVE_LOAD}, rather than waiting
     * forever.
     *
     * @param key the key loaded, for the message of a cycle
     * @param executor where the load runs
     * @param load the load, typically a call of {@link #load} or of the cache's own {@code get}
     * @return a future completed with what the load returns, or exceptionally with what it threw
     *     (or the executor's {@link RejectedExecutionException})
     */
    public CompletableFuture<V> loadAsync(K key, Executor executor, Supplier<? extends V> load) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(load, "load");
        AsyncLoad<V> future = new AsyncLoad<>(cacheName, key);
        try {
            executor.execute(() -> future.run(load));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    /** The future of {@link #loadAsync}: its owner is the thread running the load, once it runs. */
    private static final class AsyncLoad<V> extends CompletableFuture<V> implements Awaited {
        private final String cacheName;
        private final Object key;
        private volatile Thread owner;

        AsyncLoad(String cacheName, Object key) {
            this.cacheName = cacheName;
            this.key = key;
        }

        void run(Supplier<? extends V> load) {
            owner = Thread.currentThread();
            try {
                complete(load.get());
            } catch (Throwable e) {
                completeExceptionally(e);
            }
        }

        @Override
        public Thread owner() {
            return owner;
        }

        @Override
        public boolean done() {
            return isDone();
        }

        @Override
        public Object key() {
            return key;
        }

        @Override
        public String cacheName() {
            return cacheName;
        }

        @Override
        public V join() {
            if (isDone()) {
                return super.join();
            }
            Thread me = Thread.currentThread();
            Awaited before = WAITING.put(me, this);
            try {
                CacheException cycle = cycleThrough(me, this);
                if (cycle != null) {
                    throw new CompletionException(cycle);
                }
                return super.join();
            } finally {
                restore(me, this, before);
            }
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            if (isDone()) {
                return super.get();
            }
            Thread me = Thread.currentThread();
            Awaited before = WAITING.put(me, this);
            try {
                CacheException cycle = cycleThrough(me, this);
                if (cycle != null) {
                    throw new ExecutionException(cycle);
                }
                return super.get();
            } finally {
                restore(me, this, before);
            }
        }
    }

    /** Ends a wait recorded by {@code WAITING.put(me, awaited)}, which replaced {@code before}. */
    private static void restore(Thread me, Awaited awaited, Awaited before) {
        if (before == null) {
            WAITING.remove(me, awaited);
        } else {
            WAITING.replace(me, awaited, before);
        }
    }

    /**
     * Called by a thread that recorded that it waits for {@code first}: walks from it to its owner,
     * to what that owner waits for, and so on.
     *
     * @return the exception to throw when the walk comes back to this thread and a second walk
     *     finds every step still holding; {@code null} when there is no cycle through it
     */
    private static CacheException cycleThrough(Thread me, Awaited first) {
        List<Thread> waiters = new ArrayList<>();
        List<Awaited> chain = new ArrayList<>();
        Set<Thread> seen = new HashSet<>();
        Thread waiter = me;
        Awaited awaited = first;
        for (;;) {
            if (awaited.done()) {
                return null;
            }
            waiters.add(waiter);
            chain.add(awaited);
            Thread owner = awaited.owner();
            if (owner == me) {
                break;
            }
            if (owner == null || !seen.add(owner)) {
                // Not started; or a cycle that does not pass through this thread, which its own
                // threads find.
                return null;
            }
            Awaited next = WAITING.get(owner);
            if (next == null) {
                return null;
            }
            waiter = owner;
            awaited = next;
        }
        // Owners never change; a wait ends only when what it waits for is done. So steps that hold
        // now as they did on the first walk held all along, and all at once: the cycle is real.
        for (int i = 0; i < chain.size(); i++) {
            if (WAITING.get(waiters.get(i)) != chain.get(i) || chain.get(i).done()) {
                return null;
            }
        }
        return cycle(first.cacheName(), chain);
    }

    /**
     * @param chain what this thread waits for, then what its owner waits for, and so on; the last
     *     is run by this thread
     */
    private static CacheException cycle(String cacheName, List<Awaited> chain) {
        Awaited mine = chain.getLast();
        StringBuilder path = new StringBuilder(name(cacheName, mine));
        for (Awaited awaited : chain) {
            path.append(" -> ").append(name(cacheName, awaited));
        }
        String message = chain.size() == 1
                ? "cache '" + cacheName + "': the loader of key " + mine.key() + " asked for that key itself ("
                        + path + "); a load may not depend on itself"
                : "cache '" + cacheName + "': loads wait for each other in a cycle, " + path
                        + " (the loader of each key waits for the next, on other threads); a load may not depend"
                        + " on itself, directly or not";
        return new CacheException(CacheException.Kind.RECURSIVE_LOAD, cacheName, message);
    }

    private static String name(String cacheName, Awaited awaited) {
        String key = String.valueOf(awaited.key());
        return awaited.cacheName().equals(cacheName) ? key : key + " (cache '" + awaited.cacheName() + "')";
    }

    /**
     * Called by a cache as it closes: the callers waiting for a load in flight end at once with the
     * cache's {@link CacheException} of kind {@link CacheException.Kind#CLOSED}; the loading
     * callers get it when their loaders return, their values not stored; and every {@link #load}
     * from now on is refused with it (see "Close" in the class description). Idempotent.
     */
    public void close() {
        closed = true;
        // After the flag: a flight put after this walk is ended by its owner, who reads the flag next.
        for (Flight flight : flights.values()) {
            flights.remove(flight.key(), flight);
            flight.outcome().complete(CLOSED);
        }
    }

    /** @return what every operation of a closed cache throws, worded as the caches word it */
    private CacheException closedException() {
        return new CacheException(CacheException.Kind.CLOSED, cacheName, "cache '" + cacheName + "' is closed");
    }

    /**
     * Called by a cache before it removes the key (whether or not it holds a value): the load in
     * flight for the key, if any, takes its value out again once stored (see "Removals during a
     * load" in the class description), and callers from now on load afresh.
     *
     * @param key the key about to be removed
     */
    public void invalidate(Object key) {
        flights.remove(key);
    }

    /** As {@link #invalidate} for every key: called by a cache before it removes every entry. */
    public void invalidateAll() {
        flights.clear();
    }

    /**
     * @param key a key
     * @return whether a load of the key is in flight
     */
    public boolean isLoading(K key) {
        return flights.containsKey(key);
    }

    /** @return loads that returned, {@code null} included */
    public long loadSuccessCount() {
        return successes.sum();
    }

    /** @return loads that threw */
    public long loadFailureCount() {
        return failures.sum();
    }

    /** @return the time spent loading, summed, in ticker nanoseconds */
    public long totalLoadTimeNanos() {
        return loadNanos.sum();
    }

    /**
     * Runs a load that is not made once per key here, such as a cache's bulk load or a refresh's
     * reload, timed and counted as {@link #load}'s loads are: a success when it returns ({@code
     * null} included), a failure when it throws, whatever it throws, which is rethrown as is.
     *
     * @param load the load
     * @param <T> what it returns
     * @return what it returned
     * @throws Exception what it threw
     */
    public <T> T counted(java.util.concurrent.Callable<? extends T> load) throws Exception {
        long start = ticker.getAsLong();
        T result;
        try {
            result = load.call();
        } catch (Throwable e) {
            loadNanos.add(Math.max(0, ticker.getAsLong() - start));
            failures.increment();
            throw e;
        }
        loadNanos.add(Math.max(0, ticker.getAsLong() - start));
        successes.increment();
        return result;
    }
}
