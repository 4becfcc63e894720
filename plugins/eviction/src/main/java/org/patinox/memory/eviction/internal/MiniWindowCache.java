package org.patinox.memory.eviction.internal;

/**
 * A model of a Window TinyLFU cache of a fixed shape that holds key hashes only: one of the
 * miniature simulations by which {@link AdaptiveStrategy} picks its own shape. It counts how many of
 * the requests it is shown would have hit a cache of that shape.
 *
 * <p>The shape is a window's share of the capacity (0 to 100%) and whether the window's oldest
 * entry enters the main space by a contest, when TinyLFU's admission ({@link FrequencyAdmission})
 * lets it replace the main space's victim, or by recurrence, when it was hit in the window or came
 * back from the model's ghost queue (the keys of the candidates it refused), as {@link
 * AdaptiveStrategy} does. The main space is a segmented LRU, probation and protected (at {@link
 * AdaptiveStrategy#protectedShare} of the main space). The model reads the frequencies from the
 * sketch of the cache it serves, which counts every request, so that it keeps no sketch of its own.
 *
 * <p>A key is its 32-bit hash code: two keys of one hash code are one key to the model, which
 * is a model. The entries live in arrays made once for the capacity: a hash table (open
 * addressing, linear probing, deletion by backward shift) and three circular lists linked by
 * index with a sentinel each; a model by recurrence also keeps a {@link GhostQueue} of boxed keys,
 * at most 90% of its capacity. Not thread-safe.
 */
final class MiniWindowCache {

    private static final byte WINDOW = 0;
    private static final byte PROBATION = 1;
    private static final byte PROTECTED = 2;
    private static final int EMPTY = -1;

    private final int capacity;
    private final int windowMaximum;
    private final int protectedMaximum;
    private final boolean contests;
    private final FrequencySketch sketch;
    private final FrequencyAdmission admission = new FrequencyAdmission();

    /** Nodes 0 .. capacity: entries (one more than the capacity: a new entry enters, then one leaves). */
    private final int[] keys;
    private final int[] previous;
    private final int[] next;
    private final byte[] space;
    /** Whether each node, in the window, was hit there or came back from the ghosts. */
    private final boolean[] recurring;
    /** The keys of the candidates refused, for a model that admits by recurrence; else null. */
    private final GhostQueue ghost;
    private final long ghostMaximum;
    /** The sentinel of each list is node capacity + 1 + its space. */
    private final int sentinels;
    private final int[] sizes = new int[3];
    /** Node of each cell, {@link #EMPTY} when free. */
    private final int[] table;
    private final int tableMask;
    private int used;
    private long hits;

    /**
     * @param capacity the entries the model holds, 1 or more
     * @param windowPercent the window's share of them, 0 to 100
     * @param contests whether the window's oldest entry enters the main space by a contest of
     *     frequency with its victim, else by recurrence
     * @param sketch the frequencies of the served cache
     */
    MiniWindowCache(int capacity, int windowPercent, boolean contests, FrequencySketch sketch) {
        if (capacity < 1 || windowPercent < 0 || windowPercent > 100) {
            throw new IllegalArgumentException("capacity " + capacity + ", window " + windowPercent + "%");
        }
        this.capacity = capacity;
        this.windowMaximum = (int) ((long) capacity * windowPercent / 100);
        this.protectedMaximum = (int) (AdaptiveStrategy.protectedShare(contests) * (capacity - windowMaximum));
        this.contests = contests;
        this.sketch = sketch;
        int nodes = capacity + 4;
        keys = new int[nodes];
        previous = new int[nodes];
        next = new int[nodes];
        space = new byte[nodes];
        recurring = new boolean[nodes];
        ghost = contests ? null : new GhostQueue();
        ghostMaximum = (long) (AdaptiveStrategy.GHOST_RATIO * capacity);
        sentinels = capacity + 1;
        for (int s = 0; s < 3; s++) {
            int sentinel = sentinels + s;
            previous[sentinel] = sentinel;
            next[sentinel] = sentinel;
        }
        int cells = Integer.highestOneBit(Math.max(4, capacity * 2 + 1)) << 1;
        table = new int[cells];
        tableMask = cells - 1;
        java.util.Arrays.fill(table, EMPTY);
    }

    /** @return the hits counted since the last {@link #takeHits()} */
    long takeHits() {
        long h = hits;
        hits = 0;
        return h;
    }

    /**
     * Replays a request: a hit reorders the key; a miss enters it, and the model evicts when over
     * its capacity.
     *
     * @param key the requested key's hash code
     */
    void request(int key) {
        int cell = find(key);
        int node = table[cell];
        if (node != EMPTY) {
            hits++;
            switch (space[node]) {
                case WINDOW -> {
                    moveTo(node, WINDOW);
                    recurring[node] = true;
                }
                case PROBATION -> {
                    moveTo(node, PROTECTED);
                    while (sizes[PROTECTED] > protectedMaximum) {
                        moveTo(first(PROTECTED), PROBATION);
                    }
                }
                default -> moveTo(node, PROTECTED);
            }
            return;
        }
        node = used++;
        keys[node] = key;
        recurring[node] = ghost != null && ghost.remove(key) >= 0;
        table[cell] = node;
        link(node, WINDOW);
        if (used > capacity) {
            evict();
        } else if (sizes[WINDOW] > windowMaximum) {
            // While the model fills, what leaves the window enters probation without a contest.
            moveTo(first(WINDOW), PROBATION);
        }
    }

    private void evict() {
        int victim;
        if (sizes[WINDOW] > windowMaximum) {
            int candidate = first(WINDOW);
            int mainVictim = sizes[PROBATION] > 0 ? first(PROBATION) : sizes[PROTECTED] > 0 ? first(PROTECTED) : EMPTY;
            if (mainVictim == EMPTY) {
                victim = candidate;
            } else if (contests ? !admission.admit(sketch.frequency(keys[candidate]), sketch.frequency(keys[mainVictim]))
                    : !recurring[candidate]) {
                victim = candidate;
                if (ghost != null) {
                    // Boxed: a model's ghosts are few, one per candidate refused.
                    ghost.add(keys[candidate], 1);
                    while (ghost.weight() > ghostMaximum || ghost.size() > capacity + 1) {
                        ghost.removeOldest();
                    }
                }
            } else {
                moveTo(candidate, PROBATION);
                victim = mainVictim;
            }
        } else {
            victim = sizes[PROBATION] > 0 ? first(PROBATION) : sizes[PROTECTED] > 0 ? first(PROTECTED) : first(WINDOW);
        }
        remove(victim);
    }

    private int first(byte s) {
        return next[sentinels + s];
    }

    private void link(int node, byte s) {
        int sentinel = sentinels + s;
        int last = previous[sentinel];
        previous[node] = last;
        next[node] = sentinel;
        next[last] = node;
        previous[sentinel] = node;
        space[node] = s;
        sizes[s]++;
    }

    private void unlink(int node) {
        next[previous[node]] = next[node];
        previous[next[node]] = previous[node];
        sizes[space[node]]--;
    }

    private void moveTo(int node, byte s) {
        unlink(node);
        link(node, s);
    }

    /** Forgets the node's key, and moves the last node into its place so that nodes stay dense. */
    private void remove(int node) {
        unlink(node);
        delete(find(keys[node]));
        int last = --used;
        if (node != last) {
            keys[node] = keys[last];
            space[node] = space[last];
            recurring[node] = recurring[last];
            previous[node] = previous[last];
            next[node] = next[last];
            next[previous[node]] = node;
            previous[next[node]] = node;
            table[find(keys[node])] = node;
        }
    }

    /** @return the cell holding the key, or the empty cell where it would go */
    private int find(int key) {
        int cell = mix(key) & tableMask;
        while (table[cell] != EMPTY && keys[table[cell]] != key) {
            cell = (cell + 1) & tableMask;
        }
        return cell;
    }

    /** Empties a cell, shifting back the entries of the run after it that probed past it. */
    private void delete(int cell) {
        int hole = cell;
        int i = cell;
        while (true) {
            i = (i + 1) & tableMask;
            int node = table[i];
            if (node == EMPTY) {
                break;
            }
            int home = mix(keys[node]) & tableMask;
            // The entry may fill the hole when its home is not cyclically within (hole, i].
            if (((i - home) & tableMask) >= ((i - hole) & tableMask)) {
                table[hole] = node;
                hole = i;
            }
        }
        table[hole] = EMPTY;
    }

    private static int mix(int x) {
        x *= 0x9E3779B9;
        return x ^ (x >>> 16);
    }

    /** @param key a key's hash code @return whether the model holds it (a request for it would hit) */
    boolean contains(int key) {
        return table[find(key)] != EMPTY;
    }

    /** @return the entries held */
    int size() {
        return used;
    }

    @Override
    public String toString() {
        return "mini-w-tinylfu(" + capacity + " entries, window " + windowMaximum + (contests ? ", contest" : ", recurrence")
                + "; " + used + " held)";
    }
}
