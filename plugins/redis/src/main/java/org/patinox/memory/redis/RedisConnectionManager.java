package org.patinox.memory.redis;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.patinox.memory.ConfigException;
import org.patinox.memory.PoolException;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.spi.ConnectionManager;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.SslOptions;

/**
 * The {@link ConnectionManager} of Redis connections ({@link Jedis}, one blocking socket each, so one
 * per borrower): {@link #create} connects, logs in, selects the URL's database and checks
 * the login with {@code PING} (a refusal is a {@link RedisAuthenticationException}); {@link #validate}
 * sends {@code PING}; {@link #recycle} discards what a holder left open (a {@code MULTI}
 * transaction, a pipeline) and selects the URL's database again if the holder selected another;
 * {@link #destroy} closes the socket. Found by {@link java.util.ServiceLoader} for {@code redis://}
 * and {@code rediss://} URLs, so {@code memory.pool("redis://127.0.0.1:6379", Jedis.class, config)}
 * pools Redis connections.
 *
 * <p>Settings, from the connection properties (the URL's user and password are used when the
 * properties name none):
 * <ul>
 *   <li>{@code user}, {@code password}: the login ({@code AUTH});
 *   <li>{@value #CONNECT_TIMEOUT} (default 2s): how long opening a socket may take;
 *   <li>{@value #SOCKET_TIMEOUT} (default 5s): how long one command's reply may take, and, a second
 *       more, how long a subscription may hear nothing (it is pinged every second);
 *   <li>{@value #CLIENT_NAME} (default {@code patinox}): the {@code CLIENT SETNAME} of each connection.
 * </ul>
 * A timeout must be positive; it takes any length: one longer than Jedis counts (an int of
 * milliseconds, about 24.8 days), {@code Duration.ofSeconds(Long.MAX_VALUE)} or {@code
 * 9223372036854775807s} included, means no limit.
 * Other {@code patinox.memory.pool.*} keys are the pool's and ignored here; another
 * {@code patinox.memory.redis.*} key is a {@link ConfigException} naming it.
 *
 * <p>Like {@code JedisPool}, recycle knows what a holder changed from the client's own state: a
 * database chosen by {@link Jedis#select(int)} is reset, one chosen by a raw {@code sendCommand} is
 * not (use {@code select}). A connection the client marked broken (an I/O failure) fails recycle, so
 * the pool destroys it.
 *
 * <p>Thread-safe. The password never appears in a message, {@code toString()}, or failure: see
 * {@link RedisUrl#masked()}.
 */
public final class RedisConnectionManager implements ConnectionManager<Jedis> {

    /** Property: how long opening a socket may take, such as {@code 2s}. */
    public static final String CONNECT_TIMEOUT = "patinox.memory.redis.connect-timeout";
    /** Property: how long one command's reply may take, such as {@code 5s}. */
    public static final String SOCKET_TIMEOUT = "patinox.memory.redis.socket-timeout";
    /** Property: the client name each connection sets. */
    public static final String CLIENT_NAME = "patinox.memory.redis.client-name";

    private static final Set<String> KEYS = Set.of(CONNECT_TIMEOUT, SOCKET_TIMEOUT, CLIENT_NAME);
    private static final Pattern SIMPLE_DURATION = Pattern.compile("([0-9]+)(ms|s|m)");
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final RedisUrl url;
    private final Secrets secrets;
    private final JedisClientConfig clientConfig;
    /**
     * As {@link #clientConfig}, but a subscription's read ends after {@link Subscriber#HEARTBEAT}
     * plus the socket timeout: Jedis reads a subscription with this "blocking" timeout, which is no
     * limit by default, and then a connection lost without a word (a middlebox that forgot it) was
     * never noticed.
     */
    private final JedisClientConfig subscriptionConfig;
    private final HostAndPort address;
    /**
     * The last login the server refused to a creation, until one succeeds: while set, {@link #run}
     * asks the server once on the caller's thread and throws the refusal at once, rather than waiting
     * the acquire timeout for creations the pool would retry in vain.
     */
    private volatile RedisAuthenticationException refused;

    private RedisConnectionManager(RedisUrl url, String user, String password, Duration connectTimeout,
            Duration socketTimeout, String clientName) {
        this.url = url;
        // The URL's password is masked too when the properties name another: a text may quote the URL.
        this.secrets = new Secrets(password, url.password().orElse(null), url.writtenPassword());
        this.address = new HostAndPort(url.host(), url.port());
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(connectTimeout))
                .socketTimeoutMillis(millis(socketTimeout))
                .database(url.database())
                .clientName(clientName)
                // RESP2, said plainly: Jedis warns at every connection when left to negotiate.
                .autoNegotiateProtocol(false)
                // CLIENT SETINFO is Redis 7.2's: older servers answer it with an error.
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (url.tls()) {
            b.sslOptions(SslOptions.defaults()); // the JDK's trust store, host name verified
        }
        if (user != null) {
            b.user(user);
        }
        if (password != null) {
            b.password(password);
        }
        this.clientConfig = b.build();
        int read = millis(socketTimeout);
        this.subscriptionConfig = b.blockingSocketTimeoutMillis(
                read == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, read + Subscriber.HEARTBEAT.toMillis())).build();
    }

    /**
     * Jedis takes an int of milliseconds, and hands it to {@link java.net.Socket#connect(
     * java.net.SocketAddress, int)} and {@link java.net.Socket#setSoTimeout(int)}, where 0 is "no
     * limit": a duration longer than an int of milliseconds (about 24.8 days) is no limit, never an
     * overflow; a shorter one is at least 1 ms, since 0 would be no limit too.
     */
    static int millis(Duration d) {
        if (d.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            return 0;
        }
        return (int) Math.max(1, d.toMillis());
    }

    /**
     * @param url a {@code redis://} or {@code rediss://} URL
     * @param properties the settings above, or {@code null}
     * @return a manager that opens no connection until asked
     * @throws ConfigException for a URL that is not one, or a bad or unknown setting, naming it and
     *     its value (the URL masked)
     */
    public static RedisConnectionManager of(String url, Properties properties) {
        RedisUrl parsed = RedisUrl.parse(url);
        Properties p = properties == null ? new Properties() : properties;
        for (Object key : p.keySet()) {
            if (key instanceof String k && k.startsWith("patinox.memory.redis.") && !KEYS.contains(k)) {
                throw new ConfigException("Unknown Redis setting " + k + " (known: " + String.join(", ",
                        new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        String user = text(p, "user");
        String password = text(p, "password");
        return new RedisConnectionManager(parsed,
                user != null ? user : parsed.user().orElse(null),
                password != null ? password : parsed.password().orElse(null),
                duration(p, CONNECT_TIMEOUT, Duration.ofSeconds(2)),
                duration(p, SOCKET_TIMEOUT, Duration.ofSeconds(5)),
                Objects.requireNonNullElse(text(p, CLIENT_NAME), "patinox"));
    }

    private static String text(Properties p, String key) {
        Object v = p.get(key);
        if (v == null) {
            v = p.getProperty(key);
        }
        return v == null ? null : v.toString();
    }

    /** The longest duration: what a number too large for its unit saturates to, "no limit". */
    private static final Duration UNLIMITED = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    /** {@code 250ms}, {@code 2s}, {@code 3m}; a number past what a Duration holds saturates, never overflows. */
    private static Duration simple(String digits, String unit) {
        try {
            long n = Long.parseLong(digits);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            return UNLIMITED; // only digits matched: the number is too large, not malformed
        }
    }

    private static Duration duration(Properties p, String key, Duration fallback) {
        Object v = p.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Duration d) {
            return positive(key, d, d.toString());
        }
        String s = v.toString().strip();
        Matcher m = SIMPLE_DURATION.matcher(s.toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                return positive(key, simple(m.group(1), m.group(2)), s);
            }
            return positive(key, Duration.parse(s), s);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new ConfigException(key + " must be a duration such as 250ms, 2s or PT2S, but was '" + s + "'", e);
        }
    }

    private static Duration positive(String key, Duration d, String text) {
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(key + " must be positive, but was '" + text + "'");
        }
        return d;
    }

    /** @return the URL, whose {@code toString()} is masked */
    public RedisUrl url() {
        return url;
    }

    /**
     * Opens a connection on the calling thread, outside any pool: for a subscription, which holds
     * its connection for as long as it listens.
     *
     * @return a new connection, logged in, on the URL's database
     * @throws RedisAuthenticationException when the server refuses the login
     * @throws RedisUnavailableException when the server cannot be reached; the message names the
     *     URL, masked
     */
    public Jedis connect() {
        return connect(clientConfig);
    }

    /**
     * Opens a connection for a {@link Subscriber}, whose subscription's reads time out (see {@link
     * #subscriptionConfig}) as its heartbeat keeps a live one talking.
     *
     * @return a new connection, logged in, on the URL's database
     * @throws RedisUnavailableException as {@link #connect()}
     */
    Jedis connectForSubscription() {
        return connect(subscriptionConfig);
    }

    private Jedis connect(JedisClientConfig config) {
        Jedis jedis = null;
        try {
            jedis = new Jedis(address, config);
            jedis.getConnection().connect(); // does nothing when the constructor connected already
            // Jedis ignores the reply to its CLIENT SETNAME, so a server that wants a password
            // nobody gave accepted the connection and refused its every command: ask now.
            jedis.ping();
            return jedis;
        } catch (RuntimeException | Error e) {
            if (jedis != null) {
                try {
                    jedis.close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            RedisAuthenticationException refusal = refusal("Redis at " + url.masked()
                    + " refused the login: authentication failed", e);
            if (refusal != null) {
                throw refusal;
            }
            throw unavailable("Cannot connect to Redis at " + url.masked(), e);
        }
    }

    /**
     * @param message what failed, without any password
     * @param cause the client's failure
     * @return the failure to throw when the cause is the server refusing the login (a {@code
     *     NOAUTH}, {@code WRONGPASS}, {@code NOPERM} or {@code ERR AUTH} reply), else {@code null}
     */
    RedisAuthenticationException refusal(String message, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String reply = String.valueOf(t.getMessage());
            if (t instanceof redis.clients.jedis.exceptions.JedisAccessControlException
                    || t instanceof redis.clients.jedis.exceptions.JedisDataException
                    && (reply.startsWith("NOAUTH") || reply.startsWith("WRONGPASS") || reply.startsWith("NOPERM")
                    || reply.startsWith("ERR AUTH"))) {
                return new RedisAuthenticationException(url.masked(), secrets.redact(message) + ": "
                        + secrets.redact(reply), secrets.clean(cause));
            }
        }
        return null;
    }

    /**
     * @param message what failed, without any password
     * @param cause the client's failure
     * @return the failure to throw, its cause masked
     */
    RedisUnavailableException unavailable(String message, Throwable cause) {
        String detail = cause == null ? "" : ": " + secrets.redact(String.valueOf(cause.getMessage()));
        return new RedisUnavailableException(url.masked(), secrets.redact(message) + detail, secrets.clean(cause));
    }

    Secrets secrets() {
        return secrets;
    }

    /**
     * Runs a command on a connection of the pool. A connection that broke while idle in the pool (the
     * server restarted, or killed it with {@code CLIENT KILL}) fails on its first command, and is
     * destroyed: an idempotent command is then run again on another connection, up to once per
     * connection the pool may hold and once more, so that the stale connections left idle by one
     * outage fail no caller (a connection that timed out is retried once only, since a hanging server
     * would make each retry wait as long again).
     *
     * @param pool the pool of this manager's connections
     * @param acquireTimeout how long to wait for a connection
     * @param kind what runs the command, for messages: {@code cache} or {@code configuration}
     * @param name its name, for messages
     * @param command the command
     * @param idempotent whether the command may run twice
     * @param <R> its result
     * @return what the command returned
     * @throws RedisUnavailableException when no connection came, or the command failed
     */
    <R> R run(Pool<Jedis> pool, Duration acquireTimeout, String kind, String name, Function<Jedis, R> command,
              boolean idempotent) {
        if (refused != null) {
            checkLogin(kind, name);
        }
        for (int attempt = 1; ; attempt++) {
            PooledConnection<Jedis> c;
            try {
                c = pool.acquire(acquireTimeout);
            } catch (PoolException e) {
                if (e.getCause() instanceof RedisAuthenticationException) {
                    throw new RedisAuthenticationException(url.masked(), "Redis at " + url.masked()
                            + " refused the login of " + kind + " " + name + ": authentication failed", e);
                }
                throw unavailable("No connection to Redis at " + url.masked() + " for " + kind + " " + name, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable("Interrupted while waiting for a connection to Redis for " + kind + " " + name, e);
            }
            try (c) {
                return command.apply(c.get());
            } catch (redis.clients.jedis.exceptions.JedisConnectionException e) {
                // Every idle connection may be stale after an outage: with one retry only, a caller
                // drew two of them and failed while Redis was up. Each failure destroys its connection,
                // so after the pool's maximum of them the next attempt gets a new one.
                int attempts = timedOut(e) ? 2 : pool.config().maxSize() + 1;
                if (!idempotent || attempt >= attempts) {
                    throw unavailable("A Redis command of " + kind + " " + name + " failed on " + url.masked(), e);
                }
            } catch (redis.clients.jedis.exceptions.JedisException e) {
                RedisAuthenticationException refusal = refusal("A Redis command of " + kind + " " + name
                        + " was refused by " + url.masked() + ": authentication failed", e);
                if (refusal != null) {
                    throw refusal;
                }
                throw unavailable("A Redis command of " + kind + " " + name + " failed on " + url.masked(), e);
            }
        }
    }

    /**
     * While the server refuses the pool's logins, logs in once on the calling thread: a refusal is
     * thrown at once; a success clears it, and the pool's next creation logs in too.
     */
    private void checkLogin(String kind, String name) {
        try {
            connect().close();
            refused = null;
        } catch (RedisAuthenticationException e) {
            throw new RedisAuthenticationException(url.masked(), "Redis at " + url.masked()
                    + " refused the login of " + kind + " " + name + ": authentication failed", e);
        } catch (RedisUnavailableException e) {
            // Not a refusal: the pool's acquire says what it is.
        }
    }

    /** @return whether the failure is a reply that did not come in time, rather than a connection closed under it */
    private static boolean timedOut(Throwable e) {
        for (int depth = 0; e != null && depth < 16; depth++, e = e.getCause()) {
            if (e instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public CompletionStage<Jedis> create() {
        try {
            Jedis jedis = connect();
            refused = null;
            return CompletableFuture.completedFuture(jedis);
        } catch (RedisAuthenticationException e) {
            refused = e;
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Boolean> validate(Jedis connection) {
        try {
            return CompletableFuture.completedFuture(!connection.isBroken() && "PONG".equals(connection.ping()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unavailable("PING failed on " + url.masked(), e));
        }
    }

    @Override
    public CompletionStage<Void> recycle(Jedis connection) {
        try {
            if (connection.isBroken() || !connection.isConnected()) {
                // Routine after an outage, and its stack says nothing: the pool logs one line for it.
                return CompletableFuture.failedFuture(new RedisUnavailableException(url.masked(),
                        "The connection to " + url.masked() + " broke while it was borrowed", null, false));
            }
            connection.resetState(); // discards an open MULTI or pipeline
            if (connection.getDB() != url.database()) {
                connection.select(url.database());
            }
            return DONE;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unavailable("Resetting a connection to " + url.masked() + " failed", e));
        }
    }

    @Override
    public CompletionStage<Void> destroy(Jedis connection) {
        try {
            connection.close();
            return DONE;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unavailable("Closing a connection to " + url.masked() + " failed", e));
        }
    }

    @Override
    public String toString() {
        return "RedisConnectionManager[" + url.masked() + "]";
    }
}
