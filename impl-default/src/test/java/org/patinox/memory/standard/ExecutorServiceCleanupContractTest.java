package org.patinox.memory.standard;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.patinox.memory.spi.AsyncCleanup;
import org.patinox.memory.tck.AsyncCleanupContract;

/** The built-in cleanup found by type for this resource, against the contract a plugin author's cleanup meets. */
final class ExecutorServiceCleanupContractTest extends AsyncCleanupContract<ExecutorService> {
    @Override
    protected ExecutorService newResource() {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        executor.submit(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return executor;
    }

    @Override
    protected boolean testsABuiltInCleanup() {
        return true;
    }

    @Override
    protected AsyncCleanup<? super ExecutorService> cleanup() {
        return null;
    }

    @Override
    protected boolean isReleased(ExecutorService resource) {
        return resource.isTerminated();
    }

    @Override
    protected Duration cleanupTimeout() {
        return Duration.ofSeconds(2);
    }
}
