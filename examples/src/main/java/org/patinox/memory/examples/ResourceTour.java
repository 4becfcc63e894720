package org.patinox.memory.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.examples.cleanup.ScratchDirectory;
import org.patinox.memory.examples.cleanup.ScratchDirectoryCleanup;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.resource.LeakDetection;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.resource.ResourceGuard;
import org.patinox.memory.resource.ResourceInfo;
import org.patinox.memory.resource.ResourceRegistry;
import org.patinox.memory.resource.ResourceStats;
import org.patinox.memory.spi.Monitor;

/**
 * The resource part of the tour: registers a temporary file, an executor and a scratch directory
 * (cleaned by this module's own plugin, {@link ScratchDirectoryCleanup}) in a registry that records
 * where every resource is made, drops one guard on purpose, and prints the leak report the safety
 * net sends, with the line that made the leaked resource; then closes the rest and shows that each
 * was cleaned once.
 */
final class ResourceTour {

    /** The logger the registries write their warnings to, leaks included. */
    static final String REGISTRY_LOGGER = "org.patinox.memory.resource";

    private ResourceTour() {
    }

    /** A monitor that hands the leak reports to the tour. */
    private static final class Leaks implements Monitor {
        final LinkedBlockingQueue<MonitorEvent> reports = new LinkedBlockingQueue<>();

        @Override
        public boolean isEnabled(EventKind kind) {
            return kind == EventKind.RESOURCE_LEAKED;
        }

        @Override
        public void record(MonitorEvent event) {
            reports.add(event);
        }
    }

    /**
     * @param config the configuration the tour opened the library with
     * @param run where the tour writes and reports
     * @throws InterruptedException when interrupted while waiting for the leak report
     * @throws ExecutionException when the executor's task fails, which the tour does not expect
     */
    @SuppressWarnings("try") // the log routing is held open, never read
    static void run(UtilityConfig config, Tour.Run run) throws InterruptedException, ExecutionException {
        Leaks leaks = new Leaks();
        // The registry also logs each leak as a warning: into the tour's output, not the console.
        try (LogToOut log = new LogToOut(REGISTRY_LOGGER, run.out());
             MemoryUtilities memory = MemoryUtilities.open(config.toBuilder().addMonitor(leaks).build())) {
            ResourceRegistry registry = memory.resources(ResourceConfig.builder().name("tour-resources")
                    .leakDetection(LeakDetection.PARANOID).cleanupTimeout(Duration.ofSeconds(5)).build());
            tour(registry, leaks, run.out());
            ResourceStats stats = registry.stats();
            String part = "resources " + registry.name();
            run.report().add(part, "registered", stats.registered());
            run.report().add(part, "cleaned up", stats.cleaned());
            run.report().add(part, "leaked (closed by the safety net)", stats.leaked());
            run.report().add(part, "cleanups failed or timed out", stats.failed() + stats.timedOut());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void tour(ResourceRegistry registry, Leaks leaks, PrintStream out)
            throws IOException, InterruptedException, ExecutionException {
        Path report = Files.createTempFile("tour-report", ".txt");
        ExecutorService workers = Executors.newFixedThreadPool(2);
        ScratchDirectory scratch = ScratchDirectory.create("tour-scratch");
        // Registered by type: the built-in cleanups for a Path and an ExecutorService, the plugin's for the scratch directory.
        try (ResourceGuard<Path> reportGuard = registry.register(report);
             ResourceGuard<ExecutorService> workersGuard = registry.register(workers);
             ResourceGuard<ScratchDirectory> scratchGuard = registry.register(scratch)) {
            workersGuard.get().submit(() -> Files.writeString(scratchGuard.get().path().resolve("part-1"), "data")).get();
            Files.writeString(reportGuard.get(), "rows");
            out.println("Resources " + registry.name() + ": " + registry.activeCount() + " registered");
            for (ResourceInfo info : registry.active()) {
                out.println("  " + info.describe());
            }

            Path forgotten = dropOneGuard(registry);
            MonitorEvent leak = awaitLeak(leaks);
            out.println("Leak report: " + leak.describe());
            Optional<Throwable> site = leak.error();
            out.println("  created at " + site.map(s -> s.getStackTrace()[0].toString()).orElse("(not recorded)"));
            out.println("  forgotten file deleted by the safety net: " + awaitDeleted(forgotten));
        }
        out.println("Closed: report deleted " + !Files.exists(report) + ", executor terminated " + workers.isTerminated()
                + ", scratch deleted by its plugin " + scratch.deletedByPlugin() + " (not closed " + !scratch.closed() + ")");
        out.println("  " + registry.stats().describe());
    }

    /** Registers a temporary file and forgets its guard, as a bug would. */
    private static Path dropOneGuard(ResourceRegistry registry) throws IOException {
        Path file = Files.createTempFile("tour-forgotten", ".txt");
        registry.register(file);
        return file;
    }

    private static MonitorEvent awaitLeak(Leaks leaks) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            System.gc();
            MonitorEvent leak = leaks.reports.poll(100, TimeUnit.MILLISECONDS);
            if (leak != null) {
                return leak;
            }
        }
        throw new IllegalStateException("the dropped guard was not collected within 10 s");
    }

    private static boolean awaitDeleted(Path file) throws InterruptedException {
        for (int i = 0; i < 100 && Files.exists(file); i++) {
            Thread.sleep(50);
        }
        return !Files.exists(file);
    }
}
