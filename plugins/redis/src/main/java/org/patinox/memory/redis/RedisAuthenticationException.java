package org.patinox.memory.redis;

import java.io.Serial;

/**
 * Redis refused the login: no password was given to a server that requires one, or the user or
 * password is wrong, or the user may not run the commands a connection starts with. Not an outage:
 * waiting does not help, so the plugin neither retries nor works around it (a {@link
 * RedisTieredCache} loader is not called in its place) but throws it, once known, at once; each
 * command asks the server once more, so that a corrected password on the server is taken up. The
 * message says that authentication failed and names the URL with its password masked; no text in
 * the chain of causes quotes the password.
 *
 * <p>Thrown by {@link RedisTieredCache} and {@link RedisConfigSource} operations, by {@link
 * RedisConnectionManager#connect()}, and by the manager's {@code create} (the pool keeps it as its
 * last creation failure, the cause of an acquire timeout).
 */
public final class RedisAuthenticationException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The URL, masked; part of the serialized form. */
    private final String url;

    /**
     * @param url the server's URL, masked
     * @param message what failed, without any password
     * @param cause the client's failure, masked, or {@code null}
     */
    public RedisAuthenticationException(String url, String message, Throwable cause) {
        super(message, cause);
        this.url = url;
    }

    /** @return the server's URL with its password masked */
    public String url() {
        return url;
    }
}
