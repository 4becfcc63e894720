package org.patinox.memory.lockfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.patinox.memory.share.ShareConfig;

/** What is particular to left-right: two copies from the factory, and the list of its readers. */
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
    void the_readers_of_threads_that_ended_are_pruned_so_that_the_list_stays_short() throws InterruptedException {
        LeftRightState<List<Integer>> state = new LeftRightState<>(ArrayList::new, CONFIG);
        state.write(l -> l.add(1));
        AtomicInteger sawTheWrite = new AtomicInteger();
        for (int i = 0; i < 10_000; i++) {
            Thread.ofVirtual().start(() -> sawTheWrite.addAndGet(state.read(List::size))).join();
        }
        assertEquals(10_000, sawTheWrite.get());
        assertTrue(state.listed() <= 128, "readers listed after 10,000 ended threads: " + state.listed());
        state.write(l -> l.add(2));
        assertEquals(List.of(1, 2), state.read(List::copyOf));
    }

    @Test
    void a_reader_of_a_thread_still_running_is_kept_and_waited_for() throws Exception {
        LeftRightState<List<Integer>> state = new LeftRightState<>(ArrayList::new, CONFIG);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> state.read(l -> {
            inside.countDown();
            try {
                leave.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return l.size();
        }));
        inside.await();
        for (int i = 0; i < 200; i++) {
            Thread.ofVirtual().start(() -> state.read(List::size)).join();
        }
        Thread writer = Thread.ofPlatform().start(() -> state.write(l -> l.add(1)));
        writer.join(200);
        assertTrue(writer.isAlive(), "the write finished while a reader was still inside its read");
        leave.countDown();
        writer.join();
        reader.join();
        assertEquals(List.of(1), state.read(List::copyOf));
    }
}
