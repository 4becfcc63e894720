package org.patinox.memory.resource;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ResourceRegistry#cleanupAll(Duration)} did, resource by resource, in the order it
 * cleaned them (the reverse of their registration).
 *
 * @param cleaned the resources whose cleanup completed
 * @param failed the resources whose cleanup threw or failed, each with its failure
 * @param timedOut the resources whose cleanup had not completed within the cleanup timeout or by
 *     the deadline: their cleanups were started, and go on; their outcome is reported to the monitor
 * @param elapsed how long the call took
 */
public record CleanupReport(List<ResourceInfo> cleaned, List<Failure> failed, List<ResourceInfo> timedOut,
                            Duration elapsed) {

    /**
     * One failed cleanup.
     *
     * @param resource the resource
     * @param error what its cleanup threw, or how its stage failed
     */
    public record Failure(ResourceInfo resource, Throwable error) {
        /** Checks the components. */
        public Failure {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(error, "error");
        }
    }

    /** Copies the lists. */
    public CleanupReport {
        cleaned = List.copyOf(cleaned);
        failed = List.copyOf(failed);
        timedOut = List.copyOf(timedOut);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** @return whether every cleanup completed, none failed and none timed out */
    public boolean isComplete() {
        return failed.isEmpty() && timedOut.isEmpty();
    }

    /** @return a one-line summary such as {@code cleaned=3 failed=1 timedOut=0 in 12ms} */
    public String describe() {
        return "cleaned=" + cleaned.size() + " failed=" + failed.size() + " timedOut=" + timedOut.size()
                + " in " + elapsed.toMillis() + "ms";
    }
}
