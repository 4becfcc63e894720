package org.patinox.memory.standard;

import java.lang.foreign.Arena;
import org.patinox.memory.spi.AsyncCleanup;
import org.patinox.memory.tck.AsyncCleanupContract;

/** The built-in cleanup found by type for this resource, against the contract a plugin author's cleanup meets. */
final class ArenaCleanupContractTest extends AsyncCleanupContract<Arena> {
    @Override
    @SuppressWarnings("MustBeClosedChecker") // the arena is handed to the registry, which closes it
    protected Arena newResource() {
        Arena arena = Arena.ofShared();
        arena.allocate(64);
        return arena;
    }

    @Override
    protected boolean testsABuiltInCleanup() {
        return true;
    }

    @Override
    protected AsyncCleanup<? super Arena> cleanup() {
        return null;
    }

    @Override
    protected boolean isReleased(Arena resource) {
        return !resource.scope().isAlive();
    }
}
