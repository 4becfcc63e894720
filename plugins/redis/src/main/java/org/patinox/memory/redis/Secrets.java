package org.patinox.memory.redis;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Keeps one password out of text: in messages, {@code toString()} and failures that leave the
 * plugin, the password is replaced by {@link RedisUrl#MASK}, and so is the user info of any Redis
 * URL quoted. Immutable and thread-safe.
 */
final class Secrets {

    private final String password;

    Secrets(String password) {
        this.password = password == null || password.isEmpty() ? null : password;
    }

    /**
     * @param text any text, or {@code null}
     * @return the text with the password and every URL's user info masked
     */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = password == null ? text : text.replace(password, RedisUrl.MASK);
        return RedisUrl.maskAny(result);
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
        return "Secrets[" + (password == null ? 0 : 1) + " masked]";
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
