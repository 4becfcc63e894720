package org.patinox.memory.standard;

import java.util.concurrent.atomic.AtomicBoolean;
import org.patinox.memory.spi.AsyncCleanup;
import org.patinox.memory.tck.AsyncCleanupContract;

/** Plugins that break the cleanup contract, for {@link CleanupContractCatchesBreachesTest} to run the suite on. */
final class FlawedCleanupPlugins {

    private FlawedCleanupPlugins() {
    }

    /** A resource its own close releases, as a plugin author's often is. */
    static final class Handle implements AutoCloseable {
        final AtomicBoolean released = new AtomicBoolean();

        @Override
        public void close() {
            released.set(true);
        }
    }

    /** The suite on a plugin whose provider for {@link Handle} is not registered. */
    static final class UnregisteredProvider extends AsyncCleanupContract<Handle> {
        @Override
        protected Handle newResource() {
            return new Handle();
        }

        @Override
        protected AsyncCleanup<? super Handle> cleanup() {
            return null; // the provider's, found by type: none is registered for Handle
        }

        @Override
        protected boolean isReleased(Handle resource) {
            return resource.released.get();
        }

        @Override
        protected String providerName() {
            return StandardMemoryProvider.NAME;
        }
    }
}
