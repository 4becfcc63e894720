package org.patinox.memory.eviction.internal;

/**
 * TinyLFU's admission as {@link AdaptiveStrategy} and its models ({@link MiniWindowCache}) decide
 * it, one instance each, so that a model of the cache's shape decides as the cache does: a
 * candidate replaces the victim when it is more frequent; a candidate that is not more frequent but
 * warm (frequency {@value #HASH_DOS_THRESHOLD} or more) at random once in 128, as Caffeine does
 * against an attack that keeps a hot victim in place with hash collisions. The generator (xorshift)
 * is seeded alike in every instance, so that a replay is reproducible. Not thread-safe.
 */
final class FrequencyAdmission {

    static final int HASH_DOS_THRESHOLD = 6;

    private long random = 0x9E37_79B9_7F4A_7C15L;

    /**
     * @return an admission whose generator is where this one's is, so that a simulation of the
     *     next contests (the strategy's {@code coldest}) decides them as this one will, and leaves
     *     this one's generator untouched
     */
    FrequencyAdmission copy() {
        FrequencyAdmission copy = new FrequencyAdmission();
        copy.random = random;
        return copy;
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
