package org.patinox.memory.lockfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.patinox.memory.share.ShareConfig;

/** What is particular to left-right: two copies from the factory, and the stripes of its indicators. */
final class LeftRightStateTest {

    private static final ShareConfig CONFIG = ShareConfig.builder().name("state").build();

    @Test
    void the_factory_is_called_twice_and_must_give_two_objects() {
        AtomicInteger calls = new AtomicInteger();
        LeftRightState<List<Integer>> state = new LeftRightState<>(() -> {
            calls.incrementAndGet();
            return new ArrayList<>();
        }, CONFIG);
        assertEquals(2, calls.get());
        state.write(l -> l.add(1));
        assertEquals(List.of(1), state.read(List::copyOf));
        List<Integer> shared = new ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new LeftRightState<>(() -> shared, CONFIG));
        assertTrue(e.getMessage().contains("the factory returned the same object twice"), e.getMessage());
    }

    @Test
    void a_write_callback_that_throws_on_the_second_copy_only_is_reported_as_a_broken_contract() {
        LeftRightState<List<Integer>> state = new LeftRightState<>(ArrayList::new, CONFIG);
        AtomicInteger applications = new AtomicInteger();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> state.write(l -> {
            if (applications.incrementAndGet() == 2) {
                throw new IllegalArgumentException("second copy");
            }
        }));
        assertTrue(e.getMessage().contains("threw on the second copy only"), e.getMessage());
        assertEquals(0, state.stats().writes());
    }

    @Test
    void stripes_are_a_power_of_two_four_per_processor_within_bounds() {
        assertEquals(8, LeftRightState.stripes(1));
        assertEquals(8, LeftRightState.stripes(2));
        assertEquals(16, LeftRightState.stripes(3));
        assertEquals(32, LeftRightState.stripes(8));
        assertEquals(256, LeftRightState.stripes(1000));
    }
}
