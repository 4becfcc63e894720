package org.patinox.memory.eviction.internal;

import java.util.Objects;

/**
 * A FIFO queue of the keys of entries no longer cached, each with the weight its entry had, that
 * finds and removes a key from anywhere in constant time: the ghost lists of ARC and the ghost
 * queue of S3-FIFO. Neither kind ever reorders a ghost (a ghost that is asked for leaves), so a
 * queue in arrival order is all they need.
 *
 * <p>The keys sit in a ring of arrays in arrival order; a key removed from the middle leaves a hole
 * that the head skips. An open-addressing table (linear probing, deletion by backward shift) maps
 * each key to its place in the ring. When the ring is full it is compacted in place if holes fill
 * half of it, else doubled, so that every operation takes amortized constant time and the ring
 * never holds more than twice the keys it held at most; nothing is allocated per key. The owner
 * bounds the queue by polling its oldest keys. Not thread-safe.
 */
final class GhostQueue {

    private static final int INITIAL_CAPACITY = 16;

    /** The ring: keys in arrival order from {@code head} to {@code tail}; {@code null} is a hole. */
    private Object[] keys;
    private int[] weights;
    /** Positions count up without wrapping: slot = position & (ring length - 1). */
    private long head;
    private long tail;
    /** The index: ring slot + 1 of each key, by the key's hash; 0 is an empty cell. */
    private int[] index;
    private int size;
    private long weight;

    GhostQueue() {
        allocate(INITIAL_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new Object[capacity];
        weights = new int[capacity];
        index = new int[capacity * 2];
        head = 0;
        tail = 0;
    }

    /** @return the number of keys held */
    int size() {
        return size;
    }

    /** @return the total weight of the keys held */
    long weight() {
        return weight;
    }

    /** @return whether no key is held */
    boolean isEmpty() {
        return size == 0;
    }

    /** @param key a key @return whether the queue holds it */
    boolean contains(Object key) {
        return find(key) >= 0;
    }

    /**
     * Appends a key as the newest.
     *
     * @param key a key the queue does not hold
     * @param keyWeight the weight of the entry the key had
     */
    void add(Object key, int keyWeight) {
        Objects.requireNonNull(key, "key");
        if (tail - head == keys.length) {
            rebuild(size <= keys.length / 2 ? keys.length : keys.length * 2);
        }
        int slot = (int) (tail & (keys.length - 1));
        keys[slot] = key;
        weights[slot] = keyWeight;
        tail++;
        int cell = hash(key) & (index.length - 1);
        while (index[cell] != 0) {
            cell = (cell + 1) & (index.length - 1);
        }
        index[cell] = slot + 1;
        size++;
        weight += keyWeight;
    }

    /**
     * Removes a key from wherever it is.
     *
     * @param key a key
     * @return the weight it was added with, or -1 when the queue does not hold it
     */
    int remove(Object key) {
        int cell = find(key);
        if (cell < 0) {
            return -1;
        }
        int slot = index[cell] - 1;
        int w = weights[slot];
        keys[slot] = null;
        deleteCell(cell);
        size--;
        weight -= w;
        skipHoles();
        return w;
    }

    /**
     * Removes the oldest key.
     *
     * @return the weight it was added with, or -1 when the queue is empty
     */
    int removeOldest() {
        if (size == 0) {
            return -1;
        }
        return remove(keys[(int) (head & (keys.length - 1))]);
    }

    /** Forgets every key. */
    void clear() {
        allocate(INITIAL_CAPACITY);
        size = 0;
        weight = 0;
    }

    /** Advances the head past holes, so that the oldest key is always at the head. */
    private void skipHoles() {
        while (head < tail && keys[(int) (head & (keys.length - 1))] == null) {
            head++;
        }
        if (head == tail) {
            head = 0;
            tail = 0;
        }
    }

    /** @return the index cell of the key, or -1 */
    private int find(Object key) {
        int mask = index.length - 1;
        for (int cell = hash(key) & mask; index[cell] != 0; cell = (cell + 1) & mask) {
            if (keys[index[cell] - 1].equals(key)) {
                return cell;
            }
        }
        return -1;
    }

    /** Empties a cell, shifting back the keys after it that probed past it, so that no search stops short. */
    private void deleteCell(int cell) {
        int mask = index.length - 1;
        int hole = cell;
        for (int next = (hole + 1) & mask; index[next] != 0; next = (next + 1) & mask) {
            int home = hash(keys[index[next] - 1]) & mask;
            // The key at next may fill the hole unless its home lies cyclically within (hole, next].
            boolean homeAfterHole = hole <= next ? home > hole && home <= next : home > hole || home <= next;
            if (!homeAfterHole) {
                index[hole] = index[next];
                hole = next;
            }
        }
        index[hole] = 0;
    }

    /** Moves the keys, in order, into a ring of the given length, and rebuilds the index. */
    private void rebuild(int capacity) {
        Object[] oldKeys = keys;
        int[] oldWeights = weights;
        long from = head;
        long to = tail;
        allocate(capacity);
        int n = 0;
        for (long p = from; p < to; p++) {
            int slot = (int) (p & (oldKeys.length - 1));
            if (oldKeys[slot] != null) {
                keys[n] = oldKeys[slot];
                weights[n] = oldWeights[slot];
                int cell = hash(keys[n]) & (index.length - 1);
                while (index[cell] != 0) {
                    cell = (cell + 1) & (index.length - 1);
                }
                index[cell] = n + 1;
                n++;
            }
        }
        tail = n;
    }

    private static int hash(Object key) {
        int h = key.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    @Override
    public String toString() {
        return "ghosts(" + size + " keys, weight " + weight + ")";
    }
}
