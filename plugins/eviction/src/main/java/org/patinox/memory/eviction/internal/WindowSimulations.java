package org.patinox.memory.eviction.internal;

/**
 * Miniature simulations of the shapes {@link AdaptiveStrategy} may take, replayed side by side
 * over a sample of its requests, and the choice of the shape that hit most lately.
 *
 * <p>Each shape is a {@link MiniWindowCache}. A cache of up to {@value #MINI_CAPACITY} entries is
 * simulated whole, on every request; a larger one on the requests for a fixed sample of its keys,
 * those whose hash falls in one part in {@code rate} (a power of two), in models of {@code
 * maximum / rate} entries, as the SHARDS method samples (Waldspurger et al., FAST 2015): the hit
 * ratio of a cache on a spatial sample of the keys, scaled down by the same rate, follows the
 * whole cache's. The models read frequencies from the cache's own sketch, which counts every key.
 *
 * <p>While the models fill they evict nothing and hit alike, so the scores start once they are
 * full. After each period of {@value #PERIOD_FACTOR} times the models' capacity sampled requests (at
 * least {@value #MINIMUM_PERIOD}), every shape's score becomes {@value #DECAY} of its old score
 * plus its hits of the period, so that the last periods weigh most but one period's noise does not
 * decide alone. The best score wins
 * when it leads the shape in place by more than {@value #MARGIN} of a period's requests (in the
 * long run), since a change of shape costs misses while the cache rearranges itself. The shapes:
 * windows of 0, 1, 5, 10, 20, 35, 50, 70 and 100% with admission by a contest of frequency (100%
 * is LRU), and of 1, 10, 25 and 50% with admission by recurrence. Not thread-safe.
 */
final class WindowSimulations {

    /** The largest model: a larger cache is sampled down to this. */
    static final int MINI_CAPACITY = 4096;
    /** A period, in sampled requests, is this many times the models' capacity. */
    static final int PERIOD_FACTOR = 2;
    /**
     * The fewest sampled requests in a period: over fewer, the scores of a small cache follow the
     * phase of a loop or a burst more than the shapes' merit (loop at 256: 1.2 points lost).
     */
    static final int MINIMUM_PERIOD = 2048;
    /** What is left of a score after a period, before the period's hits are added. */
    static final double DECAY = 0.875;
    /**
     * How much better than the shape in place another must score to replace it, as a share of a
     * period's requests (1%): a change of shape costs misses while the cache rearranges, so a
     * shape barely ahead is not worth it.
     */
    static final double MARGIN = 0.01;

    /** The window shares of the shapes, in percent, with their admission by frequency, in pairs. */
    static final int[] WINDOW_PERCENTS = {0, 1, 5, 10, 20, 35, 50, 70, 100, 1, 10, 25, 50};
    static final boolean[] CONTESTS = {true, true, true, true, true, true, true, true, true, false, false, false, false};

    private final MiniWindowCache[] models;
    private final double[] scores;
    private final int sampleMask;
    private final long period;
    private final int capacity;
    private boolean full;
    private long requests;
    private int best;

    /**
     * Simulations that start from a shape in place, the cache's first or, when its maximum changes
     * at run time, the one it has then: the models are made for the maximum, and the shape in place
     * stays until another leads it by the margin.
     *
     * @param maximum the cache's maximum entries, 1 or more
     * @param sketch the cache's frequency sketch
     * @param inPlace the index of the shape in place in {@link #WINDOW_PERCENTS}
     */
    WindowSimulations(long maximum, FrequencySketch sketch, int inPlace) {
        long rate = 1;
        while (maximum / rate > MINI_CAPACITY) {
            rate <<= 1;
        }
        this.sampleMask = (int) (rate - 1);
        this.capacity = (int) Math.max(1, maximum / rate);
        this.models = new MiniWindowCache[WINDOW_PERCENTS.length];
        for (int i = 0; i < models.length; i++) {
            models[i] = new MiniWindowCache(capacity, WINDOW_PERCENTS[i], CONTESTS[i], sketch);
        }
        this.scores = new double[models.length];
        this.period = Math.max(MINIMUM_PERIOD, (long) PERIOD_FACTOR * capacity);
        this.best = inPlace;
    }

    /**
     * @param windowPercent a window's share, in percent
     * @param contests whether the shape admits by frequency
     * @return the index of that shape in {@link #WINDOW_PERCENTS}, or 1 (a 1% window admitting by
     *     frequency, the first shape) when it is not one of the simulated shapes
     */
    static int shapeIndex(int windowPercent, boolean contests) {
        for (int i = 0; i < WINDOW_PERCENTS.length; i++) {
            if (WINDOW_PERCENTS[i] == windowPercent && CONTESTS[i] == contests) {
                return i;
            }
        }
        return 1;
    }

    /**
     * Replays a request through every model when its key is in the sample.
     *
     * @param hashCode the key's hash code
     * @return whether a period ended, so that the best shape may have changed
     */
    boolean request(int hashCode) {
        if (!sampled(hashCode)) {
            return false;
        }
        for (MiniWindowCache model : models) {
            model.request(hashCode);
        }
        if (!full) {
            // While the models fill they evict nothing, and every shape hits alike.
            full = models[0].size() == capacity;
            return false;
        }
        if (++requests < period) {
            return false;
        }
        requests = 0;
        for (int i = 0; i < models.length; i++) {
            scores[i] = scores[i] * DECAY + models[i].takeHits();
        }
        int top = best;
        for (int i = 0; i < models.length; i++) {
            if (scores[i] > scores[top]) {
                top = i;
            }
        }
        if (scores[top] > scores[best] + MARGIN * period / (1 - DECAY)) {
            best = top;
        }
        return true;
    }

    /** @param hashCode a key's hash code @return whether the key is in the sample the models replay */
    boolean sampled(int hashCode) {
        return (spread(hashCode) & sampleMask) == 0;
    }

    /** @return the window share of the best shape, in percent */
    int bestWindowPercent() {
        return WINDOW_PERCENTS[best];
    }

    /** @return whether the best shape admits by frequency */
    boolean bestContests() {
        return CONTESTS[best];
    }

    /** A hash for sampling, independent enough of the sketch's and the models' tables. */
    private static int spread(int x) {
        x ^= x >>> 17;
        x *= 0xed5ad4bb;
        x ^= x >>> 11;
        x *= 0xac4c1b51;
        x ^= x >>> 15;
        return x;
    }

    @Override
    public String toString() {
        return "simulations(" + models.length + " shapes, 1 in " + (sampleMask + 1) + " keys; best window "
                + bestWindowPercent() + "%" + (bestContests() ? ", contest)" : ", recurrence)");
    }
}
