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
 * a {@code //user:password@host} authority or of Oracle's {@code jdbc:oracle:thin:user/password@host}
 * are collected as values (as given, percent-decoded and percent-encoded, and for a URL's, every
 * reading up to a delimiter the password may hold unencoded) and replaced by {@value #MASK} wherever
 * they appear, whatever they hold; and
 * so is any {@code password=...} or {@code user:...@} of another URL quoted in a message. Immutable
 * and thread-safe.
 */
final class Secrets {

    static final String MASK = "*****";

    /** {@code password=value}, {@code sslpassword=value}, {@code pwd=value} ... up to {@code &}, {@code ;} or a space. */
    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)([a-z_.-]*(?:password|passwd|pwd|secret)[a-z_.-]*\\s*=\\s*)([^&;\\s]+)");
    /** The key of a password parameter of a URL, with its {@code =}. */
    private static final Pattern PASSWORD_KEY =
            Pattern.compile("(?i)[?&;:][a-z_.-]*(?:password|passwd|pwd|secret)[a-z_.-]*\\s*=");
    /** The prefix of Oracle's {@code jdbc:oracle:thin:user/password@...}. */
    private static final Pattern ORACLE_PREFIX = Pattern.compile("(?i)jdbc:oracle:[a-z0-9]+:(?!/)");
    private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9A-F]{2}");
    /** {@code //user:password@} in a URL's authority. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*):([^/@\\s]+)@");
    /** {@code user/password@} of Oracle's {@code jdbc:oracle:thin:scott/tiger@host:1521/orcl}. */
    private static final Pattern ORACLE_USER_PASSWORD = Pattern.compile("(?i)(jdbc:oracle:[a-z0-9]+:[^/@\\s]*)/([^@\\s]+)@");

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
        Set<String> found = new java.util.HashSet<>();
        if (properties != null) {
            for (String key : properties.stringPropertyNames()) {
                if (namesASecret(key)) {
                    addValue(found, properties.getProperty(key));
                }
            }
        }
        String shown = "";
        if (url != null) {
            shown = parseUrl(url, found);
        }
        // The longest first, so that a secret containing another is masked whole.
        List<String> values = new ArrayList<>(found);
        values.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        Secrets withoutUrl = new Secrets(List.copyOf(values), "");
        return new Secrets(List.copyOf(values), withoutUrl.redact(shown));
    }

    /**
     * Collects the passwords of the URL, by its form, and masks them in it. A password may hold
     * the URL's own delimiters unencoded ({@code @ / : ; & ? # =} and spaces), so where one ends
     * cannot be told: a value runs to the end of the URL (a parameter's) or to the last {@code @}
     * (a user info's), and every shorter reading a driver may take, up to each delimiter on the
     * way, is collected too. Showing less of the URL was preferred to showing a piece of a password.
     *
     * @return the URL masked
     */
    private static String parseUrl(String url, Set<String> found) {
        // Where each password lies in the URL, [start, end): every form is read from the URL as given.
        List<int[]> masked = new ArrayList<>();
        Matcher oracle = ORACLE_PREFIX.matcher(url);
        boolean isOracle = oracle.lookingAt();
        int lastAt = url.lastIndexOf('@');
        if (isOracle) {
            int slash = url.indexOf('/', oracle.end());
            if (slash >= 0 && lastAt > slash) {
                addReadings(found, url.substring(slash + 1, lastAt), "@");
                masked.add(new int[] {slash + 1, lastAt});
            }
        } else {
            int authority = url.indexOf("//");
            int colon = authority < 0 ? -1 : url.indexOf(':', authority + 2);
            if (authority >= 0 && colon >= 0 && colon < lastAt) {
                addReadings(found, url.substring(colon + 1, lastAt), "@");
                masked.add(new int[] {colon + 1, lastAt});
            }
        }
        Matcher m = PASSWORD_KEY.matcher(url);
        boolean first = true;
        while (m.find()) {
            addReadings(found, url.substring(m.end()), "&;#");
            if (first) {
                masked.add(new int[] {m.end(), url.length()});
                first = false;
            }
        }
        masked.sort(Comparator.comparingInt(r -> r[0]));
        StringBuilder shown = new StringBuilder();
        int at = 0;
        for (int[] r : masked) {
            if (r[1] <= at) {
                continue;
            }
            if (r[0] >= at) {
                shown.append(url, at, r[0]).append(MASK);
            }
            at = r[1];
        }
        return shown.append(url, at, url.length()).toString();
    }

    /** Adds a value and each of its prefixes that ends before one of the delimiters. */
    private static void addReadings(Set<String> found, String value, String delimiters) {
        addValue(found, value);
        for (int i = 0; i < value.length(); i++) {
            if (delimiters.indexOf(value.charAt(i)) >= 0) {
                addValue(found, value.substring(0, i));
            }
        }
    }

    /** Adds a secret, and what a driver may quote of it: percent-decoded, and percent-encoded. */
    private static void addValue(Set<String> found, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        found.add(value);
        try {
            found.add(java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notEncoded) {
            // a raw % not followed by two hex digits: the value was not encoded
        }
        String encoded = java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
        found.add(encoded);
        found.add(encoded.replace("+", "%20"));
        found.add(lowerHex(encoded));
        found.add(lowerHex(encoded.replace("+", "%20")));
        found.remove("");
    }

    private static String lowerHex(String encoded) {
        return PERCENT_ESCAPE.matcher(encoded).replaceAll(e -> e.group().toLowerCase(Locale.ROOT));
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
        // Every occurrence of every value is found in the text as given, then each run of them is
        // masked whole: replacing one value after another would break an occurrence that overlaps one.
        java.util.BitSet covered = new java.util.BitSet(text.length());
        for (String secret : values) {
            if (MASK.contains(secret)) {
                continue; // masking it would only lengthen the mask
            }
            for (int i = text.indexOf(secret); i >= 0; i = text.indexOf(secret, i + 1)) {
                covered.set(i, i + secret.length());
            }
        }
        String result = text;
        if (!covered.isEmpty()) {
            StringBuilder b = new StringBuilder(text.length());
            int at = 0;
            for (int from = covered.nextSetBit(0); from >= 0; from = covered.nextSetBit(at)) {
                b.append(text, at, from).append(MASK);
                at = covered.nextClearBit(from);
            }
            result = b.append(text, at, text.length()).toString();
        }
        result = PASSWORD_PARAMETER.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        result = ORACLE_USER_PASSWORD.matcher(result)
                .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "/" + MASK + "@"));
        return USER_INFO.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":" + MASK + "@"));
    }

    /**
     * @param failure a failure that may quote a secret anywhere in its chain of causes, suppressed
     *     exceptions and next exceptions
     * @return the failure itself when no text in that chain holds a secret; otherwise a redacted
     *     copy, as {@link #clean(Throwable)} makes
     */
    SQLException clean(SQLException failure) {
        return (SQLException) clean((Throwable) failure);
    }

    /**
     * Keeps secrets out of a failure of any kind that leaves the plugin: a driver may quote the URL
     * or the properties in a {@code RuntimeException}, an {@code Error} or a checked exception
     * thrown sneakily as well as in an {@code SQLException}.
     *
     * @param failure a failure that may quote a secret in the message, {@code toString()}, causes,
     *     suppressed exceptions or next exceptions of anything in its chain
     * @return the failure itself when no text in that chain holds a secret; otherwise a copy of
     *     the chain in which each throwable that holds a secret, or leads to one that does, is
     *     replaced by a redacted stand-in of the same kind (an {@link SQLException} with the same SQL
     *     state and error code, a {@link RuntimeException}, an {@link Error} or a checked {@link
     *     Exception}) with the same stack trace, whose message is the original's redacted {@code
     *     toString()} and so starts with the original class name; the rest is kept as it is
     */
    Throwable clean(Throwable failure) {
        if (!leaks(failure)) {
            return failure;
        }
        return copy(failure, new IdentityHashMap<>());
    }

    private boolean leaks(Throwable t) {
        return leaks(t, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private boolean leaks(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return false;
        }
        try {
            if (holdsSecret(t.getMessage()) || holdsSecret(t.getLocalizedMessage()) || holdsSecret(describe(t))) {
                return true;
            }
        } catch (RuntimeException unreadable) {
            return true; // a text that cannot be read cannot be checked: copy it as its class name
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

    /** @return {@code toString()}, which a driver's class may override, or the class name if that fails */
    private static String describe(Throwable t) {
        try {
            return t.toString();
        } catch (RuntimeException e) {
            return t.getClass().getName();
        }
    }

    private Throwable copy(Throwable t, IdentityHashMap<Throwable, Throwable> copies) {
        if (t == null) {
            return null;
        }
        Throwable done = copies.get(t);
        if (done != null) {
            return done;
        }
        if (!leaks(t)) {
            return t; // nothing below it holds a secret: the original, with its own class, will do
        }
        String message = redact(describe(t));
        Throwable c = switch (t) {
            case SQLException sql -> new RedactedSQLException(message, sql.getSQLState(), sql.getErrorCode());
            case RuntimeException e -> new RedactedException(message);
            case Error e -> new RedactedError(message);
            default -> new RedactedCheckedException(message);
        };
        copies.put(t, c);
        c.setStackTrace(t.getStackTrace());
        Throwable cause = t.getCause();
        if (cause != null && cause != t) {
            c.initCause(copy(cause, copies));
        }
        for (Throwable s : t.getSuppressed()) {
            c.addSuppressed(copy(s, copies));
        }
        if (t instanceof SQLException sql && sql.getNextException() != null
                && !copies.containsKey(sql.getNextException())) {
            ((SQLException) c).setNextException(asSql(copy(sql.getNextException(), copies)));
        }
        return c;
    }

    private static SQLException asSql(Throwable t) {
        return t instanceof SQLException sql ? sql : new SQLException(t.getMessage(), t);
    }

    @Override
    public String toString() {
        return "Secrets[" + values.size() + " masked]";
    }

    /** An {@link SQLException} whose text was redacted: its message names the class it stands for. */
    static final class RedactedSQLException extends SQLException {

        @java.io.Serial
        private static final long serialVersionUID = 1L;

        RedactedSQLException(String message, String sqlState, int errorCode) {
            super(message, sqlState, errorCode);
        }
    }

    /** A {@link RuntimeException} whose text was redacted: its message names the class it stands for. */
    static final class RedactedException extends RuntimeException {

        @java.io.Serial
        private static final long serialVersionUID = 1L;

        RedactedException(String message) {
            super(message);
        }
    }

    /** An {@link Error} whose text was redacted: its message names the class it stands for. */
    static final class RedactedError extends Error {

        @java.io.Serial
        private static final long serialVersionUID = 1L;

        RedactedError(String message) {
            super(message);
        }
    }

    /** A checked exception, other than an {@link SQLException}, whose text was redacted. */
    static final class RedactedCheckedException extends Exception {

        @java.io.Serial
        private static final long serialVersionUID = 1L;

        RedactedCheckedException(String message) {
            super(message);
        }
    }
}
