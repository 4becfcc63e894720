package org.patinox.memory.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.share.ConfigData;
import org.patinox.memory.share.ConfigSource;
import org.patinox.memory.share.ShareConfig;
import org.patinox.memory.share.Versioned;

/**
 * The tour's part on data sharing: settings that reload from a properties file while the program
 * runs. It writes the file, edits it in place, writes an invalid value (rejected whole: the version
 * in force stays), then replaces the file by renaming another over it, as editors and Kubernetes
 * ConfigMaps do; a subscriber prints each version as it sees it, and the program reads the
 * settings meanwhile without ever waiting.
 */
public final class ConfigReloadTour {

    /** The logger that warns of a file it could not apply. */
    private static final String WATCHER_LOGGER = "org.patinox.memory.share";

    /** How long the tour waits for a reload before it gives up; generous, for a busy machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /**
     * The program's settings.
     *
     * @param workers how many workers to run, 1 to 64
     * @param greeting what they say
     */
    record Settings(int workers, String greeting) {
    }

    private ConfigReloadTour() {
    }

    /**
     * Runs the tour's part on reloadable settings.
     *
     * @param memory the open instance
     * @param run where the tour prints and reports
     * @throws InterruptedException when interrupted while waiting for a reload
     */
    @SuppressWarnings("try") // the log routing is held open, never read
    static void run(MemoryUtilities memory, Tour.Run run) throws InterruptedException {
        PrintStream out = run.out();
        Path dir;
        try {
            dir = Files.createTempDirectory("patinox-settings");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = dir.resolve("app.properties");
        try {
            write(file, 4, "hello");
            AtomicInteger refused = new AtomicInteger();
            ConfigData<Settings> settings = memory.config(new Settings(1, "built-in"),
                    ShareConfig.builder().name("app-settings").reloadDebounce(Duration.ofMillis(50))
                            .reloadPollInterval(Duration.ofMillis(250)).build(),
                    List.of(ConfigData.Validator.that("workers must be 1 to 64",
                            s -> s.workers() >= 1 && s.workers() <= 64 || refused.incrementAndGet() < 0)));
            BlockingQueue<Versioned<Settings>> seen = new LinkedBlockingQueue<>();
            settings.subscribe(seen::add);
            out.println("Settings " + settings.name() + " reload from " + file.getFileName() + ":");
            // The built-in settings, current when the subscriber came; waited for, as a subscriber
            // slower than the updates would see only the newest of them.
            show(seen, 1, out);
            // The rejected file is also logged as a warning: into the tour's output, not the console.
            try (LogToOut log = new LogToOut(WATCHER_LOGGER, out);
                 ConfigSource source = settings.reloadFrom(file, ConfigReloadTour::parse)) {
                show(seen, 2, out);   // the file, read at once

                write(file, 8, "hello again");
                show(seen, 3, out);

                write(file, 0, "nobody");                      // rejected whole by the validator
                awaitFailure(source);
                out.println("  rejected: " + source.lastFailure().orElseThrow().getMessage());
                out.println("  still in force: version " + settings.current().version() + " "
                        + settings.current().value());

                Path next = dir.resolve("app.properties.new");  // replaced by rename, as an editor does
                write(next, 16, "renamed in");
                Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                show(seen, 4, out);
                out.println("  reloads from the file: " + source.reloads());
                String part = "settings " + settings.name();
                run.report().add(part, "current version", settings.current().version());
                run.report().add(part, "reloads from the file", source.reloads());
                run.report().add(part, "updates the validator refused", refused.get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                out.println("  could not delete " + dir + ": " + e);
            }
        }
    }

    private static Settings parse(Properties p) {
        return new Settings(Integer.parseInt(p.getProperty("workers", "").strip()), p.getProperty("greeting", ""));
    }

    private static void write(Path file, int workers, String greeting) throws IOException {
        Files.writeString(file, "workers=" + workers + "\ngreeting=" + greeting + "\n");
    }

    /** Prints what the subscriber saw, up to the given version. */
    private static void show(BlockingQueue<Versioned<Settings>> seen, long version, PrintStream out)
            throws InterruptedException {
        while (true) {
            Versioned<Settings> v = seen.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            if (v == null) {
                throw new IllegalStateException("version " + version + " did not arrive within " + PATIENCE);
            }
            out.println("  subscriber saw version " + v.version() + ": " + v.value());
            if (v.version() >= version) {
                return;
            }
        }
    }

    private static void awaitFailure(ConfigSource source) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (source.lastFailure().isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the invalid file was not reported within " + PATIENCE);
            }
            Thread.sleep(10);
        }
    }
}
