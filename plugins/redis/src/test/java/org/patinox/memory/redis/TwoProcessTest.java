package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.patinox.memory.MemoryUtilities;

/**
 * Two JVMs share a two-level cache: this one writes the numbers 1 to 10,000 to one key, each after
 * the other process has read the one before (so it always holds a local copy to invalidate), and
 * the other reads the key in a loop and reports when it first sees each number. The invalidation
 * delay is the time from the return of {@code put} here to that first read there; p50, p99 and max
 * are printed to this test's output file, and only a generous bound is asserted. The other process
 * must never read a number lower than one it read before.
 */
final class TwoProcessTest {

    private static final int WRITES = 10_000;

    @Test
    void another_process_stops_reading_the_old_value_within_the_invalidation_delay() throws Exception {
        String url = RedisServer.sharedUrl();
        String name = "two-" + UUID.randomUUID();
        Process child = fork(url, name);
        try (MemoryUtilities memory = RedisPoolTest.open("standard", null);
             RedisTieredCache<String, String> cache = RedisTieredCacheTest.open(memory, url, name)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            PrintStream toChild = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8);
            expect(in, "READY");
            toChild.println("GO");
            long[] delays = new long[WRITES];
            for (int i = 1; i <= WRITES; i++) {
                cache.put("k", Integer.toString(i));
                long returned = System.nanoTime();
                String line = in.readLine();
                if (line == null) {
                    fail("the other process ended at write " + i);
                }
                String[] f = line.split(" ");
                if (!f[0].equals("SEEN")) {
                    fail("the other process read a stale value: " + line);
                }
                assertEquals(i, Integer.parseInt(f[1]), line);
                delays[i - 1] = Math.max(0, Long.parseLong(f[2]) - returned);
            }
            cache.put("k", "END");
            String done = in.readLine();
            assertTrue(done != null && done.startsWith("DONE "), String.valueOf(done));
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the other process ends");
            assertEquals(0, child.exitValue());
            Arrays.sort(delays);
            long p50 = delays[WRITES / 2];
            long p99 = delays[WRITES * 99 / 100];
            long max = delays[WRITES - 1];
            System.out.printf("invalidation delay over %d writes across two JVMs: p50 %d us, p99 %d us, max %d us (%s)%n",
                    WRITES, p50 / 1000, p99 / 1000, max / 1000, done);
            // Generous: the machine is small and shared.
            assertTrue(max < TimeUnit.SECONDS.toNanos(10), "max invalidation delay " + max / 1_000_000 + " ms");
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void expect(BufferedReader in, String word) throws Exception {
        String line = in.readLine();
        assertEquals(word, line);
    }

    /** Starts {@link TierChild} in a new JVM, on the class path made of this test's module and class paths. */
    static Process fork(String url, String name) throws Exception {
        Set<String> path = new LinkedHashSet<>();
        path.add(Path.of(TierChild.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                path.addAll(Arrays.asList(value.split(File.pathSeparator)));
            }
        }
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-cp", String.join(File.pathSeparator, path),
                TierChild.class.getName(), url, name, "standard"));
        Path err = File.createTempFile("tier-child", ".log").toPath();
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        p.onExit().thenRun(() -> err.toFile().delete());
        return p;
    }
}
