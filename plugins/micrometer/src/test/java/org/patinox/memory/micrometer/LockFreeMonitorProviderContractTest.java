package org.patinox.memory.micrometer;

import org.patinox.memory.micrometer.internal.MicrometerMonitorProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.MonitorProvider;
import org.patinox.memory.tck.MonitorProviderContract;

/** Provider {@code micrometer} against the monitor-provider contract, on the {@code lockfree} implementation. */
final class LockFreeMonitorProviderContractTest extends MonitorProviderContract {

    @Override
    protected MonitorProvider newProvider() {
        return new MicrometerMonitorProvider();
    }

    @Override
    protected Boolean isClosed(Monitor monitor) {
        // The monitor says so in its text only: "MicrometerMonitor[<registry>, closed]".
        return monitor.toString().endsWith(", closed]");
    }

    @Override
    protected String memoryProvider() {
        return "lockfree";
    }
}
