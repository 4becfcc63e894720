package org.patinox.memory.spi;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.patinox.memory.UtilityConfig;

/**
 * What a {@link org.patinox.memory.MemoryUtilities} gives the providers it calls: its
 * configuration and the background work it owns.
 *
 * <p>The executors belong to the {@code MemoryUtilities}: a provider schedules work on them and
 * never shuts them down; closing the {@code MemoryUtilities} stops them, so a component that uses
 * them needs no thread of its own. A task must catch what it throws: the scheduler cancels a
 * periodic task that throws.
 */
public interface ProviderContext {

    /** @return the name of the {@code MemoryUtilities}, unique in this JVM, for threads and events */
    String name();

    /** @return the configuration the {@code MemoryUtilities} was opened with */
    UtilityConfig config();

    /**
     * @return the one scheduler for timed and periodic work, backed by a single daemon platform
     *     thread: tasks on it must be short and never block
     */
    ScheduledExecutorService scheduler();

    /** @return an executor that runs each task on a new virtual thread, for work that may block */
    ExecutorService blockingExecutor();
}
