package org.patinox.memory.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.spi.ConnectionManager;
import stormpot.BasePoolable;
import stormpot.Slot;
import stormpot.Timeout;

/**
 * Throughput of one borrow-and-return cycle of a generic object pool holding a trivial object, so
 * that the figure is the pool's own cost: {@code pool.acquire(timeout)} then {@code close()} on
 * this project's {@link Pool} (providers {@code lockfree} and {@code standard}), beside Stormpot 4
 * ({@code claim(timeout)} then {@code release()}) and Commons Pool 2 ({@code borrowObject()} then
 * {@code returnObject(o)}). Every pool is configured alike ({@link PoolSettings}), holds
 * {@code size} objects created before measuring, and is shared by all benchmark threads: run it at
 * several thread counts with {@code benchmarks/run GenericPoolCycle --threads 1,2,4,8}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class GenericPoolCycleBenchmark {

    /** The pool under test; a {@code patinox-} prefix names this project's provider. */
    @Param({"patinox-lockfree", "patinox-standard", "stormpot", "commons-pool"})
    public String pool;

    /** The values of {@link #pool}, read from its annotation so that they are written once. */
    static final List<String> POOLS = PoolSettings.params(GenericPoolCycleBenchmark.class, "pool");

    /** Objects in the pool, all created before measuring. */
    @Param({"8", "32"})
    public int size;

    /** The trivial pooled object: one field, so that its creation cost is nothing. */
    static final class Token {
        final long id;

        Token(long id) {
            this.id = id;
        }
    }

    /**
     * One borrow-and-return cycle of one pool. Each fork runs one pool only, so this interface has
     * a single implementation loaded and its calls inline: the indirection costs all pools nothing.
     */
    interface Cycle {
        /** @return the handle or object borrowed and already returned */
        Object cycle() throws Exception;

        /** Borrows an object and keeps it: @return how to return it */
        Runnable borrow() throws Exception;

        /** @return the objects the pool has created since it opened */
        long created();

        /** @return the pool object itself, whose object graph {@link PoolMemoryFootprint} measures */
        Object pool();

        /** @return the class of the pooled objects, which are not the pool's overhead */
        Class<?> pooledClass();

        /** Closes the pool. */
        void shutdown() throws Exception;
    }

    private Cycle cycle;
    private long createdBeforeMeasuring;

    @Setup(Level.Trial)
    public void open() throws Exception {
        cycle = open(pool, size);
        createdBeforeMeasuring = cycle.created();
    }

    /** @return the named pool of {@code size} objects, all created */
    static Cycle open(String pool, int size) throws Exception {
        if (!POOLS.contains(pool)) {
            throw new IllegalArgumentException("GenericPoolCycle has no pool '" + pool + "'; it has " + POOLS);
        }
        Cycle cycle = switch (pool) {
            case "stormpot" -> new StormpotCycle(size);
            case "commons-pool" -> new CommonsPoolCycle(size);
            default -> new PatinoxCycle(pool, size);
        };
        // Borrow every object at once, so that the pool is full before the first measured cycle
        // whether it fills in the background or on demand.
        List<Runnable> returns = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            returns.add(cycle.borrow());
        }
        returns.forEach(Runnable::run);
        return cycle;
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        long created = cycle.created() - createdBeforeMeasuring;
        cycle.shutdown();
        // A creation while measuring means a discarded object: the figure would then include
        // creations, and the pools would no longer be compared alike.
        if (created != 0) {
            throw new IllegalStateException(pool + " created " + created + " objects while measuring");
        }
    }

    /** @return the borrowed handle, returned already, so that the cycle's work is not dead code */
    @Benchmark
    public Object cycle() throws Exception {
        return cycle.cycle();
    }

    /** This project's pool, through the API only. */
    static final class PatinoxCycle implements Cycle {
        private static final Duration TIMEOUT = PoolSettings.ACQUIRE_TIMEOUT;
        private final MemoryUtilities memory;
        private final Pool<Token> pool;

        PatinoxCycle(String name, int size) {
            memory = PoolSettings.open(name);
            pool = memory.pool(new TokenManager(), PoolSettings.patinox(name, size));
        }

        @Override
        public Object cycle() throws InterruptedException {
            PooledConnection<Token> c = pool.acquire(TIMEOUT);
            c.close();
            return c;
        }

        @Override
        public Runnable borrow() throws InterruptedException {
            PooledConnection<Token> c = pool.acquire(TIMEOUT);
            return c::close;
        }

        @Override
        public long created() {
            return pool.stats().created();
        }

        @Override
        public Object pool() {
            return pool;
        }

        @Override
        public Class<?> pooledClass() {
            return Token.class;
        }

        @Override
        public void shutdown() {
            memory.close();
        }
    }

    /**
     * Creates tokens and finds them always valid. Validation and recycling answer with one future
     * completed once, as the SPI advises when there is nothing to do, so that the manager adds no
     * allocation to the cycle. A {@link CompletableFuture} rather than {@link
     * CompletableFuture#completedStage}'s minimal stage, because a pool may look at a future's
     * state ({@code isDone()}) to skip the callback, which a minimal stage refuses.
     */
    static final class TokenManager implements ConnectionManager<Token> {
        private static final CompletionStage<Boolean> VALID = CompletableFuture.completedFuture(Boolean.TRUE);
        private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);
        private final AtomicLong ids = new AtomicLong();

        @Override
        public CompletionStage<Token> create() {
            return CompletableFuture.completedStage(new Token(ids.incrementAndGet()));
        }

        @Override
        public CompletionStage<Boolean> validate(Token connection) {
            return VALID;
        }

        @Override
        public CompletionStage<Void> recycle(Token connection) {
            return DONE;
        }

        @Override
        public CompletionStage<Void> destroy(Token connection) {
            return DONE;
        }
    }

    /** Stormpot's token: Stormpot requires the pooled object to know its slot. */
    static final class StormpotToken extends BasePoolable {
        final long id;

        StormpotToken(Slot slot, long id) {
            super(slot);
            this.id = id;
        }
    }

    /** Stormpot 4, claimed through the pool itself, its default thread-safe tap. */
    static final class StormpotCycle implements Cycle {
        private static final Timeout TIMEOUT = new Timeout(PoolSettings.ACQUIRE_TIMEOUT);
        private final AtomicLong ids = new AtomicLong();
        private final stormpot.Pool<StormpotToken> pool;

        StormpotCycle(int size) {
            stormpot.Allocator<StormpotToken> allocator = new stormpot.Allocator<>() {
                @Override
                public StormpotToken allocate(Slot slot) {
                    return new StormpotToken(slot, ids.incrementAndGet());
                }

                @Override
                public void deallocate(StormpotToken token) {
                    // A token holds nothing to release.
                }
            };
            pool = PoolSettings.stormpot(stormpot.Pool.from(allocator), size).build();
        }

        @Override
        public Object cycle() throws InterruptedException {
            StormpotToken t = pool.claim(TIMEOUT);
            if (t == null) {
                // Stormpot answers a timeout with null; the others throw, and so does this.
                throw new IllegalStateException("Stormpot gave no object within " + PoolSettings.ACQUIRE_TIMEOUT);
            }
            t.release();
            return t;
        }

        @Override
        public Runnable borrow() throws InterruptedException {
            StormpotToken t = pool.claim(TIMEOUT);
            if (t == null) {
                throw new IllegalStateException("Stormpot gave no object within " + PoolSettings.ACQUIRE_TIMEOUT);
            }
            return t::release;
        }

        @Override
        public long created() {
            return ids.get();
        }

        @Override
        public Object pool() {
            return pool;
        }

        @Override
        public Class<?> pooledClass() {
            return StormpotToken.class;
        }

        @Override
        public void shutdown() throws InterruptedException {
            pool.shutdown().await(TIMEOUT);
        }
    }

    /** Commons Pool 2's {@link GenericObjectPool}. */
    static final class CommonsPoolCycle implements Cycle {
        private final AtomicLong ids = new AtomicLong();
        private final GenericObjectPool<Token> pool;

        CommonsPoolCycle(int size) throws Exception {
            BasePooledObjectFactory<Token> factory = new BasePooledObjectFactory<>() {
                @Override
                public Token create() {
                    return new Token(ids.incrementAndGet());
                }

                @Override
                public PooledObject<Token> wrap(Token token) {
                    return new DefaultPooledObject<>(token);
                }
            };
            pool = new GenericObjectPool<>(factory, PoolSettings.commonsPool(size));
            pool.preparePool();
        }

        @Override
        public Object cycle() throws Exception {
            Token t = pool.borrowObject();
            pool.returnObject(t);
            return t;
        }

        @Override
        public Runnable borrow() throws Exception {
            Token t = pool.borrowObject();
            return () -> pool.returnObject(t);
        }

        @Override
        public long created() {
            return pool.getCreatedCount();
        }

        @Override
        public Object pool() {
            return pool;
        }

        @Override
        public Class<?> pooledClass() {
            return Token.class;
        }

        @Override
        public void shutdown() {
            pool.close();
        }
    }
}
