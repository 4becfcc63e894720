package org.patinox.memory.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jol.info.GraphLayout;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.resource.LeakDetection;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.resource.ResourceGuard;
import org.patinox.memory.resource.ResourceRegistry;
import org.patinox.memory.spi.AsyncCleanup;

/**
 * Bytes per tracked resource, measured with JOL, for both providers' registries at each leak
 * detection level: the graph of a registry and the guards a user holds, with {@value #N} and with
 * {@code 2 × }{@value #N} resources registered, differenced and divided by {@value #N}, so that
 * what a registry costs once cancels out. The resources themselves and the array holding the
 * guards are the user's, not counted. At {@code SAMPLED} one resource in 128 carries its creation
 * site, whose frames are counted. Target: at most {@value #TARGET} bytes at {@code DISABLED} and
 * {@code SAMPLED}; the seed's ideal is {@value #IDEAL}.
 */
public final class ResourceMemoryFootprint {

    static final int N = 4096;
    static final int TARGET = 128;
    static final int IDEAL = 50;
    private static final AsyncCleanup<Object> NOTHING = r -> CompletableFuture.completedFuture(null);

    private ResourceMemoryFootprint() {
    }

    /** A resource: not the registry's overhead. */
    static final class Resource {
    }

    /**
     * @param args ignored
     * @throws Exception when an instance fails to open
     */
    public static void main(String[] args) throws Exception {
        System.out.println(measure());
    }

    /** @return the table, in Markdown */
    static String measure() {
        PoolMemoryFootprint.prepareJol();
        List<String> rows = new ArrayList<>();
        rows.add("Resource registry overhead per tracked resource, from JOL graph sizes of registries holding " + N
                + " and " + (2 * N) + " open guards, resources and the holding array excluded ("
                + System.getProperty("java.vm.name") + " " + Runtime.version() + "). Target <= " + TARGET
                + " B at DISABLED and SAMPLED (the seed's ideal: " + IDEAL + " B).");
        rows.add("");
        rows.add("| provider | level | bytes per resource | largest shares (bytes per resource) |");
        rows.add("|---|---|---:|---|");
        for (String provider : List.of("lockfree", "standard")) {
            for (LeakDetection level : LeakDetection.values()) {
                rows.add(row(provider, level));
            }
        }
        return String.join("\n", rows) + "\n";
    }

    private static String row(String provider, LeakDetection level) {
        try (MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.builder().provider(provider).build())) {
            GraphLayout small = layout(memory, level, N);
            GraphLayout large = layout(memory, level, 2 * N);
            long smallOwn = small.totalSize() - small.getClassSizes().count(Resource.class) - arraySize(N);
            long largeOwn = large.totalSize() - large.getClassSizes().count(Resource.class) - arraySize(2 * N);
            double perResource = (double) (largeOwn - smallOwn) / N;
            String verdict = level == LeakDetection.PARANOID ? "" : perResource <= TARGET ? " (within " + TARGET + ")"
                    : " (over " + TARGET + ")";
            return String.format(Locale.ROOT, "| %s | %s | %.1f%s | %s |", provider, level, perResource, verdict,
                    PoolMemoryFootprint.largestShares(small, large, N, Set.of(Resource.class, Object[].class)));
        }
    }

    private static long arraySize(int n) {
        return GraphLayout.parseInstance((Object) new Object[n]).totalSize();
    }

    private static GraphLayout layout(MemoryUtilities memory, LeakDetection level, int n) {
        ResourceRegistry registry = memory.resources(ResourceConfig.builder().leakDetection(level).samplingInterval(128)
                .cleanupTimeout(Duration.ofSeconds(10)).build());
        Object[] guards = new Object[n];
        for (int i = 0; i < n; i++) {
            guards[i] = registry.register(new Resource(), NOTHING);
        }
        GraphLayout layout = GraphLayout.parseInstance(registry, guards);
        for (Object g : guards) {
            ((ResourceGuard<?>) g).close();
        }
        registry.close();
        return layout;
    }
}
