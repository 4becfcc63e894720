package org.patinox.memory.resource;

/**
 * Counters of a {@link ResourceRegistry} since it was made. Each cleanup ends in exactly one of
 * {@code cleaned}, {@code failed} and {@code timedOut}, whoever started it (a close, a forced
 * cleanup or the safety net); {@code leaked} counts those the safety net started. So, once every
 * started cleanup has ended, {@code registered == active + cleaned + failed + timedOut}.
 *
 * @param name the registry's name
 * @param registered resources registered, those handed to the registry once closed (and cleaned at
 *     once) included
 * @param active resources registered and not yet handed to their cleanup
 * @param cleaned cleanups that completed
 * @param failed cleanups that threw or failed
 * @param timedOut cleanups that did not complete within the cleanup timeout
 * @param leaked guards dropped unclosed, whose resources the safety net cleaned
 */
public record ResourceStats(String name, long registered, long active, long cleaned, long failed, long timedOut,
                            long leaked) {

    /** @return a one-line description of the counters, for logs */
    public String describe() {
        return name + ": registered=" + registered + " active=" + active + " cleaned=" + cleaned + " failed=" + failed
                + " timedOut=" + timedOut + " leaked=" + leaked;
    }
}
