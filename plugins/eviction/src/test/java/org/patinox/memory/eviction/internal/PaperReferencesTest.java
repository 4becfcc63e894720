package org.patinox.memory.eviction.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.tck.Trace;
import org.patinox.memory.tck.TraceSimulator;

/**
 * ARC, SIEVE and S3-FIFO hit exactly as often as plain transcriptions of their papers' pseudocode,
 * written here with Java collections for clarity rather than speed, on every bundled trace at
 * several sizes: the strategies' constant-time structures, and their adaptation to the SPI (the
 * cache inserts before it asks for victims, the paper evicts first), change nothing for counted
 * entries.
 */
final class PaperReferencesTest {

    private static final long[] SIZES = {10, 100, 250, 600, 1000, 2000};

    private static long strategyHits(Trace trace, long size,
                                     java.util.function.Function<CacheConfig<Long, Long>, EvictionStrategy<Long, Long>> strategy) {
        CacheConfig<Long, Long> config = CacheConfig.<Long, Long>builder().maximumSize(size).build();
        return TraceSimulator.strategyHits(trace, config, strategy.apply(config));
    }

    @Test
    void arc_hits_as_the_papers_pseudocode() {
        for (String name : Trace.BUNDLED_NAMES.split(", ")) {
            Trace trace = Trace.bundled(name);
            for (long size : SIZES) {
                assertEquals(arc(trace, (int) size), strategyHits(trace, size, ArcStrategy::new), "arc on " + name + " at " + size);
            }
        }
    }

    @Test
    void sieve_hits_as_the_papers_pseudocode() {
        for (String name : Trace.BUNDLED_NAMES.split(", ")) {
            Trace trace = Trace.bundled(name);
            for (long size : SIZES) {
                assertEquals(sieve(trace, (int) size), strategyHits(trace, size, SieveStrategy::new),
                        "sieve on " + name + " at " + size);
            }
        }
    }

    @Test
    void s3_fifo_hits_as_the_papers_pseudocode() {
        for (String name : Trace.BUNDLED_NAMES.split(", ")) {
            Trace trace = Trace.bundled(name);
            for (long size : SIZES) {
                assertEquals(s3Fifo(trace, (int) size), strategyHits(trace, size, S3FifoStrategy::new),
                        "s3-fifo on " + name + " at " + size);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** ARC as in Figure 4 of Megiddo and Modha (FAST 2003), with real ratios and target. */
    private static long arc(Trace trace, int c) {
        LinkedHashSet<Long> t1 = new LinkedHashSet<>();
        LinkedHashSet<Long> t2 = new LinkedHashSet<>();
        LinkedHashSet<Long> b1 = new LinkedHashSet<>();
        LinkedHashSet<Long> b2 = new LinkedHashSet<>();
        double p = 0;
        long hits = 0;
        for (int i = 0; i < trace.requests(); i++) {
            long x = trace.key(i);
            if (t1.remove(x) || t2.remove(x)) { // Case I
                t2.add(x);
                hits++;
            } else if (b1.contains(x)) { // Case II
                p = Math.min(c, p + (b1.size() >= b2.size() ? 1 : (double) b2.size() / b1.size()));
                replace(t1, t2, b1, b2, p, false);
                b1.remove(x);
                t2.add(x);
            } else if (b2.contains(x)) { // Case III
                p = Math.max(0, p - (b2.size() >= b1.size() ? 1 : (double) b1.size() / b2.size()));
                replace(t1, t2, b1, b2, p, true);
                b2.remove(x);
                t2.add(x);
            } else { // Case IV
                int l1 = t1.size() + b1.size();
                int total = l1 + t2.size() + b2.size();
                if (l1 == c) {
                    if (t1.size() < c) {
                        pollOldest(b1);
                        replace(t1, t2, b1, b2, p, false);
                    } else {
                        pollOldest(t1);
                    }
                } else if (total >= c) {
                    if (total == 2 * c) {
                        pollOldest(b2);
                    }
                    replace(t1, t2, b1, b2, p, false);
                }
                if (c > 0) {
                    t1.add(x);
                }
            }
        }
        return hits;
    }

    private static void replace(LinkedHashSet<Long> t1, LinkedHashSet<Long> t2, LinkedHashSet<Long> b1,
                                LinkedHashSet<Long> b2, double p, boolean inB2) {
        if (!t1.isEmpty() && (inB2 && t1.size() == p || t1.size() > p)) {
            b1.add(pollOldest(t1));
        } else if (!t2.isEmpty()) {
            b2.add(pollOldest(t2));
        } else if (!t1.isEmpty()) {
            b1.add(pollOldest(t1));
        }
    }

    private static Long pollOldest(Set<Long> set) {
        Iterator<Long> it = set.iterator();
        Long oldest = it.next();
        it.remove();
        return oldest;
    }

    /** A node of the SIEVE reference's queue. */
    private static final class Node {
        final long key;
        Node towardsHead;
        Node towardsTail;
        boolean visited;

        Node(long key) {
            this.key = key;
        }
    }

    /** SIEVE as in Figure 2 of Zhang et al. (NSDI 2024): new objects at the head, the hand from the tail. */
    private static long sieve(Trace trace, int c) {
        Map<Long, Node> cached = new HashMap<>();
        Node head = null;
        Node tail = null;
        Node hand = null;
        long hits = 0;
        for (int i = 0; i < trace.requests(); i++) {
            long x = trace.key(i);
            Node n = cached.get(x);
            if (n != null) {
                n.visited = true;
                hits++;
                continue;
            }
            if (c == 0) {
                continue;
            }
            if (cached.size() >= c) {
                Node o = hand != null ? hand : tail;
                while (o.visited) {
                    o.visited = false;
                    o = o.towardsHead != null ? o.towardsHead : tail;
                }
                hand = o.towardsHead;
                if (o.towardsHead != null) {
                    o.towardsHead.towardsTail = o.towardsTail;
                } else {
                    head = o.towardsTail;
                }
                if (o.towardsTail != null) {
                    o.towardsTail.towardsHead = o.towardsHead;
                } else {
                    tail = o.towardsHead;
                }
                cached.remove(o.key);
            }
            n = new Node(x);
            n.towardsTail = head;
            if (head != null) {
                head.towardsHead = n;
            }
            head = n;
            if (tail == null) {
                tail = n;
            }
            cached.put(x, n);
        }
        return hits;
    }

    /**
     * S3-FIFO as Algorithm 1 of Yang et al. (SOSP 2023) and its reference implementation, S3FIFOv0 of
     * libCacheSim: S of 10%, at least 1, G of 90%, moved to M at two hits, M reinserting with the
     * frequency lowered.
     */
    private static long s3Fifo(Trace trace, int c) {
        int smallCapacity = Math.max(1, (int) (c * 0.10));
        int ghostCapacity = (int) (c * 0.90);
        ArrayDeque<Long> small = new ArrayDeque<>();
        ArrayDeque<Long> main = new ArrayDeque<>();
        LinkedHashSet<Long> ghost = new LinkedHashSet<>();
        Map<Long, Integer> frequency = new HashMap<>();
        Set<Long> inMain = new HashSet<>();
        long hits = 0;
        for (int i = 0; i < trace.requests(); i++) {
            long x = trace.key(i);
            Integer f = frequency.get(x);
            if (f != null) {
                frequency.put(x, Math.min(3, f + 1));
                hits++;
                continue;
            }
            if (c == 0) {
                continue;
            }
            boolean ghostHit = ghost.remove(x);
            while (frequency.size() >= c) {
                boolean evicted = false;
                if (!small.isEmpty() && (small.size() >= smallCapacity || main.isEmpty())) {
                    while (!evicted && !small.isEmpty()) { // EVICTS
                        long t = small.pollFirst();
                        if (frequency.get(t) >= 2) {
                            main.addLast(t);
                            inMain.add(t);
                            frequency.put(t, 0);
                        } else {
                            frequency.remove(t);
                            ghost.add(t);
                            if (ghost.size() > ghostCapacity) {
                                pollOldest(ghost);
                            }
                            evicted = true;
                        }
                    }
                }
                while (!evicted && !main.isEmpty()) { // EVICTM
                    long t = main.pollFirst();
                    int tf = frequency.get(t);
                    if (tf > 0) {
                        main.addLast(t);
                        frequency.put(t, tf - 1);
                    } else {
                        frequency.remove(t);
                        inMain.remove(t);
                        evicted = true;
                    }
                }
            }
            if (ghostHit) {
                main.addLast(x);
                inMain.add(x);
            } else {
                small.addLast(x);
            }
            frequency.put(x, 0);
        }
        return hits;
    }
}
