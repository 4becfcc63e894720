package org.patinox.memory.share;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A file that a {@link ConfigData} reloads itself from, made by {@link ConfigData#reloadFrom}. It
 * watches the file's directory with a {@link java.nio.file.WatchService} and polls the file as
 * well, at {@link ShareConfig#reloadPollInterval()}, for file systems whose events are unreliable;
 * after a change it waits until the file has been quiet for {@link ShareConfig#reloadDebounce()},
 * then reads, parses, validates and publishes it. A file that is missing, not a regular file (a
 * directory, a FIFO, a device: none is opened), larger than an array holds (2 GiB; it is read
 * whole), malformed, or rejected by the parser or a validator (whatever they throw, but a {@link
 * VirtualMachineError}) is reported (a {@code SHARE_UPDATE_REJECTED} event, and a warning logged
 * to {@code org.patinox.memory.share}), and the current version stays live. A file replaced by rename, as editors and Kubernetes ConfigMaps
 * do, is followed. The watch runs on a virtual thread of the instance; it survives errors and
 * stops on {@link #close()}, even while it waits for an update whose validator hangs.
 */
public interface ConfigSource extends AutoCloseable {

    /** @return the file watched */
    Path file();

    /** @return how many times the file was read and a version published from it */
    long reloads();

    /**
     * @return what made the latest reload fail, if the latest failed; empty after a success, which
     *     includes a read that finds again the content last applied (a file deleted, then put back)
     */
    Optional<Throwable> lastFailure();

    /** @return whether {@link #close()} has been called */
    boolean isClosed();

    /**
     * Stops watching (interrupting the watching thread) and returns once that thread is done, or,
     * when a parser or validator ignores the interrupt, after the instance's {@link
     * org.patinox.memory.UtilityConfig#shutdownTimeout()}, with a warning. Idempotent.
     */
    @Override
    void close();
}
