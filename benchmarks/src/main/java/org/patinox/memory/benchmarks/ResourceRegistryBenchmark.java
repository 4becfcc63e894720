package org.patinox.memory.benchmarks;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.resource.LeakDetection;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.resource.ResourceGuard;
import org.patinox.memory.resource.ResourceRegistry;
import org.patinox.memory.spi.AsyncCleanup;

/**
 * Registering one resource and closing it again, the whole life of a tracked resource, side by
 * side in one run: this project's registries (both providers) at each {@link LeakDetection} level
 * (sampled at 1 in 128), a bare try-with-resources (what tracking adds to), a plain {@link
 * Cleaner#register} plus {@code clean()} (the JDK's safety net alone), and Netty's {@link
 * ResourceLeakDetector} tracking at {@code DISABLED}, {@code SIMPLE} (sampled at 1 in 128, as
 * {@code SAMPLED}) and {@code PARANOID}. The cleanup does nothing, so that only the tracking is
 * measured. Run with {@code benchmarks/run Resource --threads 1,2,4}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResourceRegistryBenchmark {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private static final AsyncCleanup<Object> NOTHING = resource -> DONE;

    private static void noAction() {
        // The cleaning action does nothing: only the registration and the clean are measured.
    }

    /** This project's registry. */
    @State(Scope.Benchmark)
    public static class Registry {
        /** The implementation. */
        @Param({"lockfree", "standard"})
        public String provider;
        /** What is recorded of the creation site. */
        @Param({"DISABLED", "SAMPLED", "PARANOID"})
        public String level;

        MemoryUtilities memory;
        ResourceRegistry registry;

        /** Opens the instance and its registry. */
        @Setup(Level.Trial)
        public void open() {
            memory = MemoryUtilities.open(UtilityConfig.builder().provider(provider).build());
            registry = memory.resources(ResourceConfig.builder().name("bench")
                    .leakDetection(LeakDetection.valueOf(level)).samplingInterval(128)
                    .cleanupTimeout(Duration.ofSeconds(10)).build());
        }

        /** Closes the instance. */
        @TearDown(Level.Trial)
        public void close() {
            memory.close();
        }
    }

    /** The JDK's cleaner. */
    @State(Scope.Benchmark)
    public static class Plain {
        final Cleaner cleaner = Cleaner.create();
    }

    /** Netty's detector. */
    @State(Scope.Benchmark)
    public static class Netty {
        /** Netty's level: SIMPLE samples one in 128 as SAMPLED does. */
        @Param({"DISABLED", "SIMPLE", "PARANOID"})
        public String nettyLevel;

        ResourceLeakDetector<Object> detector;

        /** Sets the (JVM-wide) level and makes a detector. */
        @Setup(Level.Trial)
        public void open() {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.valueOf(nettyLevel));
            detector = new ResourceLeakDetector<>(Object.class, 128);
        }
    }

    /** What a bare try-with-resources closes: nothing but a flag. */
    static final class Bare implements AutoCloseable {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    /**
     * @param state the registry
     * @return the guard, closed
     */
    @Benchmark
    public ResourceGuard<Object> registry_registerAndClose(Registry state) {
        Object resource = new Object();
        ResourceGuard<Object> guard = state.registry.register(resource, NOTHING);
        guard.close();
        return guard;
    }

    /**
     * @param blackhole consumes the resource
     * @return the resource, closed
     */
    @Benchmark
    public Bare bare_tryWithResources(Blackhole blackhole) {
        Bare resource = new Bare();
        try (Bare r = resource) {
            blackhole.consume(r);
        }
        return resource;
    }

    /**
     * @param state the cleaner
     * @return the object registered, cleaned
     */
    @Benchmark
    public Object cleaner_registerAndClean(Plain state) {
        Object resource = new Object();
        state.cleaner.register(resource, ResourceRegistryBenchmark::noAction).clean();
        return resource;
    }

    /**
     * @param state the detector
     * @return whether a tracker was made (not at DISABLED, one in 128 at SIMPLE)
     */
    @Benchmark
    public boolean netty_trackAndClose(Netty state) {
        Object resource = new Object();
        ResourceLeakTracker<Object> tracker = state.detector.track(resource);
        return tracker != null && tracker.close(resource);
    }
}
