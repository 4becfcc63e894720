package org.patinox.memory.caffeine.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.spi.ProviderContext;

/**
 * What a {@code MemoryUtilities} gives a provider, made as it does (one daemon scheduler thread
 * that forgets cancelled tasks, virtual threads for blocking work), so that tests can hand a cache
 * a monitor of their own and look into the scheduler's queue.
 */
final class TestContext implements ProviderContext {

    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();

    TestContext() {
        scheduler = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("test-scheduler").daemon(true).factory());
        scheduler.setRemoveOnCancelPolicy(true);
    }

    @Override
    public String name() {
        return "test";
    }

    @Override
    public UtilityConfig config() {
        return UtilityConfig.defaults();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public ExecutorService blockingExecutor() {
        return blocking;
    }

    /** @return the tasks waiting in the scheduler's queue */
    int scheduledTasks() {
        return scheduler.getQueue().size();
    }

    /** Stops both executors and waits for their threads. */
    void close() throws InterruptedException {
        scheduler.shutdownNow();
        blocking.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
        blocking.awaitTermination(10, TimeUnit.SECONDS);
    }
}
