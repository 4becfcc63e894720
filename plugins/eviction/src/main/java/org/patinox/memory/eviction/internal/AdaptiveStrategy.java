package org.patinox.memory.eviction.internal;

import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.spi.EntryList;
import org.patinox.memory.spi.EvictionStrategy;

/**
 * Window TinyLFU whose shape is chosen, again and again, by miniature simulations of the shapes it
 * may take: the {@code adaptive} strategy.
 *
 * <p>The cache is a Window TinyLFU (see {@link WTinyLfuStrategy}): an LRU window, a segmented-LRU
 * main space (probation, and protected at {@link #protectedShare} of it) and a {@link
 * FrequencySketch}. Its shape is the window's share, from none to the whole cache (where it is an
 * LRU cache), and the rule by which the window's oldest entry (the candidate) enters the main
 * space: by a contest, when more frequent than the main space's victim (TinyLFU's admission, which
 * favours frequency), or by recurrence, when it was hit in the window or came back from the ghost
 * queue, the keys of the latest candidates refused (up to {@value #GHOST_RATIO} of the maximum
 * weight), whatever the victim: as S3-FIFO admits to its main queue what was hit in its small queue
 * or returns from its ghosts, which favours recency. {@link WindowSimulations} replays a sample of
 * the requests through a {@link MiniWindowCache} of each of a set of shapes, and at the end of each
 * period the cache takes the shape that hit most lately. Hill climbing, as in Caffeine, moves the
 * window by small steps after a sample of ten times the maximum requests each, so that it needs
 * many samples to cross the range; the simulations tell the best shape of the range at once.
 *
 * <p>A change of shape moves no entry at once: when the window shrinks, its oldest entries pass to
 * the main space (or are evicted against its victim) as entries are added, and when it grows, the
 * main space's victims make the room. Entries are counted: the simulations are sized in entries,
 * so a cache that weighs its entries, or is unbounded, keeps its first shape (a 1% window with
 * admission by frequency: W-TinyLFU's).
 *
 * <p>The first shape is a 1% window, admitting by frequency where the simulations replay every
 * request (a cache of up to {@value WindowSimulations#MINI_CAPACITY} entries), and by recurrence
 * where they sample the keys: there a period of the simulations spans at least twice the maximum
 * in requests, so the first shape serves the whole fill and the first period, and on the large
 * traces measured (P3, P6, P12) recurrence hits more than frequency over that start.
 *
 * <p>The contest is {@link FrequencyAdmission}, as in {@link WTinyLfuStrategy}: the candidate
 * when more frequent than the victim, and a warm candidate at random once in 128. The sketch counts
 * as {@link WTinyLfuStrategy}'s does: every arrival, and the uses of held entries (hits, updates)
 * once the cache has first been full.
 *
 * <p>{@link #coldest} lists the victims as {@link #victim()} would answer them, its contests
 * simulated on the side, and {@link #hottest} reads them from the other end. A maximum changed at
 * run time ({@link #onMaximumChanged}) keeps the shape in place, in proportion to the new maximum,
 * and makes the simulations anew for it.
 *
 * <p>Per entry, the strategy keeps its space in {@link CacheEntry#mark()} and its place in the
 * entry's links, and allocates nothing; the ghost queue holds keys in arrays that grow to its bound,
 * and the simulations allocate their arrays once, for at most {@value
 * WindowSimulations#MINI_CAPACITY} entries each (a cache larger than that is sampled).
 */
final class AdaptiveStrategy<K, V> implements EvictionStrategy<K, V> {

    static final int INITIAL_WINDOW_PERCENT = 1;

    private static final int WINDOW = 1;
    private static final int PROBATION = 2;
    private static final int PROTECTED = 3;
    /** In the window, and admitted to the main space when it leaves: it was hit there, or came back. */
    private static final int RECURRING = 4;
    /** The ghost queue's bound, as a share of the maximum weight: S3-FIFO's. */
    static final double GHOST_RATIO = 0.9;

    private long maximum;
    private final boolean bounded;
    private final boolean weighted;
    /** Whether simulations choose the shape: entries counted, and adapting asked for. */
    private final boolean adaptable;

    private final EntryList<K, V> window = new EntryList<>();
    private final EntryList<K, V> probation = new EntryList<>();
    private final EntryList<K, V> protectedSpace = new EntryList<>();
    private long windowWeight;
    private long probationWeight;
    private long protectedWeight;
    private long windowMaximum;
    private long protectedMaximum;
    private int windowPercent;
    private boolean contests = true;

    private final FrequencySketch sketch;
    /** Whether the cache has held its maximum weight (or more) at least once; see {@link #countUse}. */
    private boolean filled;
    /** Null when the shape is fixed, or while the maximum is 0. */
    private WindowSimulations simulations;
    private long held;
    /** The latest entry heavier than the whole cache, evicted before anything else. */
    private CacheEntry<K, V> oversized;
    private final FrequencyAdmission admission = new FrequencyAdmission();
    /** The keys of the latest candidates refused, when the shape may admit by recurrence; else null. */
    private final GhostQueue ghost;
    /** The candidate just refused, which becomes a ghost when it leaves. */
    private CacheEntry<K, V> refused;
    private long mostHeld;

    /** @param config the cache's configuration, for its maximum weight and whether it weighs */
    AdaptiveStrategy(CacheConfig<K, V> config) {
        this(config, INITIAL_WINDOW_PERCENT, !(config.bounded() && !config.weighted()
                && config.maximumWeight() > WindowSimulations.MINI_CAPACITY), true);
    }

    /**
     * The protected segment's share of the main space: W-TinyLFU's 80% under admission by
     * frequency, 70% under admission by recurrence, where every entry of the main space has already
     * come back once and a smaller protected segment leaves the newly admitted longer in probation
     * (P3 at 131,072 entries, a 1% window by recurrence held fixed: 47.50% of hits at 80%, 49.70%
     * at 50%; over every trace measured, with the shape chosen, 70% did best of 50 to 80%).
     *
     * @param contests whether the shape admits by a contest of frequency
     * @return the protected segment's share of the main space
     */
    static double protectedShare(boolean contests) {
        return contests ? 0.80 : 0.70;
    }

    /**
     * @param config the cache's configuration
     * @param windowPercent the window's first share, 0 to 100
     * @param contests whether the window's candidates are admitted by a contest of frequency at
     *     first, else by recurrence
     * @param adapts whether simulations change the shape (only when entries are counted)
     */
    AdaptiveStrategy(CacheConfig<K, V> config, int windowPercent, boolean contests, boolean adapts) {
        this.maximum = config.maximumWeight();
        this.bounded = config.bounded();
        this.weighted = config.weighted();
        this.adaptable = adapts && bounded && !weighted;
        this.sketch = new FrequencySketch(bounded && !weighted ? maximum : 16);
        this.simulations = adaptable && maximum > 0
                ? new WindowSimulations(maximum, sketch, WindowSimulations.shapeIndex(windowPercent, contests))
                : null;
        // Made even while the maximum is 0, since a maximum changed at run time may start the simulations.
        this.ghost = adaptable || !contests ? new GhostQueue() : null;
        shape(windowPercent, contests);
    }

    private void shape(int percent, boolean contesting) {
        this.windowPercent = percent;
        // In two parts, so that an unbounded cache's maximum (Long.MAX_VALUE) does not overflow.
        this.windowMaximum = maximum / 100 * percent + maximum % 100 * percent / 100;
        this.protectedMaximum = (long) (protectedShare(contesting) * (maximum - windowMaximum));
        this.contests = contesting;
        demoteFromProtected();
    }

    private long mainMaximum() {
        return maximum - windowMaximum;
    }

    @Override
    public void onInsert(CacheEntry<K, V> entry) {
        if (entry.mark() >= WINDOW && entry.mark() <= RECURRING) {
            throw new IllegalStateException("adaptive holds the entry of key " + entry.key() + " already (its mark is "
                    + entry.mark() + "), and was told it entered again");
        }
        held++;
        mostHeld = Math.max(mostHeld, held);
        if (weighted) {
            sketch.ensureCapacity(held);
        } else {
            sketch.growFor(held);
        }
        count(entry);
        entry.mark(ghost != null && ghost.remove(entry.key()) >= 0 ? RECURRING : WINDOW);
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
        simulate(entry);
    }

    @Override
    public void onAccess(CacheEntry<K, V> entry) {
        if (entry.mark() < WINDOW || entry.mark() > RECURRING) {
            throw unknown(entry); // before the sketch counts it
        }
        countUse(entry);
        reorder(entry);
        simulate(entry);
    }

    private void simulate(CacheEntry<K, V> entry) {
        if (simulations != null && simulations.request(entry.key().hashCode())) {
            shape(simulations.bestWindowPercent(), simulations.bestContests());
        }
    }

    @Override
    public void onUpdate(CacheEntry<K, V> entry, int previousWeight) {
        int delta = entry.weight() - previousWeight;
        switch (entry.mark()) {
            case WINDOW, RECURRING -> windowWeight += delta;
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
            case WINDOW, RECURRING -> {
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
        if (entry == refused) {
            refused = null;
            ghost.add(entry.key(), entry.weight());
            trimGhosts();
        }
    }

    /** Keeps the ghost queue within its share of the maximum, and to no more keys than were ever held. */
    private void trimGhosts() {
        while (!ghost.isEmpty() && (ghost.weight() > (long) (GHOST_RATIO * maximum) || ghost.size() > mostHeld)) {
            ghost.removeOldest();
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
            if (contests ? admit(candidate, victim) : candidate.mark() == RECURRING) {
                windowToProbation(candidate);
                return victim;
            }
            if (ghost != null) {
                refused = candidate;
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
        return admission.admit(sketch.frequency(candidate.key().hashCode()), sketch.frequency(victim.key().hashCode()));
    }

    private void count(CacheEntry<K, V> entry) {
        if (bounded) {
            sketch.increment(entry.key().hashCode());
        }
    }

    /**
     * Counts a use of an entry already held (a hit or an update) once the cache has first been
     * full, and not before, as {@code WTinyLfuStrategy#countUse} says why: the fill's hits would
     * rank the first keys above every later arrival. The models read this same sketch, so that
     * every shape sees the counts the cache's contests see.
     */
    private void countUse(CacheEntry<K, V> entry) {
        if (filled) {
            count(entry);
        }
    }

    private void reorder(CacheEntry<K, V> entry) {
        switch (entry.mark()) {
            case WINDOW -> {
                window.moveToLast(entry);
                entry.mark(RECURRING);
            }
            case RECURRING -> window.moveToLast(entry);
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

    private static IllegalStateException unknown(CacheEntry<?, ?> entry) {
        return new IllegalStateException("adaptive was not told of the entry of key " + entry.key()
                + " (its mark is " + entry.mark() + ")");
    }

    /** @return the entries and weight held, walked and checked against the totals kept; for tests */
    long[] totals() {
        return new Totals().add("window", window, windowWeight).add("probation", probation, probationWeight)
                .add("protected", protectedSpace, protectedWeight).check(held);
    }

    /** @return the window's share of the maximum weight now, for tests */
    long windowMaximum() {
        return windowMaximum;
    }

    /** @return whether candidates are admitted by frequency now, for tests */
    boolean contests() {
        return contests;
    }

    /** @return the simulations choosing the shape, or {@code null} when it is fixed, for tests */
    WindowSimulations simulations() {
        return simulations;
    }

    /** @return the keys in the ghost queue, for tests */
    int ghosts() {
        return ghost == null ? 0 : ghost.size();
    }

    /**
     * The order {@link #victim()} would evict in, simulated on the side without changing anything:
     * the entry heavier than the cache first; then, while the window is over its share, its oldest
     * entry against the main space's victim, decided as the shape in place decides (by frequency,
     * with the sketch's counts as they are and a copy of the admission's generator, or by
     * recurrence, with the candidate's mark), the admitted candidates moving to probation's tail;
     * then probation's oldest, protected's, and the window's. The ghosts the refused candidates
     * would become change no victim: they matter only to the entries inserted after.
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
     * once the contests are over the order is probation, protected, then the window, each from its
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
        final FrequencyAdmission simulatedAdmission = contests ? admission.copy() : null;
        long winWeight = windowWeight;
        long mainWeight = probationWeight + protectedWeight;

        Simulation() {
            if (skip != null) {
                if (skip.mark() == WINDOW || skip.mark() == RECURRING) {
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
                boolean admitted = contests
                        ? simulatedAdmission.admit(sketch.frequency(candidate.key().hashCode()),
                                sketch.frequency(mainVictim.key().hashCode()))
                        : win.peekMark() == RECURRING;
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
     * Follows a maximum changed at run time, as Caffeine's {@code setMaximumSize} resizes its
     * W-TinyLFU: the shape in place keeps its proportions, so the window and protected take their
     * shares of the new maximum (protected's excess moves to probation at once; the window's passes
     * to the main space as entries are added, as on a change of shape); the sketch's aging sample
     * follows the new maximum, its table growing with the entries held; the ghost queue is trimmed to its share of the new maximum; and the
     * simulations start anew with models of the new size, from the shape in place, since models of
     * the old size tell the best shape of a cache the cache no longer is.
     */
    @Override
    public void onMaximumChanged(long newMaximum) {
        if (newMaximum == maximum) {
            return;
        }
        maximum = newMaximum;
        if (bounded && !weighted) {
            sketch.expect(maximum); // the table grows with the entries held, not with the maximum
        }
        if (adaptable) {
            simulations = maximum > 0
                    ? new WindowSimulations(maximum, sketch, WindowSimulations.shapeIndex(windowPercent, contests))
                    : null;
        }
        if (ghost != null) {
            trimGhosts();
        }
        shape(windowPercent, contests);
    }

    /** @return the frequency sketch, for tests */
    FrequencySketch sketch() {
        return sketch;
    }

    @Override
    public String toString() {
        return "adaptive(" + held + " entries; window " + windowWeight + "/" + windowMaximum + ", probation "
                + probationWeight + ", protected " + protectedWeight + "/" + protectedMaximum
                + (contests ? ", admission by frequency)" : ", admission by recurrence)");
    }
}
