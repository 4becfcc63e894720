package org.patinox.memory.jdbc.internal;

import java.sql.Connection;
import java.util.Properties;
import org.patinox.memory.jdbc.PooledDataSource;
import org.patinox.memory.spi.ConnectionManager;
import org.patinox.memory.spi.ConnectionManagerProvider;

/**
 * Provider {@code jdbc}: makes {@link ConnectionManager}s of {@link Connection}s for every
 * {@code jdbc:} URL, through {@link PooledDataSource#connectionManager(String, Properties)}.
 * Stateless and thread-safe, as {@link java.util.ServiceLoader} requires.
 */
public final class JdbcConnectionManagerProvider implements ConnectionManagerProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public JdbcConnectionManagerProvider() {
    }

    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public boolean accepts(String url) {
        return url != null && url.regionMatches(true, 0, "jdbc:", 0, 5);
    }

    @Override
    public Class<?> connectionType() {
        return Connection.class;
    }

    /**
     * {@inheritDoc}
     *
     * @throws org.patinox.memory.ConfigException when the URL is not a {@code jdbc:} URL, no
     *     driver accepts it, or {@code patinox.memory.pool.validation-timeout} in the properties
     *     is invalid; the message shows the URL with its password masked
     */
    @Override
    public ConnectionManager<?> create(String url, Properties properties) {
        return PooledDataSource.connectionManager(url, properties);
    }

    @Override
    public String toString() {
        return "JdbcConnectionManagerProvider[jdbc]";
    }
}
