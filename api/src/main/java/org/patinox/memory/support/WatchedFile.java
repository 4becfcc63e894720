package org.patinox.memory.support;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.patinox.memory.ConfigException;
import org.patinox.memory.internal.FileTypes;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.share.ConfigSource;
import org.patinox.memory.share.ShareConfig;

/**
 * The {@link ConfigSource} of every implementation: one virtual thread that waits for a change of
 * the file, by the directory's {@link WatchService} events or by polling its attributes, lets it
 * settle for the debounce time, reads it and publishes it.
 *
 * <p>Why it watches the directory and compares content: an editor or a Kubernetes ConfigMap replaces
 * a file by renaming another over it (or by swapping a symbolic link), which a watch on the file
 * itself would lose; any event in the directory makes it look again, and a read whose bytes equal
 * the last read publishes nothing. Polling the attributes ({@code lastModifiedTime}, size, file
 * key, following links) catches what events miss (network file systems, overflow).
 *
 * <p>Shared by the first-party implementations: not part of the API.
 *
 * @param <T> the type of the configuration
 */
final class WatchedFile<T> implements ConfigSource {

    /** The largest file read: the largest array the JVM allocates. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private final VersionedConfig<T> target;
    private final Path file;
    private final Path directory;
    private final Function<? super Properties, ? extends T> parser;
    private final ShareConfig config;
    private final Executor executor;
    private final ShareEvents events;
    private final Consumer<WatchedFile<T>> onClose;
    /** How long {@link #close()} waits for the watching thread, after interrupting it: the instance's shutdown timeout. */
    private final long closeWaitNanos;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile boolean started;
    private volatile Thread watcher;
    private volatile WatchService watchService;
    private final AtomicLong reloads = new AtomicLong();
    private volatile Throwable lastFailure;
    // Touched by the watching thread only (and by start(), before it runs).
    private byte[] lastContent;
    /** Why {@link #lastContent} was not applied, or {@code null}: a read of the same bytes reports it again. */
    private Throwable lastContentFailure;
    private Object lastSignature;

    WatchedFile(VersionedConfig<T> target, Path file, Function<? super Properties, ? extends T> parser,
                ShareConfig config, Executor executor, ShareEvents events, Consumer<WatchedFile<T>> onClose,
                long closeWaitNanos) {
        this.target = target;
        this.file = file.toAbsolutePath().normalize();
        this.directory = this.file.getParent();
        if (directory == null) {
            throw new IllegalArgumentException("Config " + target.name() + ": cannot reload from " + this.file
                    + ", which is a root and has no directory to watch; name a file");
        }
        this.parser = parser;
        this.config = config;
        this.executor = executor;
        this.events = events;
        this.onClose = onClose;
        this.closeWaitNanos = closeWaitNanos;
    }

    /** Reads the file once, then starts watching it on a virtual thread of the instance. */
    void start() {
        lastSignature = signature();
        reload();
        if (closed) {
            // Closed during the first read (by the parser, or by another thread meanwhile): a watch
            // service registered now would find no one to close it, and keeps a thread of its own.
            done.countDown();
            return;
        }
        if (config.reloadWatchService()) {
            try {
                WatchService ws = directory.getFileSystem().newWatchService();
                directory.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                watchService = ws;
            } catch (IOException | UnsupportedOperationException e) {
                events.warn("cannot watch directory " + directory + " for changes (" + e + "); polling " + file
                        + " every " + config.reloadPollInterval().toMillis() + " ms instead",
                        EventKind.SHARE_SOURCE_FAILED, e, "file", file.toString());
            }
        }
        try {
            started = true;
            executor.execute(this::watch);
        } catch (RejectedExecutionException e) {
            closeWatchService();
            done.countDown();
            throw new IllegalStateException("Config " + target.name() + ": cannot watch " + file
                    + ", the instance is closing", e);
        }
    }

    private void watch() {
        watcher = Thread.currentThread();
        try {
            while (!closed) {
                try {
                    if (awaitChange()) {
                        settle();
                        if (!closed) {
                            T value = read();
                            if (value != null) {
                                // Interruptibly: a validator that hangs must not keep close waiting.
                                apply(() -> target.publishInterruptibly(value, file.toString(), this));
                            }
                        }
                    }
                } catch (InterruptedException | ClosedWatchServiceException e) {
                    if (closed) {
                        return;
                    }
                    Thread.interrupted(); // not ours to keep: only close() interrupts this thread
                } catch (Throwable e) {
                    // Whatever else fails (an Error, an undeclared checked exception), the watch survives.
                    CacheEvents.rethrowFatal(e);
                    events.warn("the watch of " + file + " failed and goes on", EventKind.SHARE_SOURCE_FAILED, e,
                            "file", file.toString());
                    pause();
                }
            }
        } finally {
            // The watch service is the watch's: a close that came before start() registered it found none.
            closeWatchService();
            watcher = null;
            done.countDown();
        }
    }

    /** @return whether the file may have changed: an event in its directory, or new attributes */
    private boolean awaitChange() throws InterruptedException {
        boolean event = false;
        WatchService ws = watchService;
        if (ws != null) {
            WatchKey key = ws.poll(config.reloadPollInterval().toNanos(), TimeUnit.NANOSECONDS);
            if (key != null) {
                event = true;
                key.pollEvents();
                if (!key.reset()) {
                    if (closed) {
                        return false; // cancelled by close(), between the poll and the reset: nothing to report
                    }
                    // The directory itself went away (or was replaced): fall back on polling.
                    closeWatchService();
                    events.warn("the directory " + directory + " is no longer watchable; polling " + file + " instead",
                            EventKind.SHARE_SOURCE_FAILED, new IOException("watch key of " + directory + " cancelled"),
                            "file", file.toString());
                }
            }
        } else {
            Thread.sleep(config.reloadPollInterval());
        }
        Object signature = signature();
        boolean changed = !signature.equals(lastSignature);
        lastSignature = signature;
        return event || changed;
    }

    /**
     * Waits until the file has been quiet for the debounce time: no event naming it, the same
     * attributes. An event about another file of the directory wakes the wait without restarting it.
     */
    private void settle() throws InterruptedException {
        long debounce = config.reloadDebounce().toNanos(); // saturated by ShareConfig, so it converts
        if (debounce == 0) {
            return;
        }
        // Compared by difference only, so that a debounce of Long.MAX_VALUE ns cannot overflow it.
        long quietSince = System.nanoTime();
        while (!closed) {
            long left = debounce - (System.nanoTime() - quietSince);
            boolean event = false;
            if (left > 0) {
                WatchService ws = watchService;
                if (ws != null) {
                    WatchKey key = ws.poll(left, TimeUnit.NANOSECONDS);
                    if (key != null) {
                        event = concernsFile(key);
                        key.reset();
                    }
                } else {
                    Thread.sleep(Duration.ofNanos(left));
                }
            }
            Object signature = signature();
            boolean changed = !signature.equals(lastSignature);
            lastSignature = signature;
            if (event || changed) {
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= debounce) {
                return;
            }
        }
    }

    /**
     * Takes the key's events. Only those naming the file (or lost ones) keep it from being quiet: a
     * log written beside it without pause would otherwise hold its changes back for ever. A change
     * through a link (a ConfigMap's {@code ..data} swapped) names the link, and the file's attributes,
     * which follow links, catch it instead.
     *
     * @return whether an event may concern the file
     */
    private boolean concernsFile(WatchKey key) {
        boolean concerns = false;
        for (WatchEvent<?> e : key.pollEvents()) {
            concerns |= e.kind() == StandardWatchEventKinds.OVERFLOW || file.getFileName().equals(e.context());
        }
        return concerns;
    }

    /** The first read, on the caller's thread: reads, parses and publishes the file, or reports why not. */
    private void reload() {
        T value = read();
        if (value != null) {
            apply(() -> target.publish(value, file.toString()));
        }
    }

    /**
     * Reads and parses the file, or reports why not; the current version stays then.
     *
     * @return the value to publish, or {@code null} when there is none: the content is that of the
     *     last read, or it failed and was reported
     */
    private T read() {
        byte[] content;
        try {
            // Only a regular file is read (a link is followed to it): opening a FIFO waits for a
            // writer, and a device such as /dev/zero never ends, filling the heap.
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                String kind = FileTypes.describe(file, attributes);
                rejected("the file " + file + " cannot be read: it is " + kind,
                        new IOException(file + " is " + kind + ", not a regular file"));
                return null;
            }
            if (attributes.size() > MAX_BYTES) {
                // Files.readAllBytes would throw an OutOfMemoryError, which ends the watch.
                rejected("the file " + file + " cannot be read: it holds " + attributes.size() + " bytes",
                        new IOException(file + " holds " + attributes.size() + " bytes, more than the " + MAX_BYTES
                                + " an array holds; a properties file is read whole"));
                return null;
            }
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            // Kept: a file renamed back in place with the same content publishes nothing new.
            rejected("the file " + file + " is missing", e);
            return null;
        } catch (IOException e) {
            rejected("the file " + file + " cannot be read", e);
            return null;
        }
        if (Arrays.equals(content, lastContent)) {
            // An event or a touch without a change of content: what it gave last time still holds,
            // so a failure of the read in between (a missing file) is over.
            lastFailure = lastContentFailure;
            return null;
        }
        lastContent = content;
        try {
            return Objects.requireNonNull(parser.apply(parse(content)), "the parser returned null");
        } catch (Throwable e) {
            // The parser is the user's: whatever it throws (an Error, an undeclared checked
            // exception too) rejects the file, and the watch goes on.
            CacheEvents.rethrowFatal(e);
            lastContentFailure = e;
            rejected("the file " + file + " is malformed: " + (e.getMessage() == null ? e : e.getMessage()), e);
            return null;
        }
    }

    /** A call of the target's publishing; throws only what its wait for the lock may. */
    @FunctionalInterface
    private interface Publication<X extends Exception> {
        void run() throws X;
    }

    /** Publishes a value read from the file, or reports why the validators refused it. */
    private <X extends Exception> void apply(Publication<X> publication) throws X {
        // Counted before publishing, so that a subscriber who sees the version also sees it counted;
        // taken back when the version is not published.
        reloads.incrementAndGet();
        boolean published = false;
        try {
            publication.run();
            published = true;
            lastContentFailure = null;
            lastFailure = null;
        } catch (ConfigException e) {
            if (closed) {
                return; // the close interrupted the validators: their failure says nothing of the file
            }
            lastContentFailure = e;
            lastFailure = e;
            ShareEvents.log().log(System.Logger.Level.WARNING, target.name() + ": the file " + file
                    + " was not applied: " + e.getMessage());
        } catch (IllegalStateException e) {
            if (!target.isClosed()) {
                throw e;
            }
        } finally {
            if (!published) {
                reloads.decrementAndGet();
            }
        }
    }

    /** Strict UTF-8, so that a file cut in the middle of a character is malformed, not garbled. */
    private static Properties parse(byte[] content) throws CharacterCodingException {
        String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(content)).toString();
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException("a StringReader does not fail", e);
        }
        return properties;
    }

    private void rejected(String why, Throwable e) {
        if (closed) {
            // The close interrupted the read or the parser: what failed then says nothing of the file.
            return;
        }
        lastFailure = e;
        events.warn(why + "; version " + target.current().version() + " stays current",
                EventKind.SHARE_UPDATE_REJECTED, e, "version", target.current().version(), "origin", file.toString());
    }

    /** @return what identifies the file's state cheaply: its attributes, or a marker when it is missing */
    private Object signature() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return Arrays.asList(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            return "missing";
        }
    }

    private void pause() {
        try {
            Thread.sleep(config.reloadPollInterval());
        } catch (InterruptedException e) {
            if (!closed) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeWatchService() {
        WatchService ws = watchService;
        watchService = null;
        if (ws != null) {
            try {
                ws.close();
            } catch (IOException e) {
                ShareEvents.log().log(System.Logger.Level.DEBUG, "closing the watch of " + directory + " failed", e);
            }
        }
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public long reloads() {
        return reloads.get();
    }

    @Override
    public Optional<Throwable> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        boolean stopped = stop();
        finishClose(System.nanoTime() + closeWaitNanos, stopped);
    }

    /**
     * Stops the watch without waiting for it: marks it closed, closes the watch service and interrupts
     * the watching thread. A configuration closing several sources stops them all, then waits for them
     * against one deadline, so that their waits do not add up.
     *
     * @return whether this call stopped it, rather than an earlier one
     */
    boolean stop() {
        if (closed) {
            return false;
        }
        closed = true;
        closeWatchService();
        if (!started) {
            done.countDown(); // closed before it started: no thread to wait for
        }
        Thread t = watcher;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
        return true;
    }

    /**
     * Waits for the watching thread, unless it is the caller, until the deadline (compared by difference).
     *
     * @param deadlineNanos a {@link System#nanoTime()} value
     * @param stopped what {@link #stop()} returned: only its first caller reports the close
     */
    void finishClose(long deadlineNanos, boolean stopped) {
        awaitDone(deadlineNanos);
        if (stopped) {
            onClose.accept(this);
        }
    }

    private void awaitDone(long deadlineNanos) {
        if (watcher == Thread.currentThread()) {
            return;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (!done.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        ShareEvents.log().log(System.Logger.Level.WARNING, target.name() + ": the watch of " + file
                                + " did not stop within " + TimeUnit.NANOSECONDS.toMillis(closeWaitNanos)
                                + " ms of close");
                    }
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "ConfigSource " + file + " of " + target.name();
    }
}
