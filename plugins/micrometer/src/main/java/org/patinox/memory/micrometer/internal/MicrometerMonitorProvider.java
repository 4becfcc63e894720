package org.patinox.memory.micrometer.internal;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import java.util.Optional;
import org.patinox.memory.ConfigException;
import org.patinox.memory.micrometer.MicrometerMonitor;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.MonitorProvider;
import org.patinox.memory.spi.ProviderContext;

/**
 * The {@link MonitorProvider} named {@code micrometer}: gives every {@code MemoryUtilities} a
 * {@link MicrometerMonitor} counting in {@link Metrics#globalRegistry}, unless the system property
 * {@value #ENABLED} is {@code false}.
 */
public final class MicrometerMonitorProvider implements MonitorProvider {

    /**
     * The system property that turns the monitor off: {@code true} (the default) or {@code false}.
     * Outside {@code patinox.memory.}, whose every key {@link
     * org.patinox.memory.UtilityConfig#fromSystemProperties()} reads and checks.
     */
    public static final String ENABLED = "patinox.micrometer.enabled";

    /** For {@link java.util.ServiceLoader}. */
    public MicrometerMonitorProvider() {
    }

    @Override
    public String name() {
        return "micrometer";
    }

    /**
     * @throws ConfigException when {@value #ENABLED} is neither {@code true} nor {@code false}, naming it and its value
     */
    @Override
    public Optional<Monitor> create(ProviderContext context) {
        String enabled = System.getProperty(ENABLED, "true").strip();
        if (enabled.equalsIgnoreCase("false")) {
            return Optional.empty();
        }
        if (!enabled.equalsIgnoreCase("true")) {
            throw new ConfigException(ENABLED + " must be true or false, but was '" + enabled + "'");
        }
        return Optional.of(new MicrometerMonitor(Metrics.globalRegistry, Tags.empty()));
    }
}
