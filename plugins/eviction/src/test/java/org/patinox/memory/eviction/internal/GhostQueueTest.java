package org.patinox.memory.eviction.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link GhostQueue} against a {@link LinkedHashMap} in insertion order, the same queue done simply. */
final class GhostQueueTest {

    /** A key whose hash code is chosen, so that keys collide in the index on purpose. */
    private record Key(int id, int hash) {
        @Override
        public int hashCode() {
            return hash;
        }
    }

    @Test
    void it_is_a_fifo_that_removes_from_anywhere() {
        GhostQueue q = new GhostQueue();
        q.add("a", 1);
        q.add("b", 2);
        q.add("c", 3);
        assertEquals(3, q.size());
        assertEquals(6, q.weight());
        assertEquals(2, q.remove("b"));
        assertEquals(-1, q.remove("b"));
        assertFalse(q.contains("b"));
        assertEquals(1, q.removeOldest(), "a is the oldest");
        assertEquals(3, q.removeOldest(), "then c, b having left");
        assertEquals(-1, q.removeOldest());
        assertTrue(q.isEmpty());
        assertEquals(0, q.weight());
        q.add("b", 5);
        assertTrue(q.contains("b"));
        q.clear();
        assertTrue(q.isEmpty());
        assertFalse(q.contains("b"));
    }

    @Test
    void random_operations_agree_with_a_linked_hash_map_under_heavy_collisions_and_growth() {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int hashes = seed % 2 == 0 ? 3 : 1 << 20; // few hashes: long probe chains to delete from
            GhostQueue q = new GhostQueue();
            Map<Key, Integer> model = new LinkedHashMap<>();
            List<Key> known = new ArrayList<>();
            long weight = 0;
            int bound = 1 + random.nextInt(300);
            for (int op = 0; op < 20_000; op++) {
                int r = random.nextInt(10);
                if (r < 5 || known.isEmpty()) {
                    Key k = new Key(op, random.nextInt(hashes));
                    int w = random.nextInt(5);
                    q.add(k, w);
                    model.put(k, w);
                    known.add(k);
                    weight += w;
                } else if (r < 8) {
                    Key k = known.get(random.nextInt(known.size()));
                    Integer expected = model.remove(k);
                    assertEquals(expected == null ? -1 : expected, q.remove(k), "seed " + seed + ", remove " + k);
                    weight -= expected == null ? 0 : expected;
                } else {
                    Key k = known.get(random.nextInt(known.size()));
                    assertEquals(model.containsKey(k), q.contains(k), "seed " + seed + ", contains " + k);
                }
                while (model.size() > bound) {
                    Map.Entry<Key, Integer> oldest = model.entrySet().iterator().next();
                    model.remove(oldest.getKey());
                    weight -= oldest.getValue();
                    assertEquals(oldest.getValue(), q.removeOldest(), "seed " + seed + ", the oldest");
                    assertFalse(q.contains(oldest.getKey()));
                }
                assertEquals(model.size(), q.size(), "seed " + seed);
                assertEquals(weight, q.weight(), "seed " + seed);
            }
            for (Map.Entry<Key, Integer> e : model.entrySet()) {
                assertEquals(e.getValue(), q.removeOldest(), "seed " + seed + ": the queue keeps arrival order");
            }
            assertTrue(q.isEmpty());
        }
    }
}
