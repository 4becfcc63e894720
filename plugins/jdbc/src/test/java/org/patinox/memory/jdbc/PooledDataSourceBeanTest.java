package org.patinox.memory.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.tck.LogCapture;
import org.patinox.memory.tck.RecordingMonitor;

/** {@link PooledDataSource} in the bean form: setters, lazy and single start, sealing, init SQL and test query. */
final class PooledDataSourceBeanTest {

    private static final String SECRET = "bean-s3cret-pw";

    private static String everything(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static PooledDataSource bean(String url) {
        PooledDataSource db = new PooledDataSource();
        db.setMemoryUtilities(Fixture.memory());
        db.setJdbcUrl(url);
        return db;
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            assertTrue(r.next());
            return r.getInt(1);
        }
    }

    @Test
    void the_bean_opens_its_pool_on_the_first_get_connection_with_what_was_set() throws SQLException {
        PooledDataSource db = bean(Fixture.h2Url());
        db.setUsername("sa");
        db.setPassword(SECRET);
        db.setPoolName("bean-orders");
        db.setMaximumPoolSize(3);
        db.setMinimumIdle(1);
        db.setConnectionTimeout(5_000);
        db.setIdleTimeout(60_000);
        db.setMaxLifetime(120_000);
        db.setValidationTimeout(2_000);
        db.setLeakDetectionThreshold(0);
        assertEquals("bean-orders", db.name());
        assertFalse(db.isClosed());
        IllegalStateException notYet = assertThrows(IllegalStateException.class, db::pool);
        assertTrue(notYet.getMessage().contains("the first getConnection() opens it"), notYet.getMessage());
        assertEquals(3, db.getMaximumPoolSize());
        assertEquals(5_000, db.getConnectionTimeout());
        try (Connection c = db.getConnection()) {
            assertEquals(1, count(c, "SELECT 1"));
            assertEquals("SA", c.getMetaData().getUserName());
        }
        try {
            PoolConfig config = db.pool().config();
            assertEquals("bean-orders", config.name());
            assertEquals(3, config.maxSize());
            assertEquals(1, config.minSize());
            assertEquals(Duration.ofSeconds(5), config.acquireTimeout());
            assertEquals(Duration.ofMinutes(1), config.idleTimeout());
            assertEquals(Duration.ofMinutes(2), config.maxLifetime());
            assertEquals(Duration.ofSeconds(2), config.validationTimeout());
            assertEquals(Duration.ZERO, config.leakDetectionThreshold());
            assertEquals(1, db.stats().acquired());
            assertSame(Fixture.memory(), db.memoryUtilities());
        } finally {
            db.close();
        }
        assertTrue(db.isClosed());
        assertTrue(db.pool().isClosed());
        assertFalse(Fixture.memory().isClosed(), "the instance given stays the caller's");
    }

    @Test
    void without_an_instance_the_bean_opens_one_and_closes_it_with_itself() throws SQLException {
        PooledDataSource db = new PooledDataSource();
        db.setJdbcUrl(Fixture.h2Url());
        assertNull(db.memoryUtilities());
        try (Connection c = db.getConnection()) {
            assertEquals(1, count(c, "SELECT 1"));
        }
        MemoryUtilities own = db.memoryUtilities();
        assertNotNull(own);
        assertFalse(own.isClosed());
        db.close();
        assertTrue(own.isClosed());
        db.close();
    }

    @Test
    void every_setter_refuses_once_the_pool_is_open_or_the_data_source_closed_naming_its_property() throws SQLException {
        Map<String, Consumer<PooledDataSource>> setters = new java.util.LinkedHashMap<>();
        setters.put("memoryUtilities", db -> db.setMemoryUtilities(Fixture.memory()));
        setters.put("jdbcUrl", db -> db.setJdbcUrl("jdbc:h2:mem:other"));
        setters.put("username", db -> db.setUsername("sa"));
        setters.put("password", db -> db.setPassword(SECRET));
        setters.put("dataSourceProperties", db -> db.setDataSourceProperties(new Properties()));
        setters.put("poolName", db -> db.setPoolName("late"));
        setters.put("maximumPoolSize", db -> db.setMaximumPoolSize(5));
        setters.put("minimumIdle", db -> db.setMinimumIdle(1));
        setters.put("connectionTimeout", db -> db.setConnectionTimeout(1_000));
        setters.put("idleTimeout", db -> db.setIdleTimeout(1_000));
        setters.put("maxLifetime", db -> db.setMaxLifetime(1_000));
        setters.put("validationTimeout", db -> db.setValidationTimeout(1_000));
        setters.put("leakDetectionThreshold", db -> db.setLeakDetectionThreshold(1_000));
        setters.put("connectionInitSql", db -> db.setConnectionInitSql("SELECT 1"));
        setters.put("connectionTestQuery", db -> db.setConnectionTestQuery("SELECT 1"));
        setters.put("driverClassName", db -> db.setDriverClassName("org.h2.Driver"));

        PooledDataSource open = bean(Fixture.h2Url());
        open.setPassword(SECRET);
        open.getConnection().close();
        PooledDataSource closedBeforeStart = bean(Fixture.h2Url());
        closedBeforeStart.close();
        PooledDataSource made = Fixture.open(Fixture.h2Url(), new Properties(), PoolConfig.defaults());
        try {
            for (PooledDataSource db : List.of(open, closedBeforeStart, made)) {
                setters.forEach((property, setter) -> {
                    IllegalStateException e = assertThrows(IllegalStateException.class, () -> setter.accept(db),
                            property);
                    assertTrue(e.getMessage().endsWith("its configuration is sealed, and " + property
                            + " can no longer be set"), e.getMessage());
                    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
                });
            }
            assertEquals(1, open.stats().created(), "nothing changed");
        } finally {
            open.close();
            made.close();
        }
    }

    @Test
    void bad_values_are_refused_at_once_naming_the_property_and_the_value() {
        PooledDataSource db = new PooledDataSource();
        Map<String, Runnable> bad = new java.util.LinkedHashMap<>();
        bad.put("maximumPoolSize must be 1 connection or more, but was 0", () -> db.setMaximumPoolSize(0));
        bad.put("minimumIdle must be 0 connections or more, but was -1", () -> db.setMinimumIdle(-1));
        bad.put("connectionTimeout must be 1 ms or more, but was 0", () -> db.setConnectionTimeout(0));
        bad.put("idleTimeout must be 0 ms or more, but was -5", () -> db.setIdleTimeout(-5));
        bad.put("maxLifetime must be 0 ms or more, but was -1", () -> db.setMaxLifetime(-1));
        bad.put("validationTimeout must be 1 ms or more, but was 0", () -> db.setValidationTimeout(0));
        bad.put("leakDetectionThreshold must be 0 ms or more, but was -2", () -> db.setLeakDetectionThreshold(-2));
        bad.put("poolName must not be blank, but was ' '", () -> db.setPoolName(" "));
        bad.put("connectionInitSql must not be blank, but was ''", () -> db.setConnectionInitSql(""));
        bad.put("connectionTestQuery must not be blank, but was ' '", () -> db.setConnectionTestQuery(" "));
        bad.put("jdbcUrl must start with 'jdbc:', but was 'postgresql://db/app?password=*****'",
                () -> db.setJdbcUrl("postgresql://db/app?password=" + SECRET));
        bad.put("driverClassName names no class that loads: 'com.example.NoSuchDriver'",
                () -> db.setDriverClassName("com.example.NoSuchDriver"));
        bad.put("driverClassName must name a java.sql.Driver, but was 'java.lang.String'",
                () -> db.setDriverClassName("java.lang.String"));
        bad.forEach((message, setter) -> assertEquals(message,
                assertThrows(ConfigException.class, setter::run).getMessage()));
        db.setDriverClassName("org.h2.Driver");
        assertEquals("org.h2.Driver", db.getDriverClassName());
        assertEquals(10, db.getMaximumPoolSize(), "a refused value changes nothing");
    }

    @Test
    void settings_that_contradict_each_other_fail_the_first_get_connection_and_can_be_fixed() throws SQLException {
        PooledDataSource db = bean(Fixture.h2Url());
        db.setMaximumPoolSize(2);
        db.setMinimumIdle(3);
        ConfigException e = assertThrows(ConfigException.class, db::getConnection);
        assertEquals("minimumIdle must be at most maximumPoolSize (2), but was 3", e.getMessage());
        assertThrows(IllegalStateException.class, db::pool, "not open");
        db.setMinimumIdle(1);
        try (Connection c = db.getConnection()) {
            assertEquals(1, count(c, "SELECT 1"));
        } finally {
            db.close();
        }
        PooledDataSource unset = new PooledDataSource();
        ConfigException noUrl = assertThrows(ConfigException.class, unset::getConnection);
        assertEquals("jdbcUrl must be set before the first getConnection() of a PooledDataSource", noUrl.getMessage());
        unset.close();
    }

    @Test
    void close_before_the_first_get_connection_opens_nothing_and_later_calls_fail_as_on_a_closed_pool() {
        RecordingMonitor events = new RecordingMonitor();
        try (MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.builder().provider(Fixture.provider())
                .addMonitor(events).build())) {
            PooledDataSource db = new PooledDataSource();
            db.setMemoryUtilities(memory);
            db.setJdbcUrl(Fixture.h2Url());
            db.close();
            assertTrue(db.isClosed());
            SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, db::getConnection);
            assertEquals("08003", e.getSQLState());
            assertTrue(events.kinds().stream().noneMatch(k -> k == EventKind.POOL_OPENED), events.kinds()::toString);
        }
    }

    @Test
    void get_connection_with_credentials_is_refused_naming_the_pool_or_the_data_source_before_it_opens() {
        PooledDataSource unnamed = new PooledDataSource();
        assertTrue(assertThrows(SQLFeatureNotSupportedException.class, () -> unnamed.getConnection("app", "pw"))
                .getMessage().startsWith("This data source's pool opens every connection with the credentials"));
        PooledDataSource named = new PooledDataSource();
        named.setPoolName("orders");
        assertTrue(assertThrows(SQLFeatureNotSupportedException.class, () -> named.getConnection("app", "pw"))
                .getMessage().startsWith("Pool orders opens every connection with the credentials"));
    }

    /**
     * Many threads call the first {@code getConnection} at once, round after round: each round's data
     * source opens exactly one pool, and every caller gets a connection of it.
     */
    @Test
    void threads_racing_to_the_first_get_connection_open_one_pool() throws Exception {
        int threads = 16;
        RecordingMonitor events = new RecordingMonitor(java.util.Set.of(EventKind.POOL_OPENED));
        try (MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.builder().provider(Fixture.provider())
                .addMonitor(events).build());
             ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int round = 0; round < 20; round++) {
                PooledDataSource db = new PooledDataSource();
                db.setMemoryUtilities(memory);
                db.setJdbcUrl(Fixture.h2Url());
                db.setMaximumPoolSize(threads);
                db.setConnectionTimeout(30_000);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Pool<Connection>>> calls = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    calls.add(pool.submit(() -> {
                        go.await();
                        try (Connection c = db.getConnection()) {
                            assertEquals(1, count(c, "SELECT 1"));
                        }
                        return db.pool();
                    }));
                }
                go.countDown();
                Pool<Connection> first = calls.getFirst().get();
                for (Future<Pool<Connection>> call : calls) {
                    assertSame(first, call.get(), "round " + round);
                }
                assertEquals(threads, db.stats().acquired(), "round " + round);
                db.close();
                assertEquals(round + 1, events.events().size(), "one pool opened per round, round " + round);
            }
        }
    }

    @Test
    void the_password_appears_in_no_message_log_or_to_string() throws SQLException {
        String url = Fixture.h2Url();
        Properties owner = new Properties();
        owner.setProperty("user", "sa");
        owner.setProperty("password", "the-right-one");
        try (Connection keepAlive = DriverManager.getConnection(url, owner);
             LogCapture log = LogCapture.of("org.patinox.memory")) {
            PooledDataSource db = bean(url);
            db.setUsername("sa");
            db.setPassword(SECRET);
            db.addDataSourceProperty("sslpassword", SECRET + "-ssl");
            db.setMaximumPoolSize(1);
            db.setConnectionTimeout(3_000);
            assertFalse(db.toString().contains(SECRET), db.toString());
            try {
                SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, db::getConnection);
                assertFalse(everything(e).contains(SECRET), everything(e));
                assertFalse(db.toString().contains(SECRET), db.toString());
                assertTrue(db.stats().creationFailures() > 0);
                IllegalStateException sealed = assertThrows(IllegalStateException.class, () -> db.setPassword("x"));
                assertFalse(sealed.getMessage().contains(SECRET), sealed.getMessage());
            } finally {
                db.close();
            }
            assertTrue(log.has(Level.WARNING, "creating a connection failed"), log.text());
            assertFalse(log.text().contains(SECRET), log.text());
            assertTrue(keepAlive.isValid(1));
        }
    }

    @Test
    void the_init_sql_runs_once_on_each_new_physical_connection() throws Exception {
        String url = Fixture.h2Url();
        try (Connection setup = DriverManager.getConnection(url); Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE INIT_LOG (SESSION INT)");
            PooledDataSource db = bean(url);
            db.setMaximumPoolSize(2);
            db.setConnectionInitSql("INSERT INTO INIT_LOG VALUES (SESSION_ID())");
            try {
                for (int i = 0; i < 5; i++) {
                    try (Connection a = db.getConnection(); Connection b = db.getConnection()) {
                        assertEquals(1, count(a, "SELECT 1") * count(b, "SELECT 1"));
                    }
                }
                assertEquals(2, db.stats().created());
                try (Connection c = db.getConnection()) {
                    c.abort(Runnable::run);
                }
                Fixture.eventually("the aborted connection is destroyed", () -> db.stats().destroyed() == 1);
                try (Connection a = db.getConnection(); Connection b = db.getConnection()) {
                    assertEquals(3, db.stats().created(), "the aborted one replaced");
                    assertEquals(3, count(a, "SELECT COUNT(*) FROM INIT_LOG"), "once per physical connection");
                    assertEquals(3, count(a, "SELECT COUNT(DISTINCT SESSION) FROM INIT_LOG"));
                    assertEquals(1, count(b, "SELECT COUNT(*) FROM INIT_LOG WHERE SESSION = SESSION_ID()"),
                            "on this very connection");
                }
            } finally {
                db.close();
            }
        }
    }

    @Test
    void a_failing_init_sql_fails_the_creation_and_closes_the_connection() throws SQLException {
        AtomicInteger closes = new AtomicInteger();
        List<String> executed = new CopyOnWriteArrayList<>();
        String url = StubDriver.register("bean-init-fails", (u, info) -> StubDriver.connection(Map.of(
                "createStatement", args -> StubDriver.stub(Statement.class, Map.of("execute", sql -> {
                    executed.add((String) sql[0]);
                    throw new SQLException("Table \"NO_SUCH\" not found", "42S02");
                })),
                "close", args -> {
                    closes.incrementAndGet();
                    return null;
                })));
        try (LogCapture log = LogCapture.of("org.patinox.memory")) {
            PooledDataSource db = bean(url);
            db.setMaximumPoolSize(1);
            db.setConnectionTimeout(500);
            db.setConnectionInitSql("INSERT INTO NO_SUCH VALUES (1)");
            try {
                SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, db::getConnection);
                assertTrue(everything(e).contains("connectionInitSql failed on a new connection to " + url
                        + ": Table \"NO_SUCH\" not found"), everything(e));
                assertTrue(db.stats().creationFailures() > 0);
                assertEquals(0, db.stats().total());
            } finally {
                db.close();
            }
            assertTrue(executed.size() >= 1);
            assertTrue(executed.stream().allMatch("INSERT INTO NO_SUCH VALUES (1)"::equals), executed::toString);
            assertEquals(executed.size(), closes.get(), "every connection whose init SQL failed is closed");
            assertTrue(log.has(Level.WARNING, "creating a connection failed"), log.text());
        }
    }

    @Test
    void the_test_query_validates_instead_of_is_valid_for_drivers_without_it() throws Exception {
        AtomicInteger isValidCalls = new AtomicInteger();
        List<String> executed = new CopyOnWriteArrayList<>();
        AtomicInteger failQueries = new AtomicInteger();
        String url = StubDriver.register("bean-no-is-valid", (u, info) -> StubDriver.connection(Map.of(
                "isValid", args -> {
                    isValidCalls.incrementAndGet();
                    throw new SQLFeatureNotSupportedException("isValid is not supported");
                },
                "createStatement", args -> StubDriver.stub(Statement.class, Map.of("execute", sql -> {
                    executed.add((String) sql[0]);
                    if (failQueries.get() > 0) {
                        throw new SQLException("connection reset", "08S01");
                    }
                    return true;
                })))));
        JdbcConnectionManager manager = PooledDataSource.manager(url, new Properties(), Duration.ofSeconds(1),
                null, "SELECT 1 FROM DUAL");
        Connection c = manager.create().toCompletableFuture().get();
        assertTrue(manager.validate(c).toCompletableFuture().get());
        assertEquals(List.of("SELECT 1 FROM DUAL"), executed);
        failQueries.set(1);
        assertTrue(manager.validate(c).toCompletableFuture().isCompletedExceptionally(), "a failed query: invalid");
        assertEquals(0, isValidCalls.get(), "isValid never called");
        manager.destroy(c);

        // Through the bean: a connection idle past the validation threshold (500ms) is validated on acquire.
        failQueries.set(0);
        executed.clear();
        PooledDataSource db = bean(url);
        db.setMaximumPoolSize(1);
        db.setConnectionTestQuery("VALUES 1");
        try {
            db.getConnection().close();
            Thread.sleep(700);
            db.getConnection().close();
            assertEquals(List.of("VALUES 1"), executed);
            assertEquals(0, isValidCalls.get());
            assertEquals(1, db.stats().created());
        } finally {
            db.close();
        }
        // Without a test query, such a driver fails validation: the reason for the setting.
        PooledDataSource plain = bean(url);
        plain.setMaximumPoolSize(1);
        try {
            plain.getConnection().close();
            Thread.sleep(700);
            plain.getConnection().close();
            assertTrue(isValidCalls.get() > 0);
            assertTrue(plain.stats().validationFailures() > 0);
        } finally {
            plain.close();
        }
    }
}
