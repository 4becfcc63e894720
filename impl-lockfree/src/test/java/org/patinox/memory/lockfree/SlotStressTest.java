package org.patinox.memory.lockfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pool slot's state word under contention, over thousands of rounds on platform and virtual
 * threads: a claim ({@link Slot#move} from {@link Slot#IDLE}) has exactly one winner, so the slot
 * has at most one owner at a time; every borrow gets a stamp of its own, never seen again, so that a
 * second close and a stale handle of an earlier borrow both fail their compare-and-set even when
 * the slot has come back to the same state (no ABA); the word counts every borrow; and
 * {@link Slot#REMOVED} is final.
 */
@Tag("stress")
final class SlotStressTest {

    @Test
    @Timeout(300)
    void claims_have_one_winner_and_stamps_never_come_back() throws Exception {
        for (int round = 0; round < 2_000; round++) {
            runRound(round, 2 + round % 4, round % 2 == 0);
        }
    }

    private static void runRound(int round, int threads, boolean virtual) throws Exception {
        String where = "round " + round + ", " + threads + (virtual ? " virtual" : " platform") + " threads";
        int attempts = 200;
        Slot<String> slot = new Slot<>("connection", 0L);
        assertEquals(Slot.RESERVED, slot.state(), "a new slot is its creator's");
        slot.set(Slot.IDLE);
        AtomicInteger owners = new AtomicInteger();
        LongAdder borrows = new LongAdder();
        LongAdder breaches = new LongAdder();
        Set<Long> stamps = ConcurrentHashMap.newKeySet();
        AtomicReference<String> firstBreach = new AtomicReference<>();
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Runnable body = () -> {
                long previousStamp = -1;
                try {
                    start.await(30, TimeUnit.SECONDS);
                    for (int i = 0; i < attempts; i++) {
                        // Borrow and reserve, as acquirers and the pool's own threads do.
                        int kind = (i + thread) % 3 == 0 ? Slot.RESERVED : Slot.BORROWED;
                        long stamp = slot.move(Slot.IDLE, kind);
                        if (stamp < 0) {
                            // Lost the claim: a stale handle of this thread's last borrow must fail too.
                            if (previousStamp >= 0 && slot.cas(previousStamp, Slot.next(previousStamp, Slot.IDLE))) {
                                breach(breaches, firstBreach, "a stale stamp ended someone's borrow");
                            }
                            Thread.onSpinWait();
                            continue;
                        }
                        if (owners.incrementAndGet() != 1) {
                            breach(breaches, firstBreach, "two owners at once");
                        }
                        if (Slot.kind(stamp) != kind || slot.word() != stamp) {
                            breach(breaches, firstBreach, "the owner's word moved under it");
                        }
                        if (i % 5 == 0) {
                            Thread.yield(); // owned for a while, so that claims fail against it
                        }
                        owners.decrementAndGet();
                        if (kind == Slot.BORROWED) {
                            borrows.increment();
                            if (!stamps.add(stamp)) {
                                breach(breaches, firstBreach, "a borrow's stamp came back: " + stamp);
                            }
                            // The holder's return: one compare-and-set from its stamp.
                            if (!slot.cas(stamp, Slot.next(stamp, Slot.IDLE))) {
                                breach(breaches, firstBreach, "the holder could not return its borrow");
                            }
                            // A second close of the same handle fails, whoever holds the slot now.
                            if (slot.cas(stamp, Slot.next(stamp, Slot.IDLE))) {
                                breach(breaches, firstBreach, "a second close succeeded");
                            }
                            previousStamp = stamp;
                        } else {
                            slot.set(Slot.IDLE); // an owned slot is moved by its owner alone
                        }
                    }
                } catch (Exception e) {
                    breach(breaches, firstBreach, e.toString());
                }
            };
            started.add(virtual ? Thread.ofVirtual().start(body) : Thread.ofPlatform().start(body));
        }
        for (Thread thread : started) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertTrue(!thread.isAlive(), () -> where + ": " + thread + " is stuck");
        }
        assertEquals(0, breaches.sum(), () -> where + ": " + firstBreach.get());
        long word = slot.word();
        assertEquals(Slot.IDLE, Slot.kind(word), where + ": every owner gave it back");
        assertEquals(borrows.sum(), Slot.borrows(word), where + ": the word counts every borrow");
        assertEquals(borrows.sum(), stamps.size(), where + ": one stamp per borrow");
        // Removed is final: nothing moves it on.
        assertTrue(slot.move(Slot.IDLE, Slot.REMOVED) >= 0, where);
        for (int kind : new int[] {Slot.IDLE, Slot.BORROWED, Slot.RESERVED}) {
            assertEquals(-1L, slot.move(kind, Slot.BORROWED), where);
            assertEquals(-1L, slot.move(kind, Slot.IDLE), where);
        }
        assertEquals(Slot.REMOVED, slot.state(), where);
    }

    private static void breach(LongAdder breaches, AtomicReference<String> first, String what) {
        breaches.increment();
        first.compareAndSet(null, what);
    }
}
