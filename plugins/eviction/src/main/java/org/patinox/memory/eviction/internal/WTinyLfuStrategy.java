package org.patinox.memory.eviction.internal;

import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.spi.EntryList;
import org.patinox.memory.spi.EvictionStrategy;

/**
 * Window TinyLFU (Einziger, Friedman and Manes, "TinyLFU: A Highly Efficient Cache Admission
 * Policy", ACM Transactions on Storage 13(4), 2017), in the variant of Caffeine: a small LRU
 * admission window in front of a main space in segmented LRU, and a frequency sketch that decides
 * which of the window's oldest entry and the main space's victim the cache keeps.
 *
 * <ul>
 *   <li>New entries enter the window, an LRU list of 1% of the maximum weight at first.
 *   <li>The main space holds the rest, split in probation (20%) and protected (80%): an entry that
 *       leaves the window enters probation; a hit in probation promotes it to protected; when
 *       protected is over its share its oldest entries are demoted back to probation.
 *   <li>When the cache is over its bound and the window over its share, the window's oldest entry
 *       (the candidate) is compared with the main space's victim (probation's oldest, else
 *       protected's): the candidate enters probation and the victim is evicted when the candidate
 *       is the more frequent in the {@link FrequencySketch} (4-bit count-min with aging, no
 *       doorkeeper); otherwise the candidate is evicted. A candidate that is not more frequent but
 *       warm (frequency 6 or more) is admitted at random once in 128, as Caffeine does against an
 *       attack that keeps a hot victim in place with hash collisions; the generator is seeded
 *       alike for every instance, so that a replay is reproducible.
 *   <li>Hill climbing adapts the window's share, as in Caffeine: after every sample of ten times the
 *       maximum requests (hits heard through {@link #onAccess}, misses through {@link #onInsert}),
 *       the window grows or shrinks by a step, in the direction that last raised the hit ratio;
 *       the step starts at 6.25% of the maximum, decays by 2% a sample, and restarts when the hit
 *       ratio moves by 5 points or more. Entries move between the spaces at the time, at most
 *       1000 per sample.
 *   <li>The sketch counts every arrival (a miss's insert), and every later use of a held entry (a
 *       hit or an update) once the cache has first been full (see {@code countUse}). It is sized
 *       for the maximum when entries are counted, and for the entries held, growing with them,
 *       when they are weighed.
 * </ul>
 *
 * <p>Weights: the shares are of the maximum weight, and an entry heavier than the whole cache is
 * the next victim, alone. Per entry, the strategy keeps its space in {@link CacheEntry#mark()} and
 * its place in the entry's links; it allocates nothing per entry.
 */
final class WTinyLfuStrategy<K, V> implements EvictionStrategy<K, V> {

    static final double PERCENT_MAIN = 0.99;
    static final double PERCENT_MAIN_PROTECTED = 0.80;
    static final int ADMIT_HASH_DOS_THRESHOLD = 6;
    static final double CLIMBER_RESTART_THRESHOLD = 0.05;
    static final double CLIMBER_STEP_PERCENT = 0.0625;
    static final double CLIMBER_STEP_DECAY_RATE = 0.98;
    static final int TRANSFER_LIMIT = 1000;

    private static final int WINDOW = 1;
    private static final int PROBATION = 2;
    private static final int PROTECTED = 3;

    private long maximum;
    private final boolean bounded;
    private final boolean weighted;
    private final boolean climbs;

    private final EntryList<K, V> window = new EntryList<>();
    private final EntryList<K, V> probation = new EntryList<>();
    private final EntryList<K, V> protectedSpace = new EntryList<>();
    private long windowWeight;
    private long probationWeight;
    private long protectedWeight;
    private long windowMaximum;
    private long protectedMaximum;

    private final FrequencySketch sketch;
    /** Whether the cache has held its maximum weight (or more) at least once; see {@link #countUse}. */
    private boolean filled;
    private long held;
    /** The latest entry heavier than the whole cache, evicted before anything else. */
    private CacheEntry<K, V> oversized;
    private long random = 0x9E37_79B9_7F4A_7C15L;

    private long hitsInSample;
    private long missesInSample;
    private double previousHitRate;
    private double stepSize;

    /**
     * @param config the cache's configuration, for its maximum weight and whether it weighs
     * @param climbs whether the window's share adapts by hill climbing
     */
    WTinyLfuStrategy(CacheConfig<K, V> config, boolean climbs) {
        this.maximum = config.maximumWeight();
        this.bounded = config.bounded();
        this.weighted = config.weighted();
        this.climbs = climbs && bounded;
        long mainMaximum = (long) (PERCENT_MAIN * maximum);
        this.windowMaximum = maximum - mainMaximum;
        this.protectedMaximum = (long) (PERCENT_MAIN_PROTECTED * mainMaximum);
        this.sketch = new FrequencySketch(bounded && !weighted ? maximum : 16);
        this.stepSize = -CLIMBER_STEP_PERCENT * maximum;
    }

    private long mainMaximum() {
        return maximum - windowMaximum;
    }

    @Override
    public void onInsert(CacheEntry<K, V> entry) {
        if (entry.mark() >= WINDOW && entry.mark() <= PROTECTED) {
            throw new IllegalStateException("w-tinylfu holds the entry of key " + entry.key() + " already (its mark is "
                    + entry.mark() + "), and was told it entered again");
        }
        held++;
        if (weighted) {
            sketch.ensureCapacity(held);
        } else {
            sketch.growFor(held);
        }
        count(entry);
        entry.mark(WINDOW);
        window.addLast(entry);
        windowWeight += entry.weight();
        filled |= windowWeight + probationWeight + protectedWeight >= maximum;
        if (entry.weight() > maximum) {
            oversized = entry;
        }
        // While the cache fills, what leaves the window enters probation without a contest.
        for (CacheEntry<K, V> c = window.first(); windowWeight > windowMaximum && c != null
                && c.weight() <= mainMaximum() - probationWeight - protectedWeight; c = window.first()) {
            windowToProbation(c);
        }
        missesInSample++;
        climb();
    }

    @Override
    public void onAccess(CacheEntry<K, V> entry) {
        if (entry.mark() < WINDOW || entry.mark() > PROTECTED) {
            throw unknown(entry); // before the sketch counts it
        }
        countUse(entry);
        reorder(entry);
        hitsInSample++;
        climb();
    }

    @Override
    public void onUpdate(CacheEntry<K, V> entry, int previousWeight) {
        int delta = entry.weight() - previousWeight;
        switch (entry.mark()) {
            case WINDOW -> windowWeight += delta;
            case PROBATION -> probationWeight += delta;
            case PROTECTED -> protectedWeight += delta;
            default -> throw unknown(entry);
        }
        if (entry.weight() > maximum) {
            oversized = entry;
        }
        countUse(entry);
        reorder(entry);
        demoteFromProtected();
    }

    @Override
    public void onRemove(CacheEntry<K, V> entry) {
        switch (entry.mark()) {
            case WINDOW -> {
                window.remove(entry);
                windowWeight -= entry.weight();
            }
            case PROBATION -> {
                probation.remove(entry);
                probationWeight -= entry.weight();
            }
            case PROTECTED -> {
                protectedSpace.remove(entry);
                protectedWeight -= entry.weight();
            }
            default -> throw unknown(entry);
        }
        entry.mark(0);
        held--;
        if (entry == oversized) {
            oversized = null;
        }
    }

    @Override
    public CacheEntry<K, V> victim() {
        if (oversized != null) {
            if (oversized.weight() > maximum) {
                return oversized;
            }
            oversized = null;
        }
        while (windowWeight > windowMaximum) {
            CacheEntry<K, V> candidate = window.first();
            if (candidate == null) {
                break;
            }
            if (candidate.weight() <= mainMaximum() - probationWeight - protectedWeight) {
                windowToProbation(candidate);
                continue;
            }
            CacheEntry<K, V> victim = probation.isEmpty() ? protectedSpace.first() : probation.first();
            if (victim == null) {
                return candidate;
            }
            if (admit(candidate, victim)) {
                windowToProbation(candidate);
                return victim;
            }
            return candidate;
        }
        if (!probation.isEmpty()) {
            return probation.first();
        }
        return protectedSpace.isEmpty() ? window.first() : protectedSpace.first();
    }

    /** TinyLFU's admission: whether the window's candidate should replace the main space's victim. */
    private boolean admit(CacheEntry<K, V> candidate, CacheEntry<K, V> victim) {
        int victimFrequency = sketch.frequency(victim.key().hashCode());
        int candidateFrequency = sketch.frequency(candidate.key().hashCode());
        if (candidateFrequency > victimFrequency) {
            return true;
        }
        if (candidateFrequency >= ADMIT_HASH_DOS_THRESHOLD) {
            random ^= random << 13;
            random ^= random >>> 7;
            random ^= random << 17;
            return (random & 127) == 0;
        }
        return false;
    }

    private void count(CacheEntry<K, V> entry) {
        if (bounded) {
            sketch.increment(entry.key().hashCode());
        }
    }

    /**
     * Counts a use of an entry already held (a hit or an update), but only once the cache has first
     * been full. While it fills it evicts nothing and decides no contest, and its hits fall on the
     * few keys seen so far: counted, they rank those first keys above every later arrival for
     * several halvings of the sketch (Caffeine, which makes its sketch only once the cache is half
     * full and records no read before, owes to that its lead on multi2 at 300 entries; see
     * docs/measurements/adaptive-policy.md). Arrivals are counted from the first, which Caffeine's
     * late sketch does not do and which the loops of gli need.
     */
    private void countUse(CacheEntry<K, V> entry) {
        if (filled) {
            count(entry);
        }
    }

    private void reorder(CacheEntry<K, V> entry) {
        switch (entry.mark()) {
            case WINDOW -> window.moveToLast(entry);
            case PROBATION -> promote(entry);
            case PROTECTED -> protectedSpace.moveToLast(entry);
            default -> throw unknown(entry);
        }
    }

    /** A hit in probation: the entry moves to protected, unless it is too heavy for protected. */
    private void promote(CacheEntry<K, V> entry) {
        if (entry.weight() > protectedMaximum) {
            probation.moveToLast(entry);
            return;
        }
        probation.remove(entry);
        probationWeight -= entry.weight();
        protectedSpace.addLast(entry);
        protectedWeight += entry.weight();
        entry.mark(PROTECTED);
        demoteFromProtected();
    }

    private void demoteFromProtected() {
        while (protectedWeight > protectedMaximum) {
            CacheEntry<K, V> demoted = protectedSpace.first();
            if (demoted == null) {
                break;
            }
            protectedSpace.remove(demoted);
            protectedWeight -= demoted.weight();
            probation.addLast(demoted);
            probationWeight += demoted.weight();
            demoted.mark(PROBATION);
        }
    }

    private void windowToProbation(CacheEntry<K, V> entry) {
        window.remove(entry);
        windowWeight -= entry.weight();
        probation.addLast(entry);
        probationWeight += entry.weight();
        entry.mark(PROBATION);
    }

    /** Hill climbing: once a sample is complete, moves the window's share a step. */
    private void climb() {
        if (!climbs) {
            return;
        }
        long requests = hitsInSample + missesInSample;
        if (requests < sketch.sampleSize()) {
            return;
        }
        double hitRate = (double) hitsInSample / requests;
        double change = hitRate - previousHitRate;
        double amount = change >= 0 ? stepSize : -stepSize;
        stepSize = Math.abs(change) >= CLIMBER_RESTART_THRESHOLD
                ? CLIMBER_STEP_PERCENT * maximum * (amount >= 0 ? 1 : -1)
                : CLIMBER_STEP_DECAY_RATE * amount;
        previousHitRate = hitRate;
        hitsInSample = 0;
        missesInSample = 0;
        long adjustment = (long) amount;
        if (adjustment > 0) {
            increaseWindow(adjustment);
        } else if (adjustment < 0) {
            decreaseWindow(-adjustment);
        }
    }

    /** Takes weight from protected for the window, moving main's oldest entries into the window. */
    private void increaseWindow(long amount) {
        if (protectedMaximum == 0) {
            return;
        }
        long quota = Math.min(amount, protectedMaximum);
        protectedMaximum -= quota;
        windowMaximum += quota;
        demoteFromProtected();
        for (int i = 0; i < TRANSFER_LIMIT; i++) {
            CacheEntry<K, V> candidate = probation.first();
            boolean fromProbation = true;
            if (candidate == null || quota < candidate.weight()) {
                candidate = protectedSpace.first();
                fromProbation = false;
            }
            if (candidate == null || quota < candidate.weight()) {
                break;
            }
            quota -= candidate.weight();
            if (fromProbation) {
                probation.remove(candidate);
                probationWeight -= candidate.weight();
            } else {
                protectedSpace.remove(candidate);
                protectedWeight -= candidate.weight();
            }
            window.addLast(candidate);
            windowWeight += candidate.weight();
            candidate.mark(WINDOW);
        }
        // What could not move stays with protected.
        protectedMaximum += quota;
        windowMaximum -= quota;
    }

    /** Gives weight of the window to protected, moving the window's oldest entries into probation. */
    private void decreaseWindow(long amount) {
        if (windowMaximum <= 1) {
            return;
        }
        long quota = Math.min(amount, windowMaximum - 1);
        protectedMaximum += quota;
        windowMaximum -= quota;
        for (int i = 0; i < TRANSFER_LIMIT; i++) {
            CacheEntry<K, V> candidate = window.first();
            if (candidate == null || quota < candidate.weight()) {
                break;
            }
            quota -= candidate.weight();
            windowToProbation(candidate);
        }
        protectedMaximum -= quota;
        windowMaximum += quota;
    }

    private static IllegalStateException unknown(CacheEntry<?, ?> entry) {
        return new IllegalStateException("w-tinylfu was not told of the entry of key " + entry.key()
                + " (its mark is " + entry.mark() + ")");
    }

    /** @return the entries and weight held, walked and checked against the totals kept; for tests */
    long[] totals() {
        return new Totals().add("window", window, windowWeight).add("probation", probation, probationWeight)
                .add("protected", protectedSpace, protectedWeight).check(held);
    }

    /** @return the window's share of the maximum weight now, for tests of the climber */
    long windowMaximum() {
        return windowMaximum;
    }

    /** @return the frequency sketch, for tests */
    FrequencySketch sketch() {
        return sketch;
    }

    @Override
    public String toString() {
        return "w-tinylfu(" + held + " entries; window " + windowWeight + "/" + windowMaximum + ", probation "
                + probationWeight + ", protected " + protectedWeight + "/" + protectedMaximum + ")";
    }

    /**
     * The order {@link #victim()} would evict in, simulated without changing anything: the entry
     * heavier than the cache first; then, while the window is over its share, the contests of its
     * oldest entry with the main space's victim (the sketch's counts as they are, and a copy of the
     * generator for warm candidates), the winners moving to probation's tail; then probation's
     * oldest, protected's, and the window's.
     */
    @Override
    public java.util.List<CacheEntry<K, V>> coldest(int limit) {
        java.util.List<CacheEntry<K, V>> order = new java.util.ArrayList<>((int) Math.min(limit, Math.max(held, 0)));
        Simulation sim = new Simulation();
        if (sim.skip != null && order.size() < limit) {
            order.add(sim.skip);
        }
        while (order.size() < limit) {
            CacheEntry<K, V> victim = sim.contest();
            if (victim == null) {
                victim = sim.mainPhaseVictim();
            }
            if (victim == null) {
                break;
            }
            order.add(victim);
        }
        return order;
    }

    /**
     * The reverse of {@link #coldest}, in time in the limit and the window's excess over its share:
     * once the contests are over, the order is probation, protected, then the window, each from its
     * oldest, so their newest ends come first here; then the contests' victims, the last first; then
     * the entry heavier than the cache.
     */
    @Override
    public java.util.List<CacheEntry<K, V>> hottest(int limit) {
        java.util.List<CacheEntry<K, V>> order = new java.util.ArrayList<>((int) Math.min(limit, Math.max(held, 0)));
        if (limit == 0) {
            return order;
        }
        Simulation sim = new Simulation();
        java.util.List<CacheEntry<K, V>> contested = new java.util.ArrayList<>();
        for (CacheEntry<K, V> victim = sim.contest(); victim != null; victim = sim.contest()) {
            contested.add(victim);
        }
        sim.win.addRemainingNewestFirst(order, limit);
        sim.prot.addRemainingNewestFirst(order, limit);
        sim.prob.addRemainingNewestFirst(order, limit);
        for (int i = contested.size() - 1; i >= 0 && order.size() < limit; i--) {
            order.add(contested.get(i));
        }
        if (sim.skip != null && order.size() < limit) {
            order.add(sim.skip);
        }
        return order;
    }

    /** The state of {@link #victim()} simulated on the side, for {@link #coldest} and {@link #hottest}. */
    private final class Simulation {
        final CacheEntry<K, V> skip = oversized != null && oversized.weight() > maximum ? oversized : null;
        final SimulatedQueue<K, V> win = new SimulatedQueue<>(window, skip);
        final SimulatedQueue<K, V> prob = new SimulatedQueue<>(probation, skip);
        final SimulatedQueue<K, V> prot = new SimulatedQueue<>(protectedSpace, skip);
        long winWeight = windowWeight;
        long mainWeight = probationWeight + protectedWeight;
        long generator = random;

        Simulation() {
            if (skip != null) {
                if (skip.mark() == WINDOW) {
                    winWeight -= skip.weight();
                } else {
                    mainWeight -= skip.weight();
                }
            }
        }

        /** @return the next victim while the window is over its share, else {@code null} */
        CacheEntry<K, V> contest() {
            while (winWeight > windowMaximum) {
                CacheEntry<K, V> candidate = win.peek();
                if (candidate == null) {
                    return null;
                }
                if (candidate.weight() <= mainMaximum() - mainWeight) {
                    toProbation(candidate);
                    continue;
                }
                CacheEntry<K, V> mainVictim = prob.isEmpty() ? prot.peek() : prob.peek();
                if (mainVictim == null) {
                    win.poll();
                    winWeight -= candidate.weight();
                    return candidate;
                }
                int victimFrequency = sketch.frequency(mainVictim.key().hashCode());
                int candidateFrequency = sketch.frequency(candidate.key().hashCode());
                boolean admitted = candidateFrequency > victimFrequency;
                if (!admitted && candidateFrequency >= ADMIT_HASH_DOS_THRESHOLD) {
                    generator ^= generator << 13;
                    generator ^= generator >>> 7;
                    generator ^= generator << 17;
                    admitted = (generator & 127) == 0;
                }
                if (!admitted) {
                    win.poll();
                    winWeight -= candidate.weight();
                    return candidate;
                }
                toProbation(candidate);
                (mainVictim == prob.peek() ? prob : prot).poll();
                mainWeight -= mainVictim.weight();
                return mainVictim;
            }
            return null;
        }

        /** @return the next victim once the window is within its share, or {@code null} when none is left */
        CacheEntry<K, V> mainPhaseVictim() {
            SimulatedQueue<K, V> from = !prob.isEmpty() ? prob : prot.isEmpty() ? win : prot;
            CacheEntry<K, V> victim = from.poll();
            if (victim != null) {
                if (from == win) {
                    winWeight -= victim.weight();
                } else {
                    mainWeight -= victim.weight();
                }
            }
            return victim;
        }

        private void toProbation(CacheEntry<K, V> candidate) {
            win.poll();
            winWeight -= candidate.weight();
            prob.add(candidate, PROBATION);
            mainWeight += candidate.weight();
        }
    }

    /**
     * As Caffeine does when its maximum changes: the window and protected shares start again from
     * their first proportions of the new maximum, the climber's step from its first size, and the
     * sketch's aging sample follows the new maximum (its table grows with the entries held, so that a
     * huge maximum allocates nothing); protected's excess moves to probation at once.
     */
    @Override
    public void onMaximumChanged(long newMaximum) {
        maximum = newMaximum;
        long mainMaximum = (long) (PERCENT_MAIN * maximum);
        windowMaximum = maximum - mainMaximum;
        protectedMaximum = (long) (PERCENT_MAIN_PROTECTED * mainMaximum);
        stepSize = -CLIMBER_STEP_PERCENT * maximum;
        if (bounded && !weighted) {
            sketch.expect(maximum); // the table grows with the entries held, not with the maximum
        }
        demoteFromProtected();
    }
}
