package org.patinox.memory.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

final class StarvingHandOffsTest {

    @Test
    void all_but_two_connections_per_processor_at_least_one_may_be_in_transit() {
        assertEquals(1, StarvingHandOffs.maxInTransit(1, 2));
        assertEquals(1, StarvingHandOffs.maxInTransit(4, 2));
        assertEquals(4, StarvingHandOffs.maxInTransit(8, 2));
        assertEquals(28, StarvingHandOffs.maxInTransit(32, 2));
        assertEquals(1, StarvingHandOffs.maxInTransit(8, 64));
        assertEquals(Integer.MAX_VALUE - 4, StarvingHandOffs.maxInTransit(Integer.MAX_VALUE, 2));
    }
}
