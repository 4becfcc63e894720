/**
 * The Micrometer plugin of Patinox Memory: meter binders over the components' statistics ({@link
 * org.patinox.memory.micrometer.PatinoxMetrics}) and a {@link org.patinox.memory.spi.Monitor} that
 * counts the library's events and times resource cleanups ({@link
 * org.patinox.memory.micrometer.MicrometerMonitor}), found as the {@link
 * org.patinox.memory.spi.MonitorProvider} named {@code micrometer}. It exports its API package only.
 */
// Micrometer's jar is an automatic module (it names itself in its manifest only); its types are in
// this module's API (MeterRegistry, MeterBinder), so users must read it: transitive all the same.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module org.patinox.memory.micrometer {
    requires transitive org.patinox.memory.api;
    requires transitive micrometer.core;

    exports org.patinox.memory.micrometer;

    provides org.patinox.memory.spi.MonitorProvider
            with org.patinox.memory.micrometer.internal.MicrometerMonitorProvider;
}
