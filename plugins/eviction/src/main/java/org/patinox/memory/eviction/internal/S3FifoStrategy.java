package org.patinox.memory.eviction.internal;

import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.spi.EntryList;
import org.patinox.memory.spi.EvictionStrategy;

/**
 * S3-FIFO (Yang, Zhang, Qiu, Yue and Rashmi, "FIFO queues are all you need for cache eviction",
 * SOSP 2023), as Algorithm 1 of the paper and its reference implementation ({@code S3FIFOv0} in
 * libCacheSim) give it: a small FIFO queue S of 10% of the maximum weight, a main FIFO queue M of
 * the rest, a ghost FIFO queue G of keys, and a 2-bit frequency per entry.
 *
 * <ul>
 *   <li>A hit raises the entry's frequency, to 3 at most; it never moves the entry.
 *   <li>A new entry enters M if its key is in G (and leaves G), else S, with frequency 0.
 *   <li>Eviction takes from S when S holds 10% of the maximum weight or more, or M is empty, else
 *       from M. From S, the oldest entry moves to M with its frequency cleared if it was hit at
 *       least twice (frequency &gt; 1, the paper's and libCacheSim's threshold), and so on until an
 *       entry hit less is the victim, its key joining G, or S is empty and M is taken from. From M,
 *       the oldest entry, if hit, goes back to M's newest end with its frequency lowered by one,
 *       until one not hit is the victim.
 *   <li>G keeps the keys of the latest entries evicted from S, up to 90% of the maximum weight in
 *       their entries' weights (the paper's "as many as M holds"), the oldest going first; and,
 *       so that entries of weight 0 cannot grow it without end, never more keys than the most
 *       entries the cache held.
 * </ul>
 *
 * <p>The paper evicts before the new object enters. Here the cache has inserted the entry before it
 * asks for victims, so the latest entry inserted waits outside both queues (and their weights) until
 * the next insertion, read or update: the evictions it causes neither see nor count it, and it
 * joins its queue's newest end after them, as in the paper. It is the victim only when nothing
 * else is left. S holds at least weight 1 in a cache that holds anything, so that a cache of fewer
 * than ten entries still has a small queue. An entry heavier than the whole cache is the next victim,
 * alone. Only evictions from S make ghosts: an entry removed explicitly leaves no trace. Per entry,
 * the strategy keeps its frequency and queue in {@link CacheEntry#mark()} and its place in the
 * entry's links.
 */
final class S3FifoStrategy<K, V> implements EvictionStrategy<K, V> {

    static final double SMALL_RATIO = 0.10;
    static final double GHOST_RATIO = 0.90;
    static final int MOVE_TO_MAIN_THRESHOLD = 2;

    private static final int FREQUENCY = 3;
    private static final int IN_MAIN = 4;

    private long capacity;
    private long smallMaximum;
    private long ghostMaximum;
    private final EntryList<K, V> small = new EntryList<>();
    private final EntryList<K, V> main = new EntryList<>();
    private long smallWeight;
    private long mainWeight;
    private final GhostQueue ghost = new GhostQueue();
    /** The entry last answered by {@link #victim()}: its removal is an eviction. */
    private CacheEntry<K, V> chosen;
    /** The latest entry inserted, its queue in its mark, not yet in that queue. */
    private CacheEntry<K, V> pending;
    private CacheEntry<K, V> oversized;
    private int held;
    private int mostHeld;

    S3FifoStrategy(CacheConfig<K, V> config) {
        this.capacity = config.maximumWeight();
        this.smallMaximum = Math.max(1, (long) (SMALL_RATIO * capacity));
        this.ghostMaximum = (long) (GHOST_RATIO * capacity);
    }

    @Override
    public void onInsert(CacheEntry<K, V> entry) {
        if (holds(entry)) {
            throw new IllegalStateException("s3-fifo holds the entry of key " + entry.key()
                    + " already, and was told it entered again");
        }
        enqueuePending();
        entry.mark(ghost.remove(entry.key()) >= 0 ? IN_MAIN : 0);
        pending = entry;
        held++;
        mostHeld = Math.max(mostHeld, held);
        if (entry.weight() > capacity) {
            oversized = entry;
        }
    }

    private void enqueuePending() {
        if (pending == null) {
            return;
        }
        if ((pending.mark() & IN_MAIN) != 0) {
            main.addLast(pending);
            mainWeight += pending.weight();
        } else {
            small.addLast(pending);
            smallWeight += pending.weight();
        }
        pending = null;
    }

    @Override
    public void onAccess(CacheEntry<K, V> entry) {
        requireHeld(entry);
        hit(entry);
    }

    private void hit(CacheEntry<K, V> entry) {
        enqueuePending();
        int mark = entry.mark();
        if ((mark & FREQUENCY) < 3) {
            entry.mark(mark + 1);
        }
    }

    @Override
    public void onUpdate(CacheEntry<K, V> entry, int previousWeight) {
        requireHeld(entry);
        if (entry == pending) {
            enqueuePending(); // with its weight as updated
        } else {
            enqueuePending();
            int delta = entry.weight() - previousWeight;
            if ((entry.mark() & IN_MAIN) != 0) {
                mainWeight += delta;
            } else {
                smallWeight += delta;
            }
        }
        if (entry.weight() > capacity) {
            oversized = entry;
        }
        hit(entry);
    }

    @Override
    public void onRemove(CacheEntry<K, V> entry) {
        requireHeld(entry);
        boolean inMain = (entry.mark() & IN_MAIN) != 0;
        if (entry == pending) {
            pending = null;
        } else if (inMain) {
            main.remove(entry);
            mainWeight -= entry.weight();
        } else {
            small.remove(entry);
            smallWeight -= entry.weight();
        }
        entry.mark(0);
        held--;
        if (entry == oversized) {
            oversized = null;
        }
        if (entry == chosen) {
            chosen = null;
            if (!inMain) {
                ghost.add(entry.key(), entry.weight());
                while (!ghost.isEmpty() && (ghost.weight() > ghostMaximum || ghost.size() > mostHeld)) {
                    ghost.removeOldest();
                }
            }
        }
    }

    /**
     * Refuses a call about an entry neither queue holds, before anything changes: unlinking it
     * would cut the queue its mark names, and counting it would put its weight in that queue's total.
     */
    private void requireHeld(CacheEntry<K, V> entry) {
        if (!holds(entry)) {
            throw new IllegalStateException("s3-fifo was not told of the entry of key " + entry.key()
                    + ", or was told it left (its mark is " + entry.mark() + ")");
        }
    }

    /** @return whether the entry is the pending one, or in the queue its mark names */
    private boolean holds(CacheEntry<K, V> entry) {
        return entry == pending || ((entry.mark() & IN_MAIN) != 0 ? main : small).holds(entry);
    }

    @Override
    public CacheEntry<K, V> victim() {
        chosen = choose();
        return chosen;
    }

    private CacheEntry<K, V> choose() {
        if (oversized != null) {
            if (oversized.weight() > capacity) {
                return oversized;
            }
            oversized = null;
        }
        if (!small.isEmpty() && (smallWeight >= smallMaximum || main.isEmpty())) {
            // Once S is chosen, it goes on until it evicts or empties, as the paper's EVICTS.
            while (!small.isEmpty()) {
                CacheEntry<K, V> oldest = small.first();
                if ((oldest.mark() & FREQUENCY) < MOVE_TO_MAIN_THRESHOLD) {
                    return oldest;
                }
                small.remove(oldest);
                smallWeight -= oldest.weight();
                oldest.mark(IN_MAIN);
                main.addLast(oldest);
                mainWeight += oldest.weight();
            }
        }
        // Ends: every pass lowers a frequency, at most three per entry, or returns.
        while (!main.isEmpty()) {
            CacheEntry<K, V> oldest = main.first();
            int frequency = oldest.mark() & FREQUENCY;
            if (frequency == 0) {
                return oldest;
            }
            oldest.mark(IN_MAIN | (frequency - 1));
            main.moveToLast(oldest);
        }
        return pending;
    }

    /** @return the entries and weight held, walked and checked against the totals kept; for tests */
    long[] totals() {
        return new Totals().add("small", small, smallWeight).add("main", main, mainWeight).add(pending).check(held);
    }

    /** @return the number of keys in G, for tests */
    int ghosts() {
        return ghost.size();
    }

    @Override
    public String toString() {
        return "s3-fifo(" + held + " entries; small " + smallWeight + "/" + smallMaximum + ", main " + mainWeight
                + ", ghosts " + ghost.size() + ")";
    }

    /**
     * The order {@link #victim()} would evict in, simulated without changing anything: the entry
     * heavier than the cache first, then S and M as {@code choose()} takes from them (moving S's
     * entries hit twice to M's tail, and M's hit entries back to its tail a frequency lower), then
     * the latest entry inserted, which waits outside both queues.
     */
    @Override
    public java.util.List<CacheEntry<K, V>> coldest(int limit) {
        java.util.List<CacheEntry<K, V>> order = new java.util.ArrayList<>(Math.min(limit, Math.max(held, 0)));
        CacheEntry<K, V> skip = oversized != null && oversized.weight() > capacity ? oversized : null;
        SimulatedQueue<K, V> s = new SimulatedQueue<>(small, skip);
        SimulatedQueue<K, V> m = new SimulatedQueue<>(main, skip);
        long sWeight = smallWeight;
        CacheEntry<K, V> waiting = pending;
        if (skip != null && limit > 0) {
            order.add(skip);
            if (skip == waiting) {
                waiting = null;
            } else if ((skip.mark() & IN_MAIN) == 0) {
                sWeight -= skip.weight();
            }
        } else {
            skip = null;
        }
        while (order.size() < limit) {
            CacheEntry<K, V> victim = null;
            if (!s.isEmpty() && (sWeight >= smallMaximum || m.isEmpty())) {
                while (!s.isEmpty()) {
                    int frequency = s.peekMark() & FREQUENCY;
                    CacheEntry<K, V> oldest = s.poll();
                    sWeight -= oldest.weight();
                    if (frequency < MOVE_TO_MAIN_THRESHOLD) {
                        victim = oldest;
                        break;
                    }
                    m.add(oldest, IN_MAIN);
                }
            }
            while (victim == null && !m.isEmpty()) {
                int frequency = m.peekMark() & FREQUENCY;
                CacheEntry<K, V> oldest = m.poll();
                if (frequency == 0) {
                    victim = oldest;
                } else {
                    m.add(oldest, IN_MAIN | (frequency - 1));
                }
            }
            if (victim == null) {
                victim = waiting;
                waiting = null;
            }
            if (victim == null) {
                break;
            }
            order.add(victim);
        }
        return order;
    }

    /** S and G take their shares of the new maximum; G gives up its oldest keys beyond its share. */
    @Override
    public void onMaximumChanged(long maximum) {
        capacity = maximum;
        smallMaximum = Math.max(1, (long) (SMALL_RATIO * capacity));
        ghostMaximum = (long) (GHOST_RATIO * capacity);
        while (!ghost.isEmpty() && ghost.weight() > ghostMaximum) {
            ghost.removeOldest();
        }
    }
}
