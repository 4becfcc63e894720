package org.patinox.memory.eviction.internal;

/**
 * TinyLFU's admission as {@link AdaptiveStrategy} and its models ({@link MiniWindowCache}) decide
 * it, one instance each (and {@link #recurs}, their other rule), so that a model of the cache's shape decides as the cache does: a
 * candidate replaces the victim when it is more frequent; a candidate that is not more frequent but
 * warm (frequency {@value #HASH_DOS_THRESHOLD} or more) at random once in 128, as Caffeine does
 * against an attack that keeps a hot victim in place with hash collisions. The generator (xorshift)
 * is seeded alike in every instance, so that a replay is reproducible. Not thread-safe.
 */
final class FrequencyAdmission {

    static final int HASH_DOS_THRESHOLD = 6;
    /** The frequency from which a candidate is known to recur: a hit, or a return after it left. */
    static final int RECURRENCE_THRESHOLD = 2;

    private long random = 0x9E37_79B9_7F4A_7C15L;

    /**
     * Admission by recurrence, the other rule of the adaptive strategy's shapes: the candidate enters
     * the main space when the sketch has counted it at least {@value #RECURRENCE_THRESHOLD} times
     * (it was hit in the window, or came back after it left), whatever the victim; as S3-FIFO admits
     * to its main queue what was hit in its small queue or is found in its ghost queue, the sketch
     * standing for the ghosts.
     *
     * @param candidateFrequency the candidate's frequency in the sketch
     * @return whether the candidate replaces the victim
     */
    static boolean recurs(int candidateFrequency) {
        return candidateFrequency >= RECURRENCE_THRESHOLD;
    }

    /**
     * @param candidateFrequency the candidate's frequency in the sketch
     * @param victimFrequency the victim's
     * @return whether the candidate replaces the victim
     */
    boolean admit(int candidateFrequency, int victimFrequency) {
        if (candidateFrequency > victimFrequency) {
            return true;
        }
        if (candidateFrequency >= HASH_DOS_THRESHOLD) {
            random ^= random << 13;
            random ^= random >>> 7;
            random ^= random << 17;
            return (random & 127) == 0;
        }
        return false;
    }
}
