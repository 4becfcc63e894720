/**
 * The JDBC plugin of Patinox Memory: a {@link org.patinox.memory.spi.ConnectionManager} for
 * {@code jdbc:} URLs, found as the {@link org.patinox.memory.spi.ConnectionManagerProvider} named
 * {@code jdbc}, and {@link org.patinox.memory.jdbc.PooledDataSource}, a {@link javax.sql.DataSource}
 * on a Patinox pool. It exports its API package only; the database's driver is found by {@link
 * java.sql.DriverManager}.
 */
module org.patinox.memory.jdbc {
    requires transitive org.patinox.memory.api;
    requires transitive java.sql;

    exports org.patinox.memory.jdbc;

    provides org.patinox.memory.spi.ConnectionManagerProvider
            with org.patinox.memory.jdbc.internal.JdbcConnectionManagerProvider;
}
