package org.patinox.memory.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.redis.RedisCodec;
import org.patinox.memory.redis.RedisConfigSource;
import org.patinox.memory.redis.RedisTieredCache;

/**
 * Two processes sharing a two-level cache and a configuration through Redis: start it once with
 * {@code watch} and once with {@code write}, in two terminals, with {@code PATINOX_REDIS_URL} naming
 * the same server (README, "Redis"). The writer publishes three versions of the settings and puts
 * three greetings, then {@code bye}; the watcher prints each version as it arrives, in order, and
 * each greeting as its local copy is dropped and read again, with how long after the writer's
 * {@code put} returned it saw it (the writer puts its clock, the wall clock, in the value).
 */
public final class RedisPeers {

    /** The name both processes use for the cache and the configuration. */
    static final String NAME = "patinox-peers";
    /** How long the watcher waits for the writer's last greeting before it gives up. */
    static final Duration PATIENCE = Duration.ofMinutes(2);
    static final String BYE = "bye";

    private RedisPeers() {
    }

    /**
     * @param args {@code watch} or {@code write}
     * @throws InterruptedException when interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        String role = String.join(" ", args).strip();
        String url = System.getenv("PATINOX_REDIS_URL");
        if (!role.equals("watch") && !role.equals("write") || url == null || url.isBlank()) {
            System.err.println("usage: PATINOX_REDIS_URL=redis://127.0.0.1:6379 RedisPeers watch|write"
                    + " (one of each, at once, on the same server)");
            System.exit(2);
            return;
        }
        try (MemoryUtilities memory = MemoryUtilities.open()) {
            if (role.equals("watch")) {
                watch(memory, url, NAME, System.out);
            } else {
                write(memory, url, NAME, 3, Duration.ofMillis(300), System.out);
            }
        }
    }

    private static RedisTieredCache<String, String> cache(MemoryUtilities memory, String url, String name) {
        return RedisTieredCache.builder(memory, url, RedisCodec.utf8(), RedisCodec.utf8()).name(name)
                .local(CacheConfig.<String, String>builder().maximumSize(100).build()).build();
    }

    private static RedisConfigSource<String> settings(MemoryUtilities memory, String url, String name) {
        return RedisConfigSource.open(memory, url, name, RedisCodec.utf8(), "round=0", List.of());
    }

    /**
     * The watching process: prints every version of the shared settings and every greeting until
     * the writer says {@value #BYE}.
     *
     * @param memory the open library
     * @param url the Redis server
     * @param name the cache's and the configuration's name, the writer's too
     * @param out where it prints
     * @return the greetings seen, in order, the last one {@value #BYE}
     * @throws InterruptedException when interrupted while waiting
     */
    static List<String> watch(MemoryUtilities memory, String url, String name, PrintStream out)
            throws InterruptedException {
        BlockingQueue<RedisConfigSource.Shared<String>> versions = new LinkedBlockingQueue<>();
        List<String> greetings = new java.util.ArrayList<>();
        long started = System.currentTimeMillis();
        try (RedisTieredCache<String, String> cache = cache(memory, url, name);
             RedisConfigSource<String> settings = settings(memory, url, name)) {
            settings.config().subscribe(v -> versions.add(v.value()));
            out.println("watching " + name + " on " + url.replaceAll("//[^@/]*@", "//*****@") + "; start the writer");
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            String last = null;
            while (!BYE.equals(last)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("no '" + BYE + "' from a writer within " + PATIENCE);
                }
                for (RedisConfigSource.Shared<String> v; (v = versions.poll()) != null; ) {
                    out.println("  settings version " + v.version() + ": " + v.value());
                }
                String seen = cache.get("greeting");   // local, else Redis
                String[] parts = seen == null ? null : seen.split("@", 2);
                // A greeting of an earlier run, put before this watcher started, is not news.
                if (parts != null && parts.length == 2 && !parts[0].equals(last) && Long.parseLong(parts[1]) >= started) {
                    long after = System.currentTimeMillis() - Long.parseLong(parts[1]);
                    out.println("  greeting: " + parts[0] + " (" + after + " ms after the writer's put)");
                    greetings.add(parts[0]);
                    last = parts[0];
                }
                TimeUnit.MILLISECONDS.sleep(5);
            }
            for (RedisConfigSource.Shared<String> v; (v = versions.poll(200, TimeUnit.MILLISECONDS)) != null; ) {
                out.println("  settings version " + v.version() + ": " + v.value());
            }
            cache.invalidateAll();   // leave nothing in Redis
        }
        return greetings;
    }

    /**
     * The writing process: publishes {@code rounds} versions of the settings and puts as many
     * greetings, a pause apart, then {@value #BYE}.
     *
     * @param memory the open library
     * @param url the Redis server
     * @param name the cache's and the configuration's name, the watcher's too
     * @param rounds how many versions and greetings
     * @param pause the time between two rounds, for the watcher to show each
     * @param out where it prints
     * @throws InterruptedException when interrupted while pausing
     */
    static void write(MemoryUtilities memory, String url, String name, int rounds, Duration pause, PrintStream out)
            throws InterruptedException {
        try (RedisTieredCache<String, String> cache = cache(memory, url, name);
             RedisConfigSource<String> settings = settings(memory, url, name)) {
            for (int round = 1; round <= rounds; round++) {
                long version = settings.publish("round=" + round);
                cache.put("greeting", "hello " + round + "@" + System.currentTimeMillis());
                out.println("published settings version " + version + " and greeting 'hello " + round + "'");
                Thread.sleep(pause.toMillis());
            }
            cache.put("greeting", BYE + "@" + System.currentTimeMillis());
            out.println("said " + BYE);
        }
    }
}
