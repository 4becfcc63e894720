package org.patinox.memory.tck;

import java.io.Serial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.patinox.memory.spi.BlockingConnectionManager;
import org.patinox.memory.spi.ConnectionManager;

/**
 * A {@link ConnectionManager} of {@link TestConnection}s whose behaviour tests change at any time,
 * and which checks how the pool uses it; {@link #blocking()} is its twin in the {@link
 * BlockingConnectionManager} form, sharing its connections, knobs, checks and counts. Reusable by plugin authors who test code built on a pool.
 *
 * <h2>Knobs</h2>
 * Each applies to the calls that start after it is set: a create delay, failure ({@link
 * InjectedFailure} thrown) or hang (blocks until {@link #releaseHangingCreates()} or interruption,
 * or, with {@link #hangIgnoresInterrupts}, until released only);
 * a validation result ({@link Validation}), fraction of random failures and delay; a recycle
 * failure; a destroy delay. Every delay sleeps interruptibly, as a manager doing blocking I/O
 * should; an interrupted create or validate completes exceptionally with the {@link
 * InterruptedException}, an interrupted destroy still counts the connection destroyed.
 *
 * <h2>Checks</h2>
 * Recorded as {@link #errors()}, never thrown into the pool: destroying a connection twice or one
 * made by another manager; validating or recycling a destroyed connection, or one a holder has
 * {@link TestConnection#claim() claimed}; two validate or recycle calls on one connection at once;
 * two holders of one connection at once. Calls of {@code create}, {@code validate} or
 * {@code destroy} on a platform thread, which the SPI contract rules out, are listed apart in
 * {@link #platformThreadCalls()}.
 *
 * <h2>Counting</h2>
 * A connection counts as open from the moment its {@code create} starts until its {@code destroy}
 * returns; {@link #peakOpen()} is the most ever open at once, which a pool must keep within its
 * maximum size. Methods block the calling thread, so they are thread-safe and meant to be called
 * on virtual threads.
 */
public final class TestConnectionManager implements ConnectionManager<TestConnection> {

    /** What {@link #validate} answers for a connection that is not {@link #breakConnection broken}. */
    public enum Validation {
        /** {@code true}, unless the random failure fraction says otherwise. */
        VALID,
        /** {@code false}. */
        INVALID,
        /** Throws an {@link InjectedFailure}. */
        THROW
    }

    /** A failure the manager was told to produce, so that tests can tell it from a real one. */
    public static final class InjectedFailure extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super(message);
        }
    }

    /** The checked failure the {@link #blocking()} form throws where the asynchronous one throws an {@link InjectedFailure}. */
    public static final class InjectedCheckedFailure extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        InjectedCheckedFailure(String message) {
            super(message);
        }
    }

    private final AtomicLong ids = new AtomicLong();
    private final Set<TestConnection> live = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<TestConnection> all = new ConcurrentLinkedQueue<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<String> platformThreadCalls = new CopyOnWriteArrayList<>();
    private final Set<Exception> creationFailuresThrown = ConcurrentHashMap.newKeySet();

    private volatile Duration createDelay = Duration.ZERO;
    private volatile boolean failCreates;
    private volatile boolean hangCreates;
    private volatile boolean hangIgnoresInterrupts;
    private volatile CountDownLatch hangRelease = new CountDownLatch(1);
    private volatile Validation validation = Validation.VALID;
    private volatile double randomInvalidFraction;
    private volatile Duration validateDelay = Duration.ZERO;
    private volatile boolean failRecycles;
    private volatile Duration destroyDelay = Duration.ZERO;
    private volatile boolean minimalStages;
    private volatile Exception lastCreationFailure;
    private volatile Duration recycleDelay = Duration.ZERO;

    private final AtomicLong createCalls = new AtomicLong();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong creationFailures = new AtomicLong();
    private final AtomicLong interruptedCreates = new AtomicLong();
    private final AtomicLong interruptsIgnored = new AtomicLong();
    private final AtomicInteger creating = new AtomicInteger();
    private final AtomicInteger hanging = new AtomicInteger();
    private final AtomicLong validated = new AtomicLong();
    private final AtomicLong invalidAnswers = new AtomicLong();
    private final AtomicInteger validating = new AtomicInteger();
    private final AtomicLong recycled = new AtomicLong();
    private final AtomicLong destroyed = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peakOpen = new AtomicInteger();

    /** A manager whose connections are created, validated, recycled and destroyed at once. */
    public TestConnectionManager() {
    }

    // ---- knobs -------------------------------------------------------------------------------

    /**
     * @param minimal whether every method answers with a minimal completion stage ({@link
     *     CompletableFuture#minimalCompletionStage()}, as {@link CompletableFuture#completedStage}
     *     makes), which refuses {@code isDone()} and the other future methods: the SPI promises a
     *     pool only a {@link CompletionStage}
     * @return this manager
     */
    public TestConnectionManager minimalStages(boolean minimal) {
        minimalStages = minimal;
        return this;
    }

    /**
     * @param delay how long each create sleeps before it succeeds or fails
     * @return this manager
     */
    public TestConnectionManager createDelay(Duration delay) {
        createDelay = Objects.requireNonNull(delay, "delay");
        return this;
    }

    /**
     * @param fail whether creates throw an {@link InjectedFailure}
     * @return this manager
     */
    public TestConnectionManager failCreates(boolean fail) {
        failCreates = fail;
        return this;
    }

    /**
     * @param hang whether creates that start from now on block until {@link #releaseHangingCreates()}
     *     or until their thread is interrupted; turning it off leaves those already hanging as they are
     * @return this manager
     */
    public TestConnectionManager hangCreates(boolean hang) {
        hangCreates = hang;
        return this;
    }

    /**
     * @param ignore whether a hanging create that starts from now on goes on hanging when its
     *     thread is interrupted, until {@link #releaseHangingCreates()}, and then makes its
     *     connection, as a driver blocked in I/O that never checks interruption does: the pool
     *     gets it after it gave the create up
     * @return this manager
     */
    public TestConnectionManager hangIgnoresInterrupts(boolean ignore) {
        hangIgnoresInterrupts = ignore;
        return this;
    }

    /** Lets every hanging create go on, to succeed (or fail, if creates fail by then). */
    public void releaseHangingCreates() {
        CountDownLatch released = hangRelease;
        hangRelease = new CountDownLatch(1);
        released.countDown();
    }

    /**
     * @param result what validations answer from now on
     * @return this manager
     */
    public TestConnectionManager validation(Validation result) {
        validation = Objects.requireNonNull(result, "result");
        return this;
    }

    /**
     * @param fraction the share, from 0 to 1, of otherwise valid validations that answer {@code false}
     * @return this manager
     */
    public TestConnectionManager randomlyInvalid(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be between 0 and 1, but was " + fraction);
        }
        randomInvalidFraction = fraction;
        return this;
    }

    /**
     * @param delay how long each validation sleeps before it answers
     * @return this manager
     */
    public TestConnectionManager validateDelay(Duration delay) {
        validateDelay = Objects.requireNonNull(delay, "delay");
        return this;
    }

    /**
     * @param fail whether recycles throw an {@link InjectedFailure}
     * @return this manager
     */
    public TestConnectionManager failRecycles(boolean fail) {
        failRecycles = fail;
        return this;
    }

    /**
     * @param delay how long each recycle sleeps before it succeeds or fails; a recycle runs on the
     *     returning thread in the asynchronous form, so this is for the {@link #blocking()} form,
     *     whose recycles the pool bounds
     * @return this manager
     */
    public TestConnectionManager recycleDelay(Duration delay) {
        recycleDelay = Objects.requireNonNull(delay, "delay");
        return this;
    }

    /**
     * @param delay how long each destroy sleeps before it returns
     * @return this manager
     */
    public TestConnectionManager destroyDelay(Duration delay) {
        destroyDelay = Objects.requireNonNull(delay, "delay");
        return this;
    }

    /**
     * Makes every later validation of one connection answer {@code false}.
     *
     * @param connection a connection of this manager
     */
    public void breakConnection(TestConnection connection) {
        connection.markBroken();
    }

    // ---- the SPI -----------------------------------------------------------------------------

    @Override
    public CompletionStage<TestConnection> create() {
        try {
            return answer(CompletableFuture.completedFuture(doCreate(false)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return answer(CompletableFuture.failedFuture(e));
        } catch (InjectedCheckedFailure e) {
            throw new AssertionError("the asynchronous form throws unchecked failures only", e);
        }
    }

    @Override
    public CompletionStage<Boolean> validate(TestConnection connection) {
        try {
            return answer(CompletableFuture.completedFuture(doValidate(connection, false)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return answer(CompletableFuture.failedFuture(e));
        } catch (InjectedCheckedFailure e) {
            throw new AssertionError("the asynchronous form throws unchecked failures only", e);
        }
    }

    @Override
    public CompletionStage<Void> recycle(TestConnection connection) {
        try {
            doRecycle(connection, false);
            return answer(CompletableFuture.completedFuture(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return answer(CompletableFuture.failedFuture(e));
        } catch (InjectedCheckedFailure e) {
            throw new AssertionError("the asynchronous form throws unchecked failures only", e);
        }
    }

    @Override
    public CompletionStage<Void> destroy(TestConnection connection) {
        doDestroy(connection);
        return answer(CompletableFuture.completedFuture(null));
    }

    /**
     * The blocking twin of this manager: the same connections, knobs, checks and counts, through
     * {@link BlockingConnectionManager}. Its injected failures are {@link InjectedCheckedFailure}s,
     * checked exceptions, and an interrupted call throws its {@link InterruptedException}; it also
     * records a {@code recycle} run on a platform thread, which the blocking contract rules out.
     *
     * @return the blocking view of this manager
     */
    public BlockingConnectionManager<TestConnection> blocking() {
        return blocking;
    }

    private final BlockingConnectionManager<TestConnection> blocking = new BlockingConnectionManager<>() {
        @Override
        public TestConnection create() throws InterruptedException, InjectedCheckedFailure {
            return doCreate(true);
        }

        @Override
        public boolean validate(TestConnection connection) throws InterruptedException, InjectedCheckedFailure {
            return doValidate(connection, true);
        }

        @Override
        public void recycle(TestConnection connection) throws InterruptedException, InjectedCheckedFailure {
            checkVirtual("recycle");
            doRecycle(connection, true);
        }

        @Override
        public void destroy(TestConnection connection) {
            doDestroy(connection);
        }

        @Override
        public String toString() {
            return "blocking " + TestConnectionManager.this;
        }
    };

    private TestConnection doCreate(boolean checked) throws InterruptedException, InjectedCheckedFailure {
        checkVirtual("create");
        createCalls.incrementAndGet();
        opened();
        creating.incrementAndGet();
        boolean made = false;
        try {
            if (hangCreates) {
                CountDownLatch release = hangRelease;
                boolean ignoreInterrupts = hangIgnoresInterrupts;
                hanging.incrementAndGet();
                try {
                    while (true) {
                        try {
                            release.await();
                            break;
                        } catch (InterruptedException e) {
                            if (!ignoreInterrupts) {
                                throw e;
                            }
                            interruptsIgnored.incrementAndGet();
                        }
                    }
                } finally {
                    hanging.decrementAndGet();
                }
            }
            sleep(createDelay);
            if (failCreates) {
                String message = "creation failure #" + (creationFailures.get() + 1) + " injected by the test";
                Exception failure = checked ? new InjectedCheckedFailure(message) : new InjectedFailure(message);
                creationFailuresThrown.add(failure);
                lastCreationFailure = failure;
                creationFailures.incrementAndGet();
                throw sneaky(failure);
            }
            TestConnection connection = new TestConnection(ids.incrementAndGet(), this);
            live.add(connection);
            all.add(connection);
            created.incrementAndGet();
            made = true;
            return connection;
        } catch (InterruptedException e) {
            interruptedCreates.incrementAndGet();
            throw e;
        } finally {
            creating.decrementAndGet();
            if (!made) {
                open.decrementAndGet();
            }
        }
    }

    private boolean doValidate(TestConnection connection, boolean checked)
            throws InterruptedException, InjectedCheckedFailure {
        checkVirtual("validate");
        validated.incrementAndGet();
        checkInUseByPool("validated", connection);
        validating.incrementAndGet();
        try {
            sleep(validateDelay);
            Validation answer = validation;
            if (answer == Validation.THROW) {
                invalidAnswers.incrementAndGet();
                String message = "validation failure of " + connection + " injected by the test";
                throw sneaky(checked ? new InjectedCheckedFailure(message) : new InjectedFailure(message));
            }
            double fraction = randomInvalidFraction;
            boolean valid = answer == Validation.VALID && !connection.isBroken()
                    && (fraction == 0 || ThreadLocalRandom.current().nextDouble() >= fraction);
            if (!valid) {
                invalidAnswers.incrementAndGet();
            }
            return valid;
        } finally {
            validating.decrementAndGet();
            connection.exitManagerCall();
        }
    }

    private void doRecycle(TestConnection connection, boolean checked)
            throws InterruptedException, InjectedCheckedFailure {
        recycled.incrementAndGet();
        checkInUseByPool("recycled", connection);
        try {
            sleep(recycleDelay);
            if (failRecycles) {
                String message = "recycle failure of " + connection + " injected by the test";
                throw sneaky(checked ? new InjectedCheckedFailure(message) : new InjectedFailure(message));
            }
        } finally {
            connection.exitManagerCall();
        }
    }

    private void doDestroy(TestConnection connection) {
        checkVirtual("destroy");
        if (connection.manager() != this) {
            error(connection + " destroyed by a manager that did not create it");
            return;
        }
        int times = connection.markDestroyed();
        if (times > 1) {
            error(connection + " destroyed " + times + " times");
            return;
        }
        try {
            sleep(destroyDelay);
        } catch (InterruptedException e) {
            // Destroy still counts: the pool has given the connection up.
            Thread.currentThread().interrupt();
        } finally {
            // The count first, the live set last: whoever waits for the connection to leave the
            // live set (as assertQuiet does) then reads a destroyed count that includes it.
            destroyed.incrementAndGet();
            open.decrementAndGet();
            live.remove(connection);
        }
    }

    /** @return the failure, to throw: either kind passes the {@code throws} clause */
    private static InjectedCheckedFailure sneaky(Exception failure) {
        if (failure instanceof InjectedFailure unchecked) {
            throw unchecked;
        }
        return (InjectedCheckedFailure) failure;
    }

    private <T> CompletionStage<T> answer(CompletableFuture<T> done) {
        return minimalStages ? done.minimalCompletionStage() : done;
    }

    // ---- what tests read ---------------------------------------------------------------------

    /** @return the breaches of the pool contract seen so far, in order; empty when all went well */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** @return the calls of {@code create}, {@code validate} or {@code destroy} made on a platform thread */
    public List<String> platformThreadCalls() {
        return List.copyOf(platformThreadCalls);
    }

    /** @return every connection this manager created, in order of creation */
    public List<TestConnection> allCreated() {
        return List.copyOf(all);
    }

    /** @return the connections created and not yet destroyed */
    public Set<TestConnection> live() {
        return Set.copyOf(live);
    }

    /**
     * @return one line for each connection not destroyed exactly once; empty when every connection
     *     was, as after a pool closed
     */
    public List<String> notDestroyedExactlyOnce() {
        List<String> wrong = new ArrayList<>();
        for (TestConnection c : all) {
            if (c.destroyCount() != 1) {
                wrong.add(c + " destroyed " + c.destroyCount() + " times");
            }
        }
        return wrong;
    }

    /** @return calls of {@code create}, successful or not */
    public long createCalls() {
        return createCalls.get();
    }

    /** @return connections created */
    public long created() {
        return created.get();
    }

    /** @return creates that threw an {@link InjectedFailure} */
    public long creationFailures() {
        return creationFailures.get();
    }

    /**
     * @return the last failure a create threw, an {@link InjectedFailure} or, in the {@link
     *     #blocking()} form, an {@link InjectedCheckedFailure}; or {@code null}
     */
    public Exception lastCreationFailure() {
        return lastCreationFailure;
    }

    /**
     * @param failure any throwable
     * @return whether it is one of the creation failures this manager threw
     */
    public boolean threwOnCreate(Throwable failure) {
        return failure instanceof Exception e && creationFailuresThrown.contains(e);
    }

    /** @return creates that ended because their thread was interrupted */
    public long interruptedCreates() {
        return interruptedCreates.get();
    }

    /** @return hanging creates that were interrupted and went on, as {@link #hangIgnoresInterrupts} makes them */
    public long interruptsIgnored() {
        return interruptsIgnored.get();
    }

    /** @return creates running now */
    public int creating() {
        return creating.get();
    }

    /** @return creates blocked now by {@link #hangCreates(boolean)} */
    public int hanging() {
        return hanging.get();
    }

    /** @return calls of {@code validate} */
    public long validated() {
        return validated.get();
    }

    /** @return validations that answered {@code false} or threw */
    public long invalidAnswers() {
        return invalidAnswers.get();
    }

    /** @return validations running now */
    public int validating() {
        return validating.get();
    }

    /** @return calls of {@code recycle} */
    public long recycled() {
        return recycled.get();
    }

    /** @return connections destroyed, counted when their {@code destroy} returns */
    public long destroyed() {
        return destroyed.get();
    }

    /** @return connections open now: being created, or created and not yet through {@code destroy} */
    public int open() {
        return open.get();
    }

    /** @return the most connections ever open at once, as {@link #open()} counts them */
    public int peakOpen() {
        return peakOpen.get();
    }

    @Override
    public String toString() {
        return "TestConnectionManager[created=" + created + " destroyed=" + destroyed + " open=" + open
                + " peakOpen=" + peakOpen + " creating=" + creating + " validated=" + validated
                + " recycled=" + recycled + " errors=" + errors.size() + "]";
    }

    // ---- inside ------------------------------------------------------------------------------

    void error(String message) {
        errors.add(message);
    }

    private void opened() {
        int now = open.incrementAndGet();
        peakOpen.accumulateAndGet(now, Math::max);
    }

    private void checkInUseByPool(String what, TestConnection connection) {
        if (connection.manager() != this) {
            error(connection + " " + what + " by a manager that did not create it");
        }
        if (connection.isDestroyed()) {
            error(connection + " " + what + " after it was destroyed");
        }
        if (connection.isHeld()) {
            error(connection + " " + what + " while a holder had it");
        }
        if (!connection.enterManagerCall()) {
            error(connection + " " + what + " while another validate or recycle of it was running");
        }
    }

    private void checkVirtual(String method) {
        Thread t = Thread.currentThread();
        if (!t.isVirtual()) {
            platformThreadCalls.add(method + " on platform thread " + t.getName());
        }
    }

    private static void sleep(Duration delay) throws InterruptedException {
        if (delay.isPositive()) {
            Thread.sleep(delay);
        }
    }
}
