package org.patinox.memory.eviction.internal;

import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.spi.EntryList;
import org.patinox.memory.spi.EvictionStrategy;

/**
 * Adaptive Replacement Cache (Megiddo and Modha, "ARC: A Self-Tuning, Low Overhead Replacement
 * Cache", FAST 2003): two LRU lists of cached entries, T1 (seen once recently) and T2 (seen at
 * least twice), each followed by a ghost list of the keys it evicted last, B1 and B2, and a target
 * {@code p} for T1's share that ghost hits adapt.
 *
 * <ul>
 *   <li>A hit in T1 or T2 moves the entry to T2's most recent end.
 *   <li>A miss whose key is in B1 raises {@code p} by max(1, |B2|/|B1|) (recency was wanted), one in
 *       B2 lowers it by max(1, |B1|/|B2|), the ratios real as in the paper, within [0, c]; either
 *       way the entry enters T2. Any other miss enters T1.
 *   <li>The victim (the paper's REPLACE) is T1's least recent when T1 is larger than {@code p}, or
 *       equal to it after a B2 hit, else T2's least recent; its key joins B1 or B2.
 *   <li>The ghost lists are bounded as in the paper: |T1| + |B1| &le; c and |T1| + |T2| + |B1| +
 *       |B2| &le; 2c. Before a new key enters T1, B1's oldest ghost leaves if T1 and B1 are full
 *       (if T1 alone is, REPLACE's ghost of T1's oldest is dropped at once), else B2's if the whole
 *       directory is (the paper's case IV).
 * </ul>
 *
 * <p>The paper runs REPLACE before the new page enters; here the entry is already in when {@link
 * #victim()} is asked, so the entry of the latest miss is left out of T1's size and never chosen
 * while another entry could be: the same choices as the paper's for a cache of counted entries.
 *
 * <p>Weights generalize every size to a total weight: c is the maximum weight, ghosts keep their
 * entries' weights, and {@code p} moves by the entry's weight times the ratio. So that entries of
 * weight 0 cannot grow them without end, the ghost lists also never hold more keys together than
 * the most entries the cache held, the longer list yielding first. An entry heavier than the whole
 * cache is the next victim, alone. Only evictions make ghosts: an entry removed explicitly leaves
 * no trace. Per entry, the strategy keeps its list in {@link CacheEntry#mark()} and its place in
 * the entry's links.
 */
final class ArcStrategy<K, V> implements EvictionStrategy<K, V> {

    private static final int T1 = 1;
    private static final int T2 = 2;

    private long capacity;
    private final EntryList<K, V> t1 = new EntryList<>();
    private final EntryList<K, V> t2 = new EntryList<>();
    private long t1Weight;
    private long t2Weight;
    private final GhostQueue b1 = new GhostQueue();
    private final GhostQueue b2 = new GhostQueue();
    /** The target weight of T1; real, as the paper's ratios are. */
    private double p;
    /** Whether the latest miss was a hit in B2, which tips REPLACE towards T1 when |T1| = p. */
    private boolean latestMissInB2;
    /** The entry of the latest miss, which the evictions following it make room for. */
    private CacheEntry<K, V> incoming;
    /** The entry last answered by {@link #victim()}: its removal is an eviction, and makes a ghost. */
    private CacheEntry<K, V> chosen;
    private CacheEntry<K, V> oversized;
    private int held;
    private int mostHeld;

    ArcStrategy(CacheConfig<K, V> config) {
        this.capacity = config.maximumWeight();
    }

    @Override
    public void onInsert(CacheEntry<K, V> entry) {
        if (entry.mark() == T1 || entry.mark() == T2) {
            throw new IllegalStateException("arc holds the entry of key " + entry.key() + " already (its mark is "
                    + entry.mark() + "), and was told it entered again");
        }
        long w = entry.weight();
        long b1Weight = b1.weight();
        long b2Weight = b2.weight();
        latestMissInB2 = false;
        if (b1.remove(entry.key()) >= 0) { // Case II
            double delta = b1Weight >= b2Weight || b1Weight == 0 ? w : w * ((double) b2Weight / b1Weight);
            p = Math.min(capacity, p + Math.max(delta, 1));
            addTo(T2, entry);
            trimGhosts();
        } else if (b2.remove(entry.key()) >= 0) { // Case III
            double delta = b2Weight >= b1Weight || b2Weight == 0 ? w : w * ((double) b1Weight / b2Weight);
            p = Math.max(0, p - Math.max(delta, 1));
            latestMissInB2 = true;
            addTo(T2, entry);
            trimGhosts();
        } else { // Case IV: make room in the directory as the paper does before the new key enters
            if (t1Weight + b1.weight() + w > capacity) {
                // A: L1 is full. If T1 alone fills it, its oldest leaves without a ghost: REPLACE's
                // ghost is trimmed again when it is evicted.
                while (!b1.isEmpty() && t1Weight + b1.weight() + w > capacity) {
                    b1.removeOldest();
                }
            } else {
                // B: L1 has room; the directory as a whole may not.
                while (!(b1.isEmpty() && b2.isEmpty()) && t1Weight + t2Weight + b1.weight() + b2.weight() + w > twice()) {
                    (b2.isEmpty() ? b1 : b2).removeOldest();
                }
            }
            addTo(T1, entry);
        }
        incoming = entry;
        held++;
        mostHeld = Math.max(mostHeld, held);
        trimGhostsToCount();
        if (w > capacity) {
            oversized = entry;
        }
    }

    @Override
    public void onAccess(CacheEntry<K, V> entry) {
        if (entry == incoming) {
            incoming = null;
        }
        moveToT2(entry);
    }

    @Override
    public void onUpdate(CacheEntry<K, V> entry, int previousWeight) {
        int delta = entry.weight() - previousWeight;
        switch (entry.mark()) {
            case T1 -> t1Weight += delta;
            case T2 -> t2Weight += delta;
            default -> throw unknown(entry);
        }
        if (entry.weight() > capacity) {
            oversized = entry;
        }
        onAccess(entry);
    }

    @Override
    public void onRemove(CacheEntry<K, V> entry) {
        int list = entry.mark();
        switch (list) {
            case T1 -> {
                t1.remove(entry);
                t1Weight -= entry.weight();
            }
            case T2 -> {
                t2.remove(entry);
                t2Weight -= entry.weight();
            }
            default -> throw unknown(entry);
        }
        entry.mark(0);
        held--;
        if (entry == incoming) {
            incoming = null;
        }
        if (entry == oversized) {
            oversized = null;
        }
        if (entry == chosen) {
            chosen = null;
            (list == T1 ? b1 : b2).add(entry.key(), entry.weight());
            trimGhosts();
        }
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
        boolean otherInT1 = !t1.isEmpty() && t1.first() != incoming;
        boolean otherInT2 = !t2.isEmpty() && t2.first() != incoming;
        long t1Size = t1Weight - (incoming != null && incoming.mark() == T1 ? incoming.weight() : 0);
        if (otherInT1 && (!otherInT2 || t1Size > p || latestMissInB2 && t1Size >= p)) {
            return t1.first();
        }
        if (otherInT2) {
            return t2.first();
        }
        return t1.isEmpty() ? t2.first() : t1.first();
    }

    /** @return the entries and weight held, walked and checked against the totals kept; for tests */
    long[] totals() {
        return new Totals().add("T1", t1, t1Weight).add("T2", t2, t2Weight).check(held);
    }

    private void addTo(int list, CacheEntry<K, V> entry) {
        entry.mark(list);
        if (list == T1) {
            t1.addLast(entry);
            t1Weight += entry.weight();
        } else {
            t2.addLast(entry);
            t2Weight += entry.weight();
        }
    }

    private void moveToT2(CacheEntry<K, V> entry) {
        switch (entry.mark()) {
            case T1 -> {
                t1.remove(entry);
                t1Weight -= entry.weight();
                addTo(T2, entry);
            }
            case T2 -> t2.moveToLast(entry);
            default -> throw unknown(entry);
        }
    }

    /**
     * Keeps the ghost lists within the paper's bounds, |T1| + |B1| &le; c and the whole directory
     * within 2c, after a key left the cache for a ghost list or came back from one.
     */
    private void trimGhosts() {
        while (!b1.isEmpty() && t1Weight + b1.weight() > capacity) {
            b1.removeOldest();
        }
        while (!(b1.isEmpty() && b2.isEmpty()) && t1Weight + t2Weight + b1.weight() + b2.weight() > twice()) {
            (b2.isEmpty() ? b1 : b2).removeOldest();
        }
        trimGhostsToCount();
    }

    /** Keeps the ghost lists within the most entries ever held, the longer list giving up its oldest key first. */
    private void trimGhostsToCount() {
        while (b1.size() + b2.size() > mostHeld) {
            (b1.size() >= b2.size() ? b1 : b2).removeOldest();
        }
    }

    private long twice() {
        return capacity > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * capacity;
    }

    private static IllegalStateException unknown(CacheEntry<?, ?> entry) {
        return new IllegalStateException("arc was not told of the entry of key " + entry.key() + " (its mark is "
                + entry.mark() + ")");
    }

    /** @return the target weight of T1, for tests */
    double target() {
        return p;
    }

    /** @return the number of keys in B1 and B2, for tests */
    int ghosts() {
        return b1.size() + b2.size();
    }

    @Override
    public String toString() {
        return "arc(" + held + " entries; T1 " + t1Weight + ", T2 " + t2Weight + ", B1 " + b1.weight() + ", B2 "
                + b2.weight() + ", p " + p + ")";
    }

    /**
     * The order {@link #victim()} would evict in, simulated without changing anything: the entry
     * heavier than the cache first, then T1's and T2's least recent as REPLACE picks between them
     * (p and the latest miss staying as they are, T1's weight falling with each of its victims).
     */
    @Override
    public java.util.List<CacheEntry<K, V>> coldest(int limit) {
        java.util.List<CacheEntry<K, V>> order = new java.util.ArrayList<>(Math.min(limit, Math.max(held, 0)));
        CacheEntry<K, V> skip = oversized != null && oversized.weight() > capacity ? oversized : null;
        SimulatedQueue<K, V> q1 = new SimulatedQueue<>(t1, skip);
        SimulatedQueue<K, V> q2 = new SimulatedQueue<>(t2, skip);
        long w1 = t1Weight;
        CacheEntry<K, V> latest = incoming;
        if (skip != null && limit > 0) {
            order.add(skip);
            if (skip.mark() == T1) {
                w1 -= skip.weight();
            }
            if (skip == latest) {
                latest = null;
            }
        }
        while (order.size() < limit) {
            CacheEntry<K, V> first1 = q1.peek();
            CacheEntry<K, V> first2 = q2.peek();
            boolean otherInT1 = first1 != null && first1 != latest;
            boolean otherInT2 = first2 != null && first2 != latest;
            long t1Size = w1 - (latest != null && latest.mark() == T1 ? latest.weight() : 0);
            CacheEntry<K, V> victim;
            if (otherInT1 && (!otherInT2 || t1Size > p || latestMissInB2 && t1Size >= p)) {
                victim = first1;
            } else if (otherInT2) {
                victim = first2;
            } else {
                victim = first1 == null ? first2 : first1;
            }
            if (victim == null) {
                break;
            }
            if (victim == first1) {
                q1.poll();
                w1 -= victim.weight();
            } else {
                q2.poll();
            }
            if (victim == latest) {
                latest = null;
            }
            order.add(victim);
        }
        return order;
    }

    /**
     * The reverse of {@link #coldest}, read from the lists' newest ends in time in the limit. With p
     * fixed, REPLACE takes T1's oldest entries while T1 (without the latest miss) weighs more than p
     * (p or more after a B2 hit), then T2's up to the latest miss, then the rest of T1, then the
     * latest miss, then the rest of T2; the rest of T1 is the longest run of its newest entries
     * that weighs no more than p (less than p after a B2 hit).
     */
    @Override
    public java.util.List<CacheEntry<K, V>> hottest(int limit) {
        CacheEntry<K, V> skip = oversized != null && oversized.weight() > capacity ? oversized : null;
        CacheEntry<K, V> latest = incoming == skip ? null : incoming;
        boolean latestInT1 = latest != null && latest.mark() == T1;
        boolean latestInT2 = latest != null && latest.mark() == T2;
        if (latestInT1 && t1.last() != latest) {
            return EvictionStrategy.super.hottest(limit); // not where a new entry stays: list the whole order
        }
        java.util.List<CacheEntry<K, V>> order = new java.util.ArrayList<>(Math.min(limit, Math.max(held, 0)));
        if (latestInT2) {
            for (CacheEntry<K, V> e = t2.last(); e != latest && order.size() < limit; e = e.previous()) {
                if (e != skip) {
                    order.add(e);
                }
            }
        }
        if (latest != null && order.size() < limit) {
            order.add(latest);
        }
        CacheEntry<K, V> e = t1.last() == latest && latest != null ? latest.previous() : t1.last();
        long newest = 0;
        for (; e != null && order.size() < limit; e = e.previous()) {
            if (e == skip) {
                continue;
            }
            long weight = newest + e.weight();
            if (latestMissInB2 ? weight >= p : weight > p) {
                break;
            }
            newest = weight;
            order.add(e);
        }
        CacheEntry<K, V> oldestOfT1 = e;
        for (CacheEntry<K, V> f = latestInT2 ? latest.previous() : t2.last(); f != null && order.size() < limit;
             f = f.previous()) {
            if (f != skip) {
                order.add(f);
            }
        }
        for (CacheEntry<K, V> f = oldestOfT1; f != null && order.size() < limit; f = f.previous()) {
            if (f != skip) {
                order.add(f);
            }
        }
        if (skip != null && order.size() < limit) {
            order.add(skip);
        }
        return order;
    }

    /** c becomes the new maximum: p stays within it, and the ghost lists within the paper's bounds for it. */
    @Override
    public void onMaximumChanged(long maximum) {
        capacity = maximum;
        p = Math.min(p, capacity);
        trimGhosts();
    }
}
