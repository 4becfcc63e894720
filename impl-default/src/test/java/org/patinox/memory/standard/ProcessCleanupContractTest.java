package org.patinox.memory.standard;

import org.patinox.memory.spi.AsyncCleanup;
import org.patinox.memory.tck.AsyncCleanupContract;

/** The built-in cleanup found by type for this resource, against the contract a plugin author's cleanup meets. */
final class ProcessCleanupContractTest extends AsyncCleanupContract<Process> {
    @Override
    protected Process newResource() throws Exception {
        return new ProcessBuilder("sleep", "60").start();
    }

    @Override
    protected boolean testsABuiltInCleanup() {
        return true;
    }

    @Override
    protected AsyncCleanup<? super Process> cleanup() {
        return null;
    }

    @Override
    protected boolean isReleased(Process resource) {
        return !resource.isAlive();
    }
}
