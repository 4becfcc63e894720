package org.patinox.memory.eviction.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link FrequencySketch}: counting to 15, aging by halves, and few collisions at its size. */
final class FrequencySketchTest {

    @Test
    void it_counts_each_use_up_to_15() {
        FrequencySketch sketch = new FrequencySketch(1024);
        assertEquals(0, sketch.frequency(42));
        for (int i = 1; i <= 20; i++) {
            sketch.increment(42);
            assertEquals(Math.min(i, 15), sketch.frequency(42));
        }
    }

    @Test
    void after_ten_times_its_size_in_increments_every_count_is_halved() {
        FrequencySketch sketch = new FrequencySketch(64);
        assertEquals(640, sketch.sampleSize());
        for (int i = 0; i < 15; i++) {
            sketch.increment(7);
        }
        assertEquals(15, sketch.frequency(7));
        // Fill the sample with other keys, one use each, until the counters age.
        int key = 1_000;
        while (sketch.frequency(7) == 15) {
            sketch.increment(key++);
        }
        assertEquals(7, sketch.frequency(7), "15 halves to 7");
        assertTrue(key - 1_000 <= 640, "aged within one sample: " + (key - 1_000) + " increments");
    }

    @Test
    void distinct_keys_rarely_share_their_counts_at_the_size_it_was_made_for() {
        int n = 10_000;
        FrequencySketch sketch = new FrequencySketch(n);
        for (int k = 0; k < n; k++) {
            sketch.increment(k);
        }
        int overcounted = 0;
        for (int k = n; k < 2 * n; k++) {
            if (sketch.frequency(k) > 0) {
                overcounted++;
            }
        }
        assertTrue(overcounted < n / 100, overcounted + " of " + n + " unseen keys have a count");
    }

    @Test
    void growing_keeps_every_count_and_a_smaller_size_is_ignored() {
        FrequencySketch sketch = new FrequencySketch(16);
        int[] before = new int[200];
        for (int k = 0; k < before.length; k++) {
            for (int use = 0; use <= k % 7; use++) {
                sketch.increment(k);
            }
        }
        for (int k = 0; k < before.length; k++) {
            before[k] = sketch.frequency(k);
        }
        sketch.ensureCapacity(8);
        assertEquals(16, sketch.words(), "no growth for fewer entries");
        sketch.ensureCapacity(1_000);
        assertEquals(1024, sketch.words());
        assertEquals(10_000, sketch.sampleSize());
        for (int k = 0; k < before.length; k++) {
            assertEquals(before[k], sketch.frequency(k), "the count of key " + k);
        }
    }

    @Test
    void a_huge_expected_count_makes_a_small_table_that_grows_with_the_entries_held() {
        FrequencySketch sketch = new FrequencySketch(Long.MAX_VALUE);
        assertEquals(FrequencySketch.INITIAL_WORDS, sketch.words(), "nothing in proportion up front");
        assertEquals(Integer.MAX_VALUE, sketch.sampleSize(), "aging follows the count expected");
        sketch.increment(3);
        sketch.growFor(FrequencySketch.INITIAL_WORDS + 1L);
        assertEquals(2 * FrequencySketch.INITIAL_WORDS, sketch.words());
        assertEquals(1, sketch.frequency(3));
        sketch.growFor(Long.MAX_VALUE);
        assertEquals(FrequencySketch.MAXIMUM_WORDS, sketch.words(), "never past its largest");
        assertEquals(1024, new FrequencySketch(1_000).words(), "a table for the count where it is small");
    }
}
