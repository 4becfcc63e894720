package org.patinox.memory.redis;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;

/**
 * Listens to one Redis channel on a connection of its own, on a virtual thread of its own (never a
 * scheduler's), and reconnects after a loss, waiting from 50 ms doubling to 2 s between attempts.
 * A second virtual thread sends a {@code PING} on the subscription every {@link #HEARTBEAT}, and a
 * read that hears nothing for that long plus the socket timeout counts as a loss: a connection
 * dropped without a word (by a middlebox, a host that vanished) is noticed, instead of leaving the
 * subscription deaf and reported live for good.
 * It tells its owner when the subscription is confirmed ({@code onSubscribed}, each time, on the
 * listening thread, before any message of that subscription), each message, and each loss ({@code
 * onLost}, on the same thread). Messages sent while no subscription is live are lost: that is what
 * {@code onSubscribed} after a reconnection is for.
 */
final class Subscriber implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("org.patinox.memory.redis");

    /** How often a live subscription is pinged, so that its reads hear something while it lives. */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final RedisConnectionManager manager;
    private final byte[] channel;
    private final String what;
    private final Runnable onSubscribed;
    private final Consumer<byte[]> onMessage;
    private final Runnable onLost;
    private final Thread thread;
    private final Thread heartbeat;
    private final AtomicLong subscriptions = new AtomicLong();
    private final Object lock = new Object();
    private volatile boolean closed;
    private volatile boolean live;
    /** The connection subscribed now, to close from {@link #close()}; guarded by {@link #lock}. */
    private Jedis current;

    /**
     * Failures since the last subscription, so that an outage is logged once, not every retry;
     * touched by the listening thread only.
     */
    private int failures;

    private final BinaryJedisPubSub pubSub = new BinaryJedisPubSub() {
        @Override
        public void onSubscribe(byte[] ch, int count) {
            onSubscribed.run();
            live = true;
            long n = subscriptions.incrementAndGet();
            if (failures > 0) {
                int f = failures;
                log(Level.INFO, () -> "Redis subscription of " + what + " to " + manager.url().masked()
                        + " is back (subscription " + n + ", after " + f + " failed attempts); local copies dropped");
            }
            failures = 0;
        }

        @Override
        public void onMessage(byte[] ch, byte[] message) {
            onMessage.accept(message);
        }
    };

    /**
     * Logs for the whole plugin, never throwing: a logging backend that threw would end the listening
     * thread, and with it every invalidation from then on (the core library's loggers drop such
     * failures alike).
     */
    static void log(Level level, Supplier<String> message) {
        try {
            LOG.log(level, message);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable ignored) {
            // Dropped: nothing is left to report it to.
        }
    }

    /**
     * Starts listening. A construction that fails stops what it started before it throws.
     *
     * @param manager opens the connection
     * @param channel the channel
     * @param what what listens, for the thread's name and the log
     */
    Subscriber(RedisConnectionManager manager, byte[] channel, String what, Runnable onSubscribed,
            Consumer<byte[]> onMessage, Runnable onLost) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.channel = channel.clone();
        this.what = what;
        this.onSubscribed = onSubscribed;
        this.onMessage = onMessage;
        this.onLost = onLost;
        this.thread = Thread.ofVirtual().name("patinox-redis-subscriber-" + what).unstarted(this::listen);
        this.heartbeat = Thread.ofVirtual().name("patinox-redis-heartbeat-" + what).unstarted(this::beat);
        this.thread.start();
        try {
            this.heartbeat.start();
        } catch (RuntimeException | Error e) {
            close(); // the listening thread must not outlive a construction that failed
            throw e;
        }
    }

    /** Pings the live subscription every {@link #HEARTBEAT} until closed; its reply keeps the reads in time. */
    private void beat() {
        while (!closed) {
            try {
                Thread.sleep(HEARTBEAT);
            } catch (InterruptedException e) {
                continue; // closed, or to be checked again
            }
            // Under the lock, on the connection still current and open: Jedis's ping opens a new
            // socket on a connection closed meanwhile, which nobody would then close.
            synchronized (lock) {
                if (live && current != null && current.isConnected()) {
                    try {
                        pubSub.ping();
                    } catch (RuntimeException lostMeanwhile) {
                        // The listening thread sees the loss and reconnects.
                    }
                }
            }
        }
    }

    private void listen() {
        long pause = 50;
        while (!closed) {
            Jedis jedis = null;
            try {
                jedis = manager.connectForSubscription();
                synchronized (lock) {
                    if (closed) {
                        break;
                    }
                    current = jedis;
                }
                jedis.subscribe(pubSub, channel); // returns when unsubscribed; throws when the connection breaks
            } catch (RuntimeException e) {
                if (!closed) {
                    // The first failure of an outage is a warning; the retries after it are not news.
                    Level level = failures++ == 0 ? Level.WARNING : Level.DEBUG;
                    log(level, () -> "Redis subscription of " + what + " to " + manager.url().masked()
                            + " lost or refused; retrying: " + manager.secrets().redact(String.valueOf(e.getMessage())));
                }
            } finally {
                boolean wasLive = live;
                live = false;
                if (wasLive) {
                    // Back to the shortest pause only after a subscription that was confirmed: a server
                    // that takes connections but refuses SUBSCRIBE (NOAUTH, an ACL) had one every 50 ms.
                    pause = 50;
                    onLost.run();
                }
                synchronized (lock) {
                    current = null;
                }
                if (jedis != null) {
                    try {
                        jedis.close();
                    } catch (RuntimeException ignored) {
                        // the connection is gone either way
                    }
                }
            }
            if (!closed) {
                try {
                    Thread.sleep(Duration.ofMillis(pause));
                } catch (InterruptedException e) {
                    if (closed) {
                        break;
                    }
                }
                pause = Math.min(2_000, pause * 2);
            }
        }
    }

    /** @return whether a subscription is live now: messages published now reach this listener */
    boolean live() {
        return live;
    }

    /** @return how many times the subscription was confirmed: 1 after the first, one more per reconnection */
    long subscriptions() {
        return subscriptions.get();
    }

    /** Stops listening and waits for the listening thread. Idempotent. */
    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            if (current != null) {
                try {
                    // Closing the socket ends the blocking read, whatever state the subscription is in.
                    current.getConnection().close();
                } catch (RuntimeException ignored) {
                    // closed already
                }
            }
        }
        thread.interrupt();
        heartbeat.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
            heartbeat.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
