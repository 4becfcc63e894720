package org.patinox.memory.standard;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.patinox.memory.spi.ConnectionManager;

/**
 * A connection manager for tests: connections are numbered, and it checks what a pool must never
 * do to them (use one after destroying it, destroy one twice, hold more than a maximum).
 */
final class FakeManager implements ConnectionManager<FakeManager.Conn> {

    /** A connection; {@code borrowed} catches a second holder. */
    static final class Conn {
        final int id;
        final AtomicBoolean borrowed = new AtomicBoolean();
        volatile boolean valid = true;

        Conn(int id) {
            this.id = id;
        }

        @Override
        public String toString() {
            return "Conn#" + id;
        }
    }

    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger destroyed = new AtomicInteger();
    final AtomicInteger validations = new AtomicInteger();
    final AtomicInteger recycles = new AtomicInteger();
    final AtomicInteger maxOpen = new AtomicInteger();
    final Set<Conn> open = ConcurrentHashMap.newKeySet();
    final Set<String> errors = ConcurrentHashMap.newKeySet();
    volatile boolean failCreate;
    volatile boolean failRecycle;
    /** While set, create blocks until it is counted down (or the thread is interrupted). */
    volatile CountDownLatch createGate;

    @Override
    public CompletionStage<Conn> create() {
        CountDownLatch gate = createGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        if (failCreate) {
            throw new IllegalStateException("server down");
        }
        Conn c = new Conn(created.incrementAndGet());
        open.add(c);
        maxOpen.accumulateAndGet(open.size(), Math::max);
        return CompletableFuture.completedFuture(c);
    }

    @Override
    public CompletionStage<Boolean> validate(Conn connection) {
        validations.incrementAndGet();
        check(connection, "validate");
        return CompletableFuture.completedFuture(connection.valid);
    }

    @Override
    public CompletionStage<Void> recycle(Conn connection) {
        recycles.incrementAndGet();
        check(connection, "recycle");
        if (failRecycle) {
            return CompletableFuture.failedFuture(new IllegalStateException("cannot reset"));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> destroy(Conn connection) {
        if (!open.remove(connection)) {
            errors.add("destroyed twice or never created: " + connection);
        }
        destroyed.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    private void check(Conn connection, String what) {
        if (!open.contains(connection)) {
            errors.add(what + " of a destroyed connection: " + connection);
        }
    }
}
