package org.patinox.memory.eviction.internal;

/**
 * A count-min sketch of 4-bit counters with aging: the popularity estimate of TinyLFU (Einziger,
 * Friedman and Manes, "TinyLFU: A Highly Efficient Cache Admission Policy", ACM Transactions on
 * Storage, 2017), sized, as in Caffeine, for the number of entries the cache holds.
 *
 * <p>The table holds 16 counters per expected entry, four per long word, grouped in blocks of
 * eight words (one 64-byte cache line): a key's hash picks a block, and a second hash picks, for
 * each of the four rows of the sketch, one counter in two words reserved for that row. A key's
 * frequency is the least of its four counters; an increment raises each of them that is below 15.
 * Once ten times as many increments as the expected entries have raised a counter, every counter is
 * halved (the aging "reset" of the paper), so that the sketch follows a changing popularity and
 * counts at most 15. No doorkeeper (the paper's Bloom filter in front of the sketch) is kept, as in
 * Caffeine. Not thread-safe.
 */
final class FrequencySketch {

    /** The largest table, in words: 128 MiB, 16 counters per entry for caches of up to 16 M entries. */
    static final int MAXIMUM_WORDS = 1 << 24;

    private static final long ONE_BITS = 0x1111_1111_1111_1111L;
    private static final long HALF_MASK = 0x7777_7777_7777_7777L;

    private long[] table;
    private int blockMask;
    private int sampleSize;
    private int additions;

    /**
     * The most words made before entries are held: a cache allowed more entries gets the rest of its
     * table as they come ({@link #growFor}), so that a huge maximum allocates nothing in proportion
     * up front (512 KiB, where a table for the maximum could be 128 MiB).
     */
    static final int INITIAL_WORDS = 1 << 16;

    /**
     * @param expectedEntries the number of entries the cache holds at most, as far as known: the
     *     aging sample is ten times it, and the table is made for it up to {@link #INITIAL_WORDS}
     */
    FrequencySketch(long expectedEntries) {
        table = new long[words(Math.min(expectedEntries, INITIAL_WORDS))];
        blockMask = (table.length >>> 3) - 1;
        sampleSize = sample(expectedEntries);
    }

    /**
     * Grows the table for more entries than it holds now, keeping every count, and makes the aging
     * sample at least ten times the entries: for a cache that weighs its entries, whose count is not
     * known ahead.
     *
     * @param expectedEntries the number of entries the cache now holds
     */
    void ensureCapacity(long expectedEntries) {
        growFor(expectedEntries);
        sampleSize = Math.max(sampleSize, sample(expectedEntries));
    }

    /**
     * Grows the table, up to {@link #MAXIMUM_WORDS}, when more entries are held than it has words,
     * keeping every count: a key's block is its hash masked by the number of blocks, so each block
     * of the larger table takes a copy of the block whose keys now fall in it. A no-op otherwise.
     *
     * @param heldEntries the number of entries the cache holds
     */
    void growFor(long heldEntries) {
        if (heldEntries > table.length && table.length < MAXIMUM_WORDS) {
            long[] grown = new long[words(heldEntries)];
            for (int at = 0; at < grown.length; at += table.length) {
                System.arraycopy(table, 0, grown, at, table.length);
            }
            table = grown;
            blockMask = (grown.length >>> 3) - 1;
        }
    }

    /**
     * A maximum changed at run time: the aging sample follows it, and the table grows only with the
     * entries held.
     *
     * @param expectedEntries the number of entries the cache holds at most now
     */
    void expect(long expectedEntries) {
        sampleSize = sample(expectedEntries);
    }

    /** @return the words, a power of two of at least 8, for counters of that many entries */
    private static int words(long entries) {
        int n = (int) Math.min(Math.max(entries, 8), MAXIMUM_WORDS);
        int words = Integer.highestOneBit(n);
        return words < n ? words << 1 : words;
    }

    /** @return ten times the entries, at most {@code Integer.MAX_VALUE}: a huge maximum must not overflow into none */
    private static int sample(long entries) {
        return entries >= Integer.MAX_VALUE / 10 ? Integer.MAX_VALUE : (int) (10 * Math.max(entries, 1));
    }

    /** @return the table's length in words, for tests */
    int words() {
        return table.length;
    }

    /** @return the number of counted increments after which the counters are halved */
    int sampleSize() {
        return sampleSize;
    }

    /** @param hashCode a key's hash code @return the estimated number of its recent uses, 0 to 15 */
    int frequency(int hashCode) {
        int blockHash = spread(hashCode);
        int counterHash = rehash(blockHash);
        int block = (blockHash & blockMask) << 3;
        int min = 15;
        for (int row = 0; row < 4; row++) {
            int h = counterHash >>> (row << 3);
            int word = block + (row << 1) + (h & 1);
            int shift = ((h >>> 1) & 15) << 2;
            min = Math.min(min, (int) ((table[word] >>> shift) & 15));
        }
        return min;
    }

    /** @param hashCode a key's hash code, counted as one more use */
    void increment(int hashCode) {
        int blockHash = spread(hashCode);
        int counterHash = rehash(blockHash);
        int block = (blockHash & blockMask) << 3;
        boolean added = false;
        for (int row = 0; row < 4; row++) {
            int h = counterHash >>> (row << 3);
            int word = block + (row << 1) + (h & 1);
            int shift = ((h >>> 1) & 15) << 2;
            if (((table[word] >>> shift) & 15) != 15) {
                table[word] += 1L << shift;
                added = true;
            }
        }
        if (added && ++additions == sampleSize) {
            age();
        }
    }

    /**
     * Halves every counter. A halving truncates odd counters; every key has four counters, so a
     * quarter of the odd ones estimates the increments lost, which the count of additions also
     * forgets.
     */
    private void age() {
        long odd = 0;
        for (int i = 0; i < table.length; i++) {
            odd += Long.bitCount(table[i] & ONE_BITS);
            table[i] = (table[i] >>> 1) & HALF_MASK;
        }
        additions = (int) (Math.max(0, additions - (odd >>> 2)) >>> 1);
    }

    /** Mixes a hash code so that neighbouring keys fall in unrelated blocks. */
    private static int spread(int x) {
        x ^= x >>> 16;
        x *= 0x7feb352d;
        x ^= x >>> 15;
        x *= 0x846ca68b;
        return x ^ (x >>> 16);
    }

    /** A second hash, independent enough of the first, to pick the counters within the block. */
    private static int rehash(int x) {
        x *= 0x31848bab;
        return x ^ (x >>> 14);
    }

    @Override
    public String toString() {
        return "sketch(" + table.length * 16 + " counters, " + additions + " of " + sampleSize + " additions)";
    }
}
