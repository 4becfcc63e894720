package org.patinox.memory.lockfree;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck's model checker over the write buffer: every interleaving of a few producers' claims
 * and fills with the consumer's peeks and advances (up to the checker's bounds) must be
 * linearizable to a bounded FIFO queue whose producers see it full at {@code capacity - 1}
 * outstanding writes. The consumer's operations run on one thread, as the lock makes them.
 */
@Tag("lincheck")
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class WriteBufferLincheckTest {

    private final WriteBuffer buffer = new WriteBuffer(4);

    /** A writer's claim and fill: false when the ring is full for it. */
    @Operation
    public boolean write(@Param(name = "value") int value) {
        long index = buffer.claim(false);
        if (index < 0) {
            return false;
        }
        buffer.fill(index, value);
        return true;
    }

    /** The consumer: the head's item once filled (waiting for a claimed slot's fill), or null when empty. */
    @Operation(nonParallelGroup = "consumer")
    public Object take() {
        for (;;) {
            Object item = buffer.peek();
            if (item == null) {
                return null;
            }
            if (item != WriteBuffer.UNFILLED) {
                buffer.advance();
                return item;
            }
            Thread.onSpinWait();
        }
    }

    /** The consumer's count of outstanding claims: exact on its own thread. */
    @Operation(nonParallelGroup = "consumer")
    public int outstanding() {
        return buffer.outstanding();
    }

    @Test
    void is_linearizable_to_a_bounded_fifo_queue() {
        new ModelCheckingOptions().iterations(30).invocationsPerIteration(2_000).threads(3).actorsPerThread(3)
                .check(WriteBufferLincheckTest.class);
    }
}
