package org.patinox.memory.cache.archfixture;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Breach: FFM memory access outside the mapping package. */
final class CacheUsingMemorySegment {
    long read() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(ValueLayout.JAVA_LONG);
            return segment.get(ValueLayout.JAVA_LONG, 0);
        }
    }
}
