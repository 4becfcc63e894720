package org.patinox.memory.lockfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.resource.ResourceGuard;
import org.patinox.memory.resource.ResourceInfo;
import org.patinox.memory.spi.AsyncCleanup;

/** The lockfree registry's stripes: closed resources are swept, live ones never lost. */
final class LockFreeResourceRegistryTest {

    private static final AsyncCleanup<Object> NOTHING = r -> CompletableFuture.completedFuture(null);

    @Test
    void closed_resources_are_unlinked_by_the_sweep_and_the_live_ones_stay_listed() {
        try (MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.builder().provider(LockFreeMemoryProvider.NAME).build())) {
            LockFreeResourceRegistry registry = (LockFreeResourceRegistry) memory.resources(ResourceConfig.defaults());
            List<ResourceGuard<Object>> kept = new ArrayList<>();
            int n = 100_000;
            for (int i = 0; i < n; i++) {
                ResourceGuard<Object> g = registry.register(new Object(), NOTHING);
                if (i % 100 == 0) {
                    kept.add(g);
                } else {
                    g.close();
                }
            }
            // Without the sweep every closed node would stay linked; with it, a stripe keeps at most
            // about as many dead as live, and at least the threshold, before it is swept.
            int stripes = Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 4 - 1) << 1;
            int bound = kept.size() * 2 + stripes * (LockFreeResourceRegistry.SWEEP_THRESHOLD + 1);
            assertTrue(registry.linkedCount() <= bound, registry.linkedCount() + " linked, more than " + bound);
            assertEquals(kept.size(), registry.activeCount());
            assertEquals(kept.stream().map(g -> g.info().id()).toList(),
                    registry.active().stream().map(ResourceInfo::id).toList());
            kept.forEach(ResourceGuard::close);
        }
    }
}
