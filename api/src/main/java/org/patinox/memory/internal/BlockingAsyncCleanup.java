package org.patinox.memory.internal;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.patinox.memory.spi.AsyncCleanup;
import org.patinox.memory.spi.BlockingCleanup;

/**
 * A {@link BlockingCleanup} as an {@link AsyncCleanup}. A registry recognises it and runs {@link
 * #delegate()} on the instance's virtual threads; called directly it runs on a new virtual thread.
 *
 * @param <T> the type of resource
 */
public final class BlockingAsyncCleanup<T> implements AsyncCleanup<T> {

    private final BlockingCleanup<T> delegate;

    /** @param delegate the blocking cleanup */
    public BlockingAsyncCleanup(BlockingCleanup<T> delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @return the blocking cleanup */
    public BlockingCleanup<T> delegate() {
        return delegate;
    }

    @Override
    public CompletionStage<Void> cleanup(T resource) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().name("patinox-memory-cleanup").start(() -> {
            try {
                delegate.cleanup(resource);
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done;
    }

    @Override
    public String toString() {
        return "blocking " + delegate;
    }
}
