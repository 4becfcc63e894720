package org.patinox.memory.lockfree;

import org.patinox.memory.spi.ConnectionManagerProvider;
import org.patinox.memory.tck.ConnectionManagerProviderContract;
import org.patinox.memory.tck.TestConnection;
import org.patinox.memory.tck.TestConnectionManagerProvider;

/** The kit's stand-in connection manager provider against its contract, on this implementation. */
final class LockFreeConnectionManagerProviderTest extends ConnectionManagerProviderContract<TestConnection> {

    @Override
    protected ConnectionManagerProvider newProvider() {
        return new TestConnectionManagerProvider();
    }

    @Override
    protected String url() {
        return "tck:contract";
    }

    @Override
    protected boolean isOpen(TestConnection connection) {
        return !connection.isDestroyed();
    }

    @Override
    protected boolean registered() {
        return false;
    }

    @Override
    protected String memoryProvider() {
        return "lockfree";
    }
}
