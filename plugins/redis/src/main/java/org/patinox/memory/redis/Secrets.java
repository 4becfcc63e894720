package org.patinox.memory.redis;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps passwords out of text: in messages, {@code toString()} and failures that leave the plugin,
 * every occurrence of each password is replaced by {@link RedisUrl#MASK}, as given, percent-encoded
 * and as a client shows a reply it read a byte to a char (Jedis does), and so is the user info of
 * any Redis URL quoted. Immutable and thread-safe.
 */
final class Secrets {

    private static final java.util.regex.Pattern PERCENT_ESCAPE = java.util.regex.Pattern.compile("%[0-9A-F]{2}");

    /** Every form of every password, the longest first. */
    private final List<String> values;
    private final int passwords;

    /**
     * @param passwords the passwords: the one used, and any other given (the URL's when the
     *     properties name another), as written and decoded; {@code null}s and empty ones are skipped
     */
    Secrets(String... passwords) {
        Set<String> found = new HashSet<>();
        Set<String> given = new HashSet<>();
        for (String p : passwords) {
            if (p != null && !p.isEmpty() && given.add(p)) {
                String encoded = URLEncoder.encode(p, StandardCharsets.UTF_8);
                for (String form : List.of(p, encoded, encoded.replace("+", "%20"), byteWise(p, true), byteWise(p, false))) {
                    found.add(form);
                    found.add(PERCENT_ESCAPE.matcher(form).replaceAll(e -> e.group().toLowerCase(Locale.ROOT)));
                }
            }
        }
        found.removeIf(v -> v.isEmpty() || RedisUrl.MASK.contains(v)); // masking those would only lengthen the mask
        List<String> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.values = List.copyOf(sorted);
        this.passwords = given.size();
    }

    /** The UTF-8 bytes of a text, each read as a char: sign extended, or as ISO-8859-1. */
    private static String byteWise(String text, boolean signExtended) {
        StringBuilder b = new StringBuilder();
        for (byte x : text.getBytes(StandardCharsets.UTF_8)) {
            b.append(signExtended ? (char) x : (char) (x & 0xFF));
        }
        return b.toString();
    }

    /**
     * @param text any text, or {@code null}
     * @return the text with every form of every password and every URL's user info masked
     */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        // Every occurrence of every form is found in the text as given, and each run of them masked
        // whole: replacing one after another would break an occurrence that overlaps one masked.
        BitSet covered = new BitSet(text.length());
        for (String v : values) {
            for (int i = text.indexOf(v); i >= 0; i = text.indexOf(v, i + 1)) {
                covered.set(i, i + v.length());
            }
        }
        if (covered.isEmpty()) {
            return RedisUrl.maskAny(text);
        }
        StringBuilder b = new StringBuilder(text.length());
        int at = 0;
        for (int from = covered.nextSetBit(0); from >= 0; from = covered.nextSetBit(at)) {
            b.append(text, at, from).append(RedisUrl.MASK);
            at = covered.nextClearBit(from);
        }
        return RedisUrl.maskAny(b.append(text, at, text.length()).toString());
    }

    /**
     * @param failure a failure whose chain may quote the password
     * @return the failure itself when no text in its chain (messages, causes, suppressed) holds a
     *     secret; otherwise a copy in which each throwable that does, or leads to one that does, is a
     *     {@link RedactedException} whose message is the original's masked {@code toString()} (so it
     *     starts with the original class name), with the same stack trace
     */
    Throwable clean(Throwable failure) {
        return leaks(failure, Collections.newSetFromMap(new IdentityHashMap<>())) ? copy(failure) : failure;
    }

    private boolean leaks(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return false;
        }
        String text;
        try {
            text = t.toString();
        } catch (RuntimeException unreadable) {
            return true;
        }
        if (text != null && !redact(text).equals(text)) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (leaks(s, seen)) {
                return true;
            }
        }
        return leaks(t.getCause(), seen);
    }

    private Throwable copy(Throwable t) {
        if (t == null || !leaks(t, Collections.newSetFromMap(new IdentityHashMap<>()))) {
            return t;
        }
        String text;
        try {
            text = redact(t.toString());
        } catch (RuntimeException unreadable) {
            text = t.getClass().getName();
        }
        RedactedException c = new RedactedException(text);
        c.setStackTrace(t.getStackTrace());
        if (t.getCause() != null && t.getCause() != t) {
            c.initCause(copy(t.getCause()));
        }
        for (Throwable s : t.getSuppressed()) {
            c.addSuppressed(copy(s));
        }
        return c;
    }

    @Override
    public String toString() {
        return "Secrets[" + passwords + " masked]";
    }

    /** A failure whose text was masked: its message names the class it stands for. */
    static final class RedactedException extends RuntimeException {

        @java.io.Serial
        private static final long serialVersionUID = 1L;

        RedactedException(String message) {
            super(message);
        }
    }
}
