package org.patinox.memory.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.patinox.memory.jdbc.internal.JdbcConnectionManagerProvider;
import org.patinox.memory.spi.ConnectionManagerProvider;
import org.patinox.memory.tck.ConnectionManagerProviderContract;

/**
 * Provider {@code jdbc} against the connection-manager-provider contract, on H2, on the pool of the
 * implementation the run names ({@link Fixture#provider()}: the build runs the suite on each).
 */
final class JdbcProviderContractTest extends ConnectionManagerProviderContract<Connection> {

    private final String url = Fixture.h2Url();

    @Override
    protected ConnectionManagerProvider newProvider() {
        return new JdbcConnectionManagerProvider();
    }

    @Override
    protected String url() {
        return url;
    }

    @Override
    protected boolean isOpen(Connection connection) throws SQLException {
        return !connection.isClosed();
    }

    @Override
    protected Optional<String> unreachableUrl() {
        return Optional.of("jdbc:postgresql://127.0.0.1:1/patinox?connectTimeout=5");
    }

    @Override
    protected String memoryProvider() {
        return Fixture.provider();
    }
}
