package org.patinox.memory.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.Expiry;
import org.patinox.memory.cache.RemovalCause;

/**
 * The per-entry expiry part of the {@link Tour}: sessions that live after their last use for as
 * long as their role allows (an administrator's 5 minutes, a user's 8 hours, a service's forever),
 * on a clock the tour moves itself, so that what expires when is certain.
 */
public final class ExpiryTour {

    private ExpiryTour() {
    }

    /** A session of a role. */
    record Session(String user, String role) {
        Duration lifetime() {
            return switch (role) {
                case "admin" -> Duration.ofMinutes(5);
                case "service" -> Duration.ofNanos(Expiry.LONGEST); // never
                default -> Duration.ofHours(8);
            };
        }
    }

    /**
     * Opens a cache of sessions, reads the administrator's at 4 minutes, moves its clock past the
     * administrator's and then the user's lifetime, and prints what expired when.
     *
     * @param memory the library
     * @param out where the description goes
     */
    static void run(MemoryUtilities memory, PrintStream out) {
        AtomicLong clock = new AtomicLong();
        ConcurrentLinkedQueue<String> expired = new ConcurrentLinkedQueue<>();
        CacheConfig<String, Session> config = CacheConfig.builder().name("tour-sessions").ticker(clock::get)
                .expiry(Expiry.accessing((String id, Session s) -> s.lifetime()))
                .removalListener((String id, Session s, RemovalCause cause) -> {
                    if (cause == RemovalCause.EXPIRED) {
                        expired.add(id);
                    }
                })
                .build();
        try (Cache<String, Session> sessions = memory.cache(config)) {
            sessions.put("s1", new Session("ada", "admin"));
            sessions.put("s2", new Session("bob", "user"));
            sessions.put("s3", new Session("cron", "service"));
            clock.addAndGet(Duration.ofMinutes(4).toNanos());
            sessions.getIfPresent("s1"); // used: another 5 minutes from now
            clock.addAndGet(Duration.ofMinutes(4).toNanos());
            sessions.cleanUp();
            out.println("Sessions after 8 minutes: expired " + new TreeSet<>(expired) + ", live "
                    + new TreeSet<>(sessions.asMap().keySet()));
            clock.addAndGet(Duration.ofMinutes(2).toNanos());
            sessions.cleanUp();
            out.println("Sessions after 10 minutes: expired " + new TreeSet<>(expired) + ", live "
                    + new TreeSet<>(sessions.asMap().keySet()));
            clock.addAndGet(Duration.ofDays(400).toNanos());
            sessions.cleanUp();
            out.println("Sessions after 400 days: expired " + new TreeSet<>(expired) + ", live "
                    + new TreeSet<>(sessions.asMap().keySet()));
        }
    }
}
