package org.patinox.memory.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ConfigException;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.tck.LogCapture;

/**
 * A driver may quote the URL or the properties, passwords and all, in a failure of any type, not
 * only in an {@link SQLException}: none of it shows in what the pool hands on (the acquire's
 * exception, the events, the log), while the stack traces and the original class names stay.
 */
final class DriverFailureRedactionTest {

    private static final String URL_SECRET = "Url-S3cret-9";
    private static final String PROPERTY_SECRET = "Prop-S3cret-7";

    private static String everything(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static void assertNoSecret(String text) {
        assertFalse(text.contains(URL_SECRET), text);
        assertFalse(text.contains(PROPERTY_SECRET), text);
    }

    private static Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", "app");
        p.setProperty("password", PROPERTY_SECRET);
        return p;
    }

    /** A failure whose toString, not its message, quotes what it was given. */
    static final class ChattyException extends RuntimeException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;
        private final String detail;

        ChattyException(String detail) {
            super("connect failed");
            this.detail = detail;
        }

        @Override
        public String toString() {
            return super.toString() + " [" + detail + "]";
        }
    }

    static Stream<Arguments> failures() {
        List<Map.Entry<String, Function<String, Throwable>>> kinds = List.of(
                Map.entry("IllegalStateException", d -> new IllegalStateException("cannot open " + d)),
                Map.entry("AssertionError", d -> new AssertionError("driver bug with " + d)),
                Map.entry("IOException", d -> new IOException("socket for " + d)),
                Map.entry("ChattyException", ChattyException::new),
                Map.entry("IllegalArgumentException", d -> {
                    RuntimeException e = new IllegalArgumentException("outer", new IllegalStateException("inner " + d));
                    e.addSuppressed(new UnsupportedOperationException("suppressed " + d));
                    return e;
                }),
                Map.entry("SQLException", d -> new SQLException("wrapped", "08001",
                        new NoClassDefFoundError("while loading for " + d))));
        return kinds.stream().map(k -> Arguments.of(k.getKey(), k.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void a_driver_failure_of_any_type_never_shows_a_password(String kind, Function<String, Throwable> failure)
            throws Exception {
        String url = StubDriver.register("fail-" + kind, (u, info) -> {
            throw failure.apply(u + " with " + info);
        }) + ";password=" + URL_SECRET;
        Properties props = properties();
        PooledDataSource db;
        SQLTransientConnectionException e;
        try (LogCapture log = LogCapture.of("org.patinox.memory")) {
            // The pool creates its one connection at once, and keeps failing: once a failure is
            // counted, a short acquire times out with it as the cause, however slow the machine.
            db = Fixture.open(url, props, PoolConfig.builder().minSize(1).maxSize(1)
                    .acquireTimeout(Duration.ofMillis(300)).build());
            try {
                Fixture.eventually("a creation failure counted", () -> db.stats().creationFailures() > 0);
                e = assertThrows(SQLTransientConnectionException.class, db::getConnection);
                // The pool counts a failure, then logs it: wait for the log too.
                Fixture.eventually("the failure logged", () -> log.has(Level.WARNING, "creating a connection failed"));
                Fixture.eventually("the failure reported", () -> Fixture.EVENTS.events().stream().anyMatch(
                        ev -> ev.source().equals(db.name()) && ev.kind() == EventKind.CONNECTION_CREATION_FAILED));
                assertNoSecret(db.toString());
                assertNoSecret(db.stats().toString());
            } finally {
                db.close();
            }
            assertNoSecret(log.text());
            assertTrue(log.text().contains(kind), log.text());
        }
        assertNoSecret(everything(e));
        assertNoSecret(e.toString());
        // The diagnosis survives: the class the driver threw, and where it threw it.
        assertTrue(everything(e).contains(kind), everything(e));
        assertTrue(everything(e).contains(DriverFailureRedactionTest.class.getName()), everything(e));
        List<MonitorEvent> events = Fixture.EVENTS.events().stream().filter(ev -> ev.source().equals(db.name())).toList();
        assertTrue(events.stream().anyMatch(ev -> ev.kind() == EventKind.CONNECTION_CREATION_FAILED), events.toString());
        assertTrue(events.stream().anyMatch(ev -> ev.kind() == EventKind.ACQUIRE_TIMEOUT), events.toString());
        for (MonitorEvent event : events) {
            assertNoSecret(event.describe());
            assertNoSecret(event.toString());
            event.error().ifPresent(t -> assertNoSecret(everything(t)));
        }
    }

    @Test
    void a_failure_of_another_type_is_copied_as_its_kind_and_a_clean_one_is_kept() {
        Secrets s = Secrets.of("jdbc:x:;password=" + URL_SECRET, properties());
        RuntimeException runtime = new IllegalStateException("open " + URL_SECRET);
        Throwable cleaned = s.clean((Throwable) runtime);
        assertInstanceOf(RuntimeException.class, cleaned);
        assertEquals("java.lang.IllegalStateException: open *****", cleaned.getMessage());
        assertEquals(List.of(runtime.getStackTrace()), List.of(cleaned.getStackTrace()));
        assertInstanceOf(Error.class, s.clean(new LinkageError(PROPERTY_SECRET)));
        Throwable checked = s.clean(new IOException(PROPERTY_SECRET));
        assertInstanceOf(Exception.class, checked);
        assertFalse(checked instanceof RuntimeException || checked instanceof SQLException, checked.toString());

        IOException innocent = new IOException("timed out");
        assertSame(innocent, s.clean(innocent));
        // Only what leads to a secret is copied: a clean cause stays itself, with its class.
        IllegalStateException cleanCause = new IllegalStateException("no route to host");
        RuntimeException outer = new RuntimeException("for " + URL_SECRET, cleanCause);
        Throwable copy = s.clean(outer);
        assertNotSame(outer, copy);
        assertSame(cleanCause, copy.getCause());
    }

    @Test
    void a_failure_whose_text_cannot_be_read_is_copied_as_its_class_name() {
        Secrets s = Secrets.of("jdbc:x:;password=" + URL_SECRET, null);
        RuntimeException unreadable = new IllegalStateException() {
            @java.io.Serial
            private static final long serialVersionUID = 1L;

            @Override
            public String getMessage() {
                throw new UnsupportedOperationException("no message");
            }
        };
        Throwable copy = s.clean(new RuntimeException("wrapper", unreadable));
        assertEquals(unreadable.getClass().getName(), copy.getCause().getMessage());
        assertEquals(List.of(unreadable.getStackTrace()), List.of(copy.getCause().getStackTrace()));
    }

    @Test
    void causes_that_loop_are_redacted_without_looping() {
        Secrets s = Secrets.of("jdbc:x:;password=" + URL_SECRET, null);
        RuntimeException a = new RuntimeException("a " + URL_SECRET);
        RuntimeException b = new RuntimeException("b");
        a.initCause(b);
        b.initCause(a);
        Throwable copy = s.clean(a);
        assertFalse(copy.getMessage().contains(URL_SECRET));
        assertFalse(copy.getCause().getCause().getMessage().contains(URL_SECRET));
    }

    private static Throwable failureOf(CompletionStage<?> stage) {
        CompletionException e = assertThrows(CompletionException.class, () -> stage.toCompletableFuture().join());
        return e.getCause();
    }

    @Test
    void validate_recycle_destroy_and_adopt_return_their_failures_redacted_and_never_throw() {
        String detail = "jdbc:patinox-stub:...;password=" + URL_SECRET;
        AtomicInteger readOnlyAsked = new AtomicInteger();
        Map<String, StubDriver.Method> failing = Map.of(
                "isValid", args -> {
                    throw new IllegalStateException("validating " + detail);
                },
                // Read once for the baseline at creation; the second time, by recycle, it fails.
                "isReadOnly", args -> {
                    if (readOnlyAsked.incrementAndGet() > 1) {
                        throw new UnsupportedOperationException("read-only " + detail);
                    }
                    return Boolean.FALSE;
                },
                "close", args -> {
                    throw new AssertionError("closing " + detail);
                });
        String url = StubDriver.register("methods", (u, info) -> StubDriver.connection(failing)) + ";password=" + URL_SECRET;
        JdbcConnectionManager m = PooledDataSource.manager(url, properties(), Duration.ofSeconds(1));
        Connection c = m.create().toCompletableFuture().join();
        Throwable validation = failureOf(m.validate(c));
        assertInstanceOf(RuntimeException.class, validation);
        assertNoSecret(everything(validation));
        Throwable recycling = failureOf(m.recycle(c));
        assertInstanceOf(RuntimeException.class, recycling);
        assertNoSecret(everything(recycling));
        assertTrue(recycling.getMessage().startsWith(UnsupportedOperationException.class.getName()), recycling.getMessage());
        Throwable destroying = failureOf(m.destroy(c));
        assertInstanceOf(Error.class, destroying);
        assertNoSecret(everything(destroying));
        assertTrue(destroying.getMessage().startsWith(AssertionError.class.getName()), destroying.getMessage());

        // getAutoCommit fails while the baseline is taken, with a checked exception the proxy wraps,
        // and close fails too: both are reported, both redacted.
        String adopting = StubDriver.register("adopt", (u, info) -> StubDriver.connection(Map.of(
                "getAutoCommit", args -> {
                    throw new IOException("settings of " + detail);
                },
                "close", args -> {
                    throw new IllegalStateException("close " + detail);
                }))) + ";password=" + URL_SECRET;
        Throwable adoption = failureOf(PooledDataSource.manager(adopting, properties(), Duration.ofSeconds(1)).create());
        assertNoSecret(everything(adoption));
        assertTrue(everything(adoption).contains("IOException") && everything(adoption).contains("IllegalStateException"),
                everything(adoption));
    }

    @Test
    void a_driver_that_throws_checking_the_url_is_a_config_error_without_the_password() {
        String url = StubDriver.register("unchecked", (u, info) -> null) + ";password=" + URL_SECRET;
        ConfigException e = assertThrows(ConfigException.class, () -> PooledDataSource.connectionManager(url, null));
        assertNoSecret(everything(e));
        assertTrue(everything(e).contains("IllegalArgumentException"), everything(e));
    }
}
