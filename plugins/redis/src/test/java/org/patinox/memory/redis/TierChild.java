package org.patinox.memory.redis;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.CacheConfig;

/**
 * The second process of {@link TwoProcessTest}: opens the same two-level cache and reads the key
 * {@code k} in a loop. Each time it reads a new number it prints {@code SEEN <n> <System.nanoTime()>}
 * (the clock is the machine's monotonic one, shared by both JVMs on Linux), and {@code STALE <n>
 * <last>} if it ever reads a number lower than one it read before. It stops on {@code END}.
 *
 * <p>Arguments: the Redis URL, the cache name, the implementation.
 */
public final class TierChild {

    private TierChild() {
    }

    /** @param args URL, cache name, provider */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        try (MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.builder().provider(args[2]).build());
             RedisTieredCache<String, String> cache = RedisTieredCache.builder(memory, args[0], RedisCodec.utf8(), RedisCodec.utf8())
                     .name(args[1]).local(CacheConfig.builder().maximumSize(100).build()).build()) {
            while (!cache.connected()) {
                Thread.sleep(5);
            }
            out.println("READY");
            out.flush();
            // Wait for the parent's go, so that the loop below runs only while it writes.
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"GO".equals(in.readLine())) {
                return;
            }
            long last = -1;
            while (true) {
                String v = cache.get("k");
                if (v == null) {
                    Thread.onSpinWait();
                    continue;
                }
                if (v.equals("END")) {
                    break;
                }
                long n = Long.parseLong(v);
                if (n > last) {
                    out.println("SEEN " + n + " " + System.nanoTime());
                    out.flush();
                    last = n;
                } else if (n < last) {
                    out.println("STALE " + n + " " + last);
                    out.flush();
                }
                Thread.onSpinWait();
            }
            out.println("DONE " + cache.invalidationsReceived() + " " + cache.redisHits());
            out.flush();
        }
    }
}
