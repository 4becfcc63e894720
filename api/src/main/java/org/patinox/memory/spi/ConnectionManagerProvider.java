package org.patinox.memory.spi;

import java.util.Properties;

/**
 * Makes {@link ConnectionManager}s for the URLs of one scheme, found through {@link
 * java.util.ServiceLoader} as JDBC finds its drivers: {@link
 * org.patinox.memory.MemoryUtilities#pool(String, org.patinox.memory.pool.PoolConfig)} asks each provider found whether it
 * {@link #accepts} the URL and takes the first that does, by descending {@link #priority()}.
 *
 * <p>Implementations have a public no-argument constructor and are stateless; methods may be
 * called from any thread. {@link #create} throws {@link org.patinox.memory.ConfigException} for a
 * URL or property it cannot use, with a message that names it but never shows a password.
 *
 * @see org.patinox.memory.pool.PoolConfig
 */
public interface ConnectionManagerProvider {

    /** @return a short name for messages, such as {@code jdbc} */
    String name();

    /** @return the rank of this provider when several accept a URL; higher wins */
    default int priority() {
        return 0;
    }

    /**
     * @param url a connection URL, such as {@code jdbc:postgresql://127.0.0.1/app}
     * @return whether this provider makes managers for it; must not throw
     */
    boolean accepts(String url);

    /** @return the type of the connections this provider's managers create */
    Class<?> connectionType();

    /**
     * @param url a URL this provider accepts
     * @param properties connection properties such as {@code user} and {@code password}, never
     *     {@code null} (empty for none); the provider copies what it needs
     * @return a new manager; it opens no connection until the pool asks
     */
    ConnectionManager<?> create(String url, Properties properties);
}
