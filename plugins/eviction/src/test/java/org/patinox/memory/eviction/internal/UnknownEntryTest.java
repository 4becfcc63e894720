package org.patinox.memory.eviction.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;
import org.patinox.memory.tck.StrategyHarness;

/**
 * Every strategy refuses {@code onRemove}, {@code onAccess} and {@code onUpdate} of an entry it was
 * not told of, or was told left, with an {@link IllegalStateException} naming its key, changing
 * nothing, and stays whole: its lists run through the entries' links, and unlinking an entry they
 * do not hold would cut them (a victim of {@code null}, or a {@link NullPointerException}, while
 * entries are held), and counting one would put its weight in a queue's total. The SPI never makes
 * these calls; a cache whose strategy threw in {@code onInsert} may.
 */
final class UnknownEntryTest {

    private static final List<EvictionStrategyProvider> PROVIDERS = List.of(new WTinyLfuProvider(), new ArcProvider(),
            new SieveProvider(), new S3FifoProvider(), new AdaptiveProvider());

    private static CacheConfig<Integer, Integer> counted(long size) {
        return CacheConfig.<Integer, Integer>builder().maximumSize(size).build();
    }

    /** @return an entry of another cache, which no strategy under test was told of */
    private static CacheEntry<Integer, Integer> foreignEntry(int key) {
        List<CacheEntry<Integer, Integer>> made = new java.util.ArrayList<>();
        StrategyHarness<Integer, Integer> other = new StrategyHarness<>(counted(10), new EvictionStrategy<>() {
            @Override
            public void onInsert(CacheEntry<Integer, Integer> entry) {
                made.add(entry);
            }

            @Override
            public void onAccess(CacheEntry<Integer, Integer> entry) {
            }

            @Override
            public void onUpdate(CacheEntry<Integer, Integer> entry, int previousWeight) {
            }

            @Override
            public void onRemove(CacheEntry<Integer, Integer> entry) {
            }

            @Override
            public CacheEntry<Integer, Integer> victim() {
                return null;
            }
        });
        other.put(key, 1);
        return made.getFirst();
    }

    /** Drives the strategy on, past its bound, then empties it: it must still answer every victim. */
    private static void stillWhole(StrategyHarness<Integer, Integer> h, String where) {
        for (int k = 0; k < 300; k++) {
            h.put(k % 37, 1);
            h.get(k % 13);
        }
        h.invalidateAll();
        assertNull(h.strategy().victim(), where + ": a victim after every entry left");
    }

    /** The calls about one entry that a strategy must refuse for an entry it does not hold. */
    private static final Map<String, BiConsumer<EvictionStrategy<Integer, Integer>, CacheEntry<Integer, Integer>>> CALLS =
            Map.of("onAccess", EvictionStrategy::onAccess,
                    "onUpdate", (s, e) -> s.onUpdate(e, 0),
                    "onRemove", EvictionStrategy::onRemove);

    /** Makes the call, which must be refused naming the key and leave the order and the totals as they were. */
    private static void refused(StrategyHarness<Integer, Integer> h, String call, CacheEntry<Integer, Integer> entry,
                                String where) {
        EvictionStrategy<Integer, Integer> s = h.strategy();
        List<CacheEntry<Integer, Integer>> order = s.coldest(Integer.MAX_VALUE);
        String totals = s.toString();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CALLS.get(call).accept(s, entry),
                where + ": " + call);
        assertTrue(e.getMessage().contains(String.valueOf(entry.key())), where + ": " + e.getMessage());
        assertEquals(order, s.coldest(Integer.MAX_VALUE), where + ": the order after a refused " + call);
        assertEquals(totals, s.toString(), where + ": the totals after a refused " + call);
    }

    @Test
    void on_access_and_on_update_of_an_entry_never_inserted_or_already_removed_are_refused_changing_nothing() {
        for (EvictionStrategyProvider p : PROVIDERS) {
            for (String call : List.of("onAccess", "onUpdate")) {
                for (int held : new int[] {0, 1, 5, 9}) {
                    String where = p.name() + " holding " + held;
                    StrategyHarness<Integer, Integer> h = new StrategyHarness<>(counted(10), p.create(counted(10)));
                    for (int k = 0; k < held; k++) {
                        h.put(k, 1);
                        h.get(k);
                    }
                    refused(h, call, foreignEntry(-7), where + ", an entry never inserted");
                    h.put(1_000, 1);
                    h.get(1_000);
                    CacheEntry<Integer, Integer> gone = h.strategy().coldest(Integer.MAX_VALUE).stream()
                            .filter(e -> e.key() == 1_000).findFirst().orElseThrow();
                    h.remove(1_000);
                    refused(h, call, gone, where + ", an entry removed");
                    stillWhole(h, where);
                }
            }
        }
    }

    @Test
    void on_remove_of_an_entry_never_inserted_is_refused_naming_it_and_the_strategy_stays_whole() {
        for (EvictionStrategyProvider p : PROVIDERS) {
            for (int held : new int[] {0, 1, 5, 50}) {
                String where = p.name() + " holding " + held;
                StrategyHarness<Integer, Integer> h = new StrategyHarness<>(counted(10), p.create(counted(10)));
                for (int k = 0; k < held; k++) {
                    h.put(k, 1);
                    h.get(k);
                }
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> h.strategy().onRemove(foreignEntry(-7)), where);
                assertTrue(e.getMessage().contains("-7"), where + ": " + e.getMessage());
                stillWhole(h, where);
            }
        }
    }

    @Test
    void on_remove_of_an_entry_already_removed_is_refused_naming_it_and_the_strategy_stays_whole() {
        for (EvictionStrategyProvider p : PROVIDERS) {
            for (int held : new int[] {0, 1, 5, 9}) { // within the bound of 10 with the entry removed: none is evicted
                String where = p.name() + " holding " + held;
                StrategyHarness<Integer, Integer> h = new StrategyHarness<>(counted(10), p.create(counted(10)));
                for (int k = 0; k < held; k++) {
                    h.put(k, 1);
                    h.get(k);
                }
                h.put(1_000, 1); // then an entry read, so that it is in the strategy's lists, not pending
                h.get(1_000);
                CacheEntry<Integer, Integer> gone = h.strategy().coldest(Integer.MAX_VALUE).stream()
                        .filter(e -> e.key() == 1_000).findFirst().orElseThrow();
                h.remove(1_000);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.strategy().onRemove(gone),
                        where);
                assertTrue(e.getMessage().contains("1000"), where + ": " + e.getMessage());
                stillWhole(h, where);
            }
        }
    }
}
