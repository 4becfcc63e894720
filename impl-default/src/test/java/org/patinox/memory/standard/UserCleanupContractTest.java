package org.patinox.memory.standard;

import java.util.concurrent.atomic.AtomicBoolean;
import org.patinox.memory.spi.AsyncCleanup;
import org.patinox.memory.tck.AsyncCleanupContract;

/** A plugin author's own cleanup, passed in: an asynchronous one completing on another thread. */
final class UserCleanupContractTest extends AsyncCleanupContract<AtomicBoolean> {
    @Override
    protected AtomicBoolean newResource() {
        return new AtomicBoolean();
    }

    @Override
    protected AsyncCleanup<? super AtomicBoolean> cleanup() {
        return flag -> java.util.concurrent.CompletableFuture.runAsync(() -> flag.set(true),
                java.util.concurrent.CompletableFuture.delayedExecutor(10, java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    @Override
    protected boolean isReleased(AtomicBoolean resource) {
        return resource.get();
    }
}
