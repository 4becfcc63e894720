package org.patinox.memory.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.patinox.memory.cache.CacheEntry;

final class EntryListTest {

    private static List<String> keys(EntryList<String, String> list) {
        List<String> keys = new ArrayList<>();
        CacheEntry<String, String> previous = null;
        for (CacheEntry<String, String> e = list.first(); e != null; e = e.next()) {
            assertSame(previous, e.previous(), "back link of " + e);
            keys.add(e.key());
            previous = e;
        }
        assertSame(previous, list.last());
        assertEquals(keys.size(), list.size());
        return keys;
    }

    @Test
    void entries_are_added_moved_and_removed_in_constant_time_order() {
        EntryList<String, String> list = new EntryList<>();
        TestEntry a = new TestEntry("a");
        TestEntry b = new TestEntry("b");
        TestEntry c = new TestEntry("c");
        assertTrue(list.isEmpty());
        list.addLast(a);
        list.addLast(b);
        list.addFirst(c);
        assertEquals(List.of("c", "a", "b"), keys(list));
        list.moveToLast(c);
        assertEquals(List.of("a", "b", "c"), keys(list));
        list.moveToLast(c);
        assertEquals(List.of("a", "b", "c"), keys(list));
        list.remove(b);
        assertNull(b.previous());
        assertNull(b.next());
        assertEquals(List.of("a", "c"), keys(list));
        assertSame(a, list.pollFirst());
        assertEquals(List.of("c"), keys(list));
        list.clear();
        assertEquals(List.of(), keys(list));
        assertNull(c.next());
        assertNull(list.pollFirst());
    }

    @Test
    void random_operations_match_a_reference_list() {
        SplittableRandom random = new SplittableRandom(7);
        EntryList<String, String> list = new EntryList<>();
        List<TestEntry> reference = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            int op = random.nextInt(4);
            if (op == 0 || reference.isEmpty()) {
                TestEntry e = new TestEntry("k" + i);
                list.addLast(e);
                reference.add(e);
            } else if (op == 1) {
                TestEntry e = reference.remove(random.nextInt(reference.size()));
                list.remove(e);
            } else if (op == 2) {
                TestEntry e = reference.remove(random.nextInt(reference.size()));
                list.moveToLast(e);
                reference.add(e);
            } else {
                TestEntry e = new TestEntry("f" + i);
                list.addFirst(e);
                reference.addFirst(e);
            }
        }
        assertEquals(reference.stream().map(TestEntry::key).toList(), keys(list));
    }
}
