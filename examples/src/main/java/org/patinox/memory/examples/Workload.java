package org.patinox.memory.examples;

/**
 * How much work each part of the {@link Tour} does.
 *
 * @param workers virtual threads that query the database at once: more than the pool has connections
 * @param queriesPerWorker queries each worker runs
 * @param poolSize connections the pool may hold
 * @param cacheSize entries the query cache keeps: a quarter of the keys asked for, so that it must choose
 * @param lookupsPerWorker lookups each worker makes in the query cache
 * @param trades records the mapped file holds
 */
record Workload(int workers, int queriesPerWorker, int poolSize, int cacheSize, int lookupsPerWorker, int trades) {

    /** The smallest workload, the one the tests run. */
    static final Workload DEFAULT = scaled(TourOptions.MIN_SCALE);

    /**
     * @param scale how many times the default workload
     * @return a workload whose queries, lookups and records grow with the scale, on the same pool
     *     and cache, so that contention stays what it is and only the run grows
     */
    static Workload scaled(int scale) {
        return new Workload(32, 50 * scale, 4, 8, 200 * scale, (1 << 20) * Math.min(scale, 8));
    }

    /** @return the queries the workers run in all, each way (an insert and a count per query) */
    int queries() {
        return workers * queriesPerWorker;
    }

    /** @return the lookups the workers make in the cache in all */
    int lookups() {
        return workers * lookupsPerWorker;
    }
}
