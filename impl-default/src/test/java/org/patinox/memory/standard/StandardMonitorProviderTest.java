package org.patinox.memory.standard;

import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.MonitorProvider;
import org.patinox.memory.tck.MonitorProviderContract;
import org.patinox.memory.tck.TestMonitorProvider;

/** The kit's stand-in monitor provider against its contract, on this implementation. */
final class StandardMonitorProviderTest extends MonitorProviderContract {

    @Override
    protected MonitorProvider newProvider() {
        return new TestMonitorProvider();
    }

    @Override
    protected boolean registered() {
        return false;
    }

    @Override
    protected Boolean isClosed(Monitor monitor) {
        return ((TestMonitorProvider.Counting) monitor).isClosed();
    }

    @Override
    protected String memoryProvider() {
        return "standard";
    }
}
