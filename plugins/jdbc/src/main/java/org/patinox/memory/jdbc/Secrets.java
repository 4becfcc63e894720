package org.patinox.memory.jdbc;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secrets of one JDBC URL and its properties, and what keeps them out of text: every value of a
 * property whose key names a password, every {@code password=} value of the URL, and the password of
 * a {@code //user:password@host} authority are replaced by {@value #MASK} wherever they appear, and
 * so is any {@code password=...} or {@code user:...@} of another URL quoted in a message. Immutable
 * and thread-safe.
 */
final class Secrets {

    static final String MASK = "*****";

    /** {@code password=value}, {@code sslpassword=value}, {@code pwd=value} ... up to {@code &}, {@code ;} or a space. */
    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)([a-z_.-]*(?:password|passwd|pwd|secret)[a-z_.-]*\\s*=\\s*)([^&;\\s]+)");
    /** {@code //user:password@} in a URL's authority. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*):([^/@\\s]+)@");

    private final List<String> values;
    private final String url;

    private Secrets(List<String> values, String url) {
        this.values = values;
        this.url = url;
    }

    /**
     * @param url the JDBC URL, which may carry a password
     * @param properties the connection properties, which may carry passwords
     * @return the secrets of both
     */
    static Secrets of(String url, Properties properties) {
        List<String> found = new ArrayList<>();
        if (properties != null) {
            for (String key : properties.stringPropertyNames()) {
                if (namesASecret(key)) {
                    String value = properties.getProperty(key);
                    if (value != null && !value.isEmpty()) {
                        found.add(value);
                    }
                }
            }
        }
        if (url != null) {
            Matcher m = PASSWORD_PARAMETER.matcher(url);
            while (m.find()) {
                found.add(m.group(2));
            }
            Matcher u = USER_INFO.matcher(url);
            while (u.find()) {
                found.add(u.group(2));
            }
        }
        // The longest first, so that a secret containing another is masked whole.
        found.sort(Comparator.comparingInt(String::length).reversed());
        List<String> values = List.copyOf(new ArrayList<>(new java.util.LinkedHashSet<>(found)));
        Secrets withoutUrl = new Secrets(values, "");
        return new Secrets(values, url == null ? "" : withoutUrl.redact(url));
    }

    private static boolean namesASecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("passwd") || k.equals("pwd") || k.contains("secret");
    }

    /** @return the URL with its secrets masked, fit for messages, events and {@code toString} */
    String url() {
        return url;
    }

    /**
     * @param text any text, or {@code null}
     * @return the text with every secret masked, or {@code null}
     */
    String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : values) {
            result = result.replace(secret, MASK);
        }
        result = PASSWORD_PARAMETER.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        return USER_INFO.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":" + MASK + "@"));
    }

    /**
     * @param failure a failure that may quote a secret anywhere in its chain of causes, suppressed
     *     exceptions and next exceptions
     * @return the failure itself when no text in that chain holds a secret; otherwise a copy of
     *     the chain with the same stack traces, SQL states and error codes, whose messages are
     *     redacted and prefixed with the original class name
     */
    SQLException clean(SQLException failure) {
        if (!leaks(failure, Collections.newSetFromMap(new IdentityHashMap<>()))) {
            return failure;
        }
        return (SQLException) copy(failure, new IdentityHashMap<>());
    }

    private boolean leaks(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return false;
        }
        if (holdsSecret(t.getMessage()) || holdsSecret(t.getLocalizedMessage()) || holdsSecret(t.toString())) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (leaks(s, seen)) {
                return true;
            }
        }
        if (t instanceof SQLException sql && leaks(sql.getNextException(), seen)) {
            return true;
        }
        return leaks(t.getCause(), seen);
    }

    private boolean holdsSecret(String text) {
        return text != null && !redact(text).equals(text);
    }

    private Throwable copy(Throwable t, IdentityHashMap<Throwable, Throwable> copies) {
        if (t == null) {
            return null;
        }
        Throwable done = copies.get(t);
        if (done != null) {
            return done;
        }
        String message = t.getClass().getName() + (t.getMessage() == null ? "" : ": " + redact(t.getMessage()));
        SQLException sql = t instanceof SQLException s ? s : null;
        RedactedSQLException c = new RedactedSQLException(message, sql == null ? null : sql.getSQLState(),
                sql == null ? 0 : sql.getErrorCode());
        copies.put(t, c);
        c.setStackTrace(t.getStackTrace());
        if (t.getCause() != null && t.getCause() != t) {
            c.initCause(copy(t.getCause(), copies));
        }
        for (Throwable s : t.getSuppressed()) {
            c.addSuppressed(copy(s, copies));
        }
        if (sql != null && sql.getNextException() != null && !copies.containsKey(sql.getNextException())) {
            c.setNextException((SQLException) copy(sql.getNextException(), copies));
        }
        return c;
    }

    @Override
    public String toString() {
        return "Secrets[" + values.size() + " masked]";
    }

    /** A failure whose text was redacted: its message names the class it stands for. */
    static final class RedactedSQLException extends SQLException {

        @java.io.Serial
        private static final long serialVersionUID = 1L;

        RedactedSQLException(String message, String sqlState, int errorCode) {
            super(message, sqlState, errorCode);
        }
    }
}
