package org.patinox.memory.redis;

import java.io.Serial;

/**
 * Redis could not be reached or failed while serving a command of this plugin: the server is down
 * or unreachable, refused the login, or the connection broke. The message names the URL with its
 * password masked, and so does every text in the chain of causes (a cause that quoted the password
 * is replaced by a masked copy of it).
 *
 * <p>Thrown by {@link RedisTieredCache} writes and by {@link RedisConfigSource#publish} while Redis is
 * unreachable, and by the connection manager's {@code create} (the pool keeps it as its last
 * creation failure, the cause of an acquire timeout).
 */
public final class RedisUnavailableException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The URL, masked; part of the serialized form. */
    private final String url;

    /**
     * @param url the server's URL, masked
     * @param message what failed, without any password
     * @param cause the client's failure, masked, or {@code null}
     */
    public RedisUnavailableException(String url, String message, Throwable cause) {
        super(message, cause);
        this.url = url;
    }

    /**
     * A failure whose stack says nothing, such as a connection found broken: logged without one.
     *
     * @param url the server's URL, masked
     * @param message what failed, without any password
     * @param cause the client's failure, masked, or {@code null}
     * @param stack whether to record the stack trace
     */
    RedisUnavailableException(String url, String message, Throwable cause, boolean stack) {
        super(message, cause, true, stack);
        this.url = url;
    }

    /** @return the server's URL with its password masked */
    public String url() {
        return url;
    }
}
