package org.patinox.memory.benchmarks;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.Monitor;

/**
 * What monitoring costs a hot path: the guard {@code if (monitor.isEnabled(kind))} with no monitor
 * that wants the event (the common case, which should cost one boolean read), and the full
 * dispatch to one monitor, with the event built on the path or built beforehand.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class MonitorDispatchBenchmark {

    private static final EventKind KIND = EventKind.UTILITIES_OPENED;

    /** {@code disabled}: no monitor installed; {@code enabled}: one monitor that keeps the last event. */
    @Param({"disabled", "enabled"})
    public String monitoring;

    private MemoryUtilities memory;
    private Monitor monitor;
    private MonitorEvent prebuilt;
    private long work;

    /** A monitor as cheap as one can be, so that the figures show the library's share. */
    static final class LastEvent implements Monitor {
        volatile MonitorEvent last;

        @Override
        public void record(MonitorEvent event) {
            last = event;
        }
    }

    @Setup(Level.Trial)
    public void open() {
        UtilityConfig.Builder config = UtilityConfig.builder();
        if (monitoring.equals("enabled")) {
            config.addMonitor(new LastEvent());
        }
        memory = MemoryUtilities.open(config.build());
        monitor = memory.monitor();
        prebuilt = new MonitorEvent.Lifecycle(Instant.now(), memory.name(), KIND, Map.of("provider", "benchmark"));
    }

    @TearDown(Level.Trial)
    public void close() {
        memory.close();
    }

    /** The hot path's own work, with no monitoring at all. */
    @Benchmark
    public long baseline() {
        return ++work;
    }

    /** The work, guarded monitoring, and the event built only when someone wants it. */
    @Benchmark
    public long guardedEvent() {
        long w = ++work;
        if (monitor.isEnabled(KIND)) {
            monitor.record(new MonitorEvent.Lifecycle(Instant.now(), memory.name(), KIND, Map.of("work", w)));
        }
        return w;
    }

    /** The work and the dispatch of an event built beforehand: the dispatch alone. */
    @Benchmark
    public long guardedDispatch() {
        long w = ++work;
        if (monitor.isEnabled(KIND)) {
            monitor.record(prebuilt);
        }
        return w;
    }
}
