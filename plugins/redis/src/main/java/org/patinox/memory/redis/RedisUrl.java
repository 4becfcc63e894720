package org.patinox.memory.redis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.patinox.memory.ConfigException;

/**
 * A parsed {@code redis://} or {@code rediss://} URL: {@code redis[s]://[[user]:password@]host[:port][/database]}.
 * {@code rediss} means TLS. The password may be percent-encoded; a user info without a colon is
 * taken as a password alone ({@code redis://secret@host}), as {@code redis-cli} reads it.
 *
 * <p>{@link #toString()} and {@link #masked()} show the URL with its password replaced by
 * {@value #MASK}; the password is reachable only through {@link #password()}. Immutable and
 * thread-safe.
 */
public final class RedisUrl {

    /** What stands for a password in every text this plugin writes. */
    public static final String MASK = "*****";
    /** The port when the URL names none. */
    public static final int DEFAULT_PORT = 6379;

    private static final Pattern FORM = Pattern.compile(
            "(?is)(rediss?)://(?:(.*)@)?(\\[[0-9a-fA-F:.]+\\]|[^\\[\\]/:@?#\\s]+)(?::(\\d{1,5}))?(?:/(\\d{0,9}))?/?");
    /**
     * {@code //user:password@} or {@code //password@} in any text, to mask URLs this plugin did not
     * parse. A password may hold any character, {@code @}, {@code /}, spaces and line breaks
     * included, so the user info runs to the last {@code @} before the next URL ({@code scheme://}
     * after white space) or the end of the text: masking too much is harmless, showing a piece of a
     * password is not.
     */
    private static final Pattern USER_INFO =
            Pattern.compile("(?is)(rediss?://)((?:(?!\\s+[a-z][a-z0-9+.\\-]*://).)*)@");

    private final boolean tls;
    private final String user;
    private final String password;
    /** The password as the URL wrote it, before decoding: a text may quote that too. */
    private final String written;
    private final String host;
    private final int port;
    private final int database;
    private final String masked;

    private RedisUrl(boolean tls, String user, String password, String written, String host, int port, int database) {
        this.tls = tls;
        this.user = user;
        this.password = password;
        this.written = written;
        this.host = host;
        this.port = port;
        this.database = database;
        StringBuilder b = new StringBuilder(tls ? "rediss://" : "redis://");
        if (user != null || password != null) {
            b.append(user == null ? "" : user).append(password == null ? "" : ":" + MASK).append('@');
        }
        // An IPv6 address keeps its brackets, so that the masked form is a URL that parses back.
        this.masked = b.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(port).append('/').append(database).toString();
    }

    /**
     * @param url a URL such as {@code redis://app:secret@127.0.0.1:6379/2}
     * @return the URL parsed
     * @throws ConfigException when it is not a {@code redis://} or {@code rediss://} URL of that
     *     form, or its port or database is out of range; the message shows the URL masked
     */
    public static RedisUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        String stripped = url.strip();
        Matcher m = FORM.matcher(stripped);
        if (!m.matches()) {
            throw new ConfigException("Not a Redis URL of the form redis[s]://[[user]:password@]host[:port][/database]: "
                    + maskOne(stripped));
        }
        boolean tls = m.group(1).toLowerCase(Locale.ROOT).equals("rediss");
        String user = null;
        String password = null;
        String written = null;
        String info = m.group(2);
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            if (colon < 0) {
                written = info;
                password = decode(info, stripped, m);
            } else {
                user = colon == 0 ? null : decode(info.substring(0, colon), stripped, m);
                written = colon == info.length() - 1 ? null : info.substring(colon + 1);
                password = written == null ? null : decode(written, stripped, m);
            }
        }
        int port = DEFAULT_PORT;
        if (m.group(4) != null) {
            port = Integer.parseInt(m.group(4));
            if (port < 1 || port > 65_535) {
                throw new ConfigException("The port of a Redis URL must be 1 to 65535, but was " + port + ": " + masked(stripped, m));
            }
        }
        int database = 0;
        if (m.group(5) != null && !m.group(5).isEmpty()) {
            database = Integer.parseInt(m.group(5));
        }
        String host = m.group(3);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new RedisUrl(tls, user, password, written, host, port, database);
    }

    private static String decode(String part, String url, Matcher m) {
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Bad percent-encoding in the user info of the Redis URL " + masked(url, m));
        }
    }

    /**
     * The URL as written with its user info masked, for the messages of a URL that matched {@link
     * #FORM} but is refused: the match knows exactly where the user info is, whatever it holds.
     */
    private static String masked(String url, Matcher m) {
        String info = m.group(2);
        if (info == null) {
            return url;
        }
        return url.substring(0, m.start(2)) + maskInfo(info) + url.substring(m.end(2));
    }

    /**
     * A text that should be one URL but is refused, with everything between its {@code //} and its
     * last {@code @} masked: being one URL, all of that is its user info, whatever it holds.
     */
    private static String maskOne(String url) {
        int slashes = url.indexOf("//");
        int at = url.lastIndexOf('@');
        if (slashes < 0 || at < slashes) {
            return url;
        }
        return url.substring(0, slashes + 2) + maskInfo(url.substring(slashes + 2, at)) + url.substring(at);
    }

    /** {@code user:password} as {@code user:*****}, a password alone as {@value #MASK}. */
    private static String maskInfo(String info) {
        int colon = info.indexOf(':');
        return info.isEmpty() ? "" : colon < 0 ? MASK : info.substring(0, colon) + ":" + MASK;
    }

    /**
     * @param text any text, or {@code null}
     * @return the text with the user info of every {@code redis://} or {@code rediss://} URL in it
     *     masked: {@code redis://app:secret@h} becomes {@code redis://app:*****@h}. The user info
     *     of a URL is everything from its {@code //} to the last {@code @} before the next URL
     *     (a {@code scheme://} after white space) in the text, so no password shows whatever
     *     characters it holds, but text after the URL up to an {@code @} is masked with it
     */
    public static String maskAny(String text) {
        if (text == null) {
            return null;
        }
        return USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + maskInfo(m.group(2)) + "@"));
    }

    /** @return whether the scheme is {@code rediss}: TLS */
    public boolean tls() {
        return tls;
    }

    /** @return the user of an ACL login, if the URL names one */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** @return the password, if the URL carries one; never put it in a text */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** @return the password as the URL wrote it, percent-encoded or not, or {@code null}; for masking only */
    String writtenPassword() {
        return written;
    }

    /** @return the host name or address (an IPv6 address without its brackets) */
    public String host() {
        return host;
    }

    /** @return the port, {@value #DEFAULT_PORT} when the URL names none */
    public int port() {
        return port;
    }

    /** @return the database number selected on every connection, 0 when the URL names none */
    public int database() {
        return database;
    }

    /** @return the URL in its full form with the password masked, fit for any message or log */
    public String masked() {
        return masked;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedisUrl u && tls == u.tls && port == u.port && database == u.database
                && host.equals(u.host) && Objects.equals(user, u.user) && Objects.equals(password, u.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tls, host, port, database, user);
    }

    /** @return {@link #masked()} */
    @Override
    public String toString() {
        return masked;
    }
}
