package org.patinox.memory.jdbc;

import java.sql.Connection;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.patinox.memory.pool.PoolConfig;

/** Opens the data sources the tests use. */
final class Fixture {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private Fixture() {
    }

    /** @return a URL of a new, private H2 in-memory database that lives as long as the JVM */
    static String h2Url() {
        return "jdbc:h2:mem:patinox" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }

    /** @return a data source on a pool of the JDBC manager for the URL */
    static PooledDataSource open(String url, Properties properties, PoolConfig config) {
        JdbcConnectionManager manager = PooledDataSource.manager(url, properties, config.validationTimeout());
        return PooledDataSource.on(new TestPool<Connection>(manager, config), manager);
    }
}
