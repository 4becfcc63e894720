package org.patinox.memory.jdbc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.tck.LogCapture;

/**
 * Passwords drawn from a fixed seed over every delimiter a URL form has, unicode and spaces, given
 * raw and percent-encoded in every URL form and under every property key a driver reads, never show:
 * not in the URL shown, the data source's or pool's {@code toString}, a creation failure of any type
 * that quotes the URL and the properties verbatim, an event or a log line. Each password is framed by
 * {@code ⟨} and {@code ⟩}, found nowhere else, so that a masking that stops inside it shows an end.
 */
final class PasswordFuzzTest {

    private static final String ALPHABET = "@/:;&#?=% \t+aZ9._-~ü€ßΩ😀\\'\"{}[],!$*";
    private static final String OPEN = "⟨";
    private static final String CLOSE = "⟩";
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static String password(Random random) {
        StringBuilder b = new StringBuilder(OPEN);
        int length = 1 + random.nextInt(40);
        while (b.length() < length + 1) {
            b.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(
                    ALPHABET.codePointCount(0, ALPHABET.length())))));
        }
        return b.append(CLOSE).toString();
    }

    /** The texts a password must not be found in, as given or percent-encoded, whole or by either end. */
    private static void assertHidden(String password, String where, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8);
        for (String shown : List.of(password, encoded, encoded.replace("+", "%20"), OPEN, CLOSE,
                URLEncoder.encode(OPEN, StandardCharsets.UTF_8), URLEncoder.encode(CLOSE, StandardCharsets.UTF_8))) {
            assertFalse(lower.contains(shown.toLowerCase(Locale.ROOT)),
                    () -> "password " + password + " shows in " + where + ": " + text);
        }
    }

    private static String everything(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** A URL with the password in it, and the properties it goes with. */
    record Form(String url, Properties properties) {
    }

    /**
     * @param prefix what the URL forms start with in place of {@code jdbc:<database>:}, so that a
     *     test driver may take them; {@code null} for the databases' own
     */
    private static List<Form> forms(String password, String prefix) {
        List<Form> forms = new ArrayList<>();
        for (String p : List.of(password, URLEncoder.encode(password, StandardCharsets.UTF_8))) {
            String pg = prefix == null ? "jdbc:postgresql:" : prefix;
            String my = prefix == null ? "jdbc:mysql:" : prefix;
            String ms = prefix == null ? "jdbc:sqlserver:" : prefix;
            String h2 = prefix == null ? "jdbc:h2:mem:app" : prefix;
            for (String url : List.of(
                    pg + "//app:" + p + "@db.example:5432/app?ssl=true",
                    pg + "//db.example:5432/app?user=app&password=" + p + "&ssl=true",
                    pg + "//db.example/app?sslpassword=" + p,
                    my + "//app:" + p + "@db.example:3306/app",
                    my + "//db.example/app?user=app&password=" + p,
                    ms + "//db.example:1433;databaseName=app;user=app;password=" + p + ";",
                    h2 + ";USER=sa;PASSWORD=" + p + ";MODE=PostgreSQL",
                    h2 + ";USER=sa;PASSWORD=" + p,
                    "jdbc:oracle:thin:app/" + p + "@db.example:1521/orcl",
                    "jdbc:oracle:thin:app/" + p + "@//db.example:1521/orcl")) {
                forms.add(new Form(url, new Properties()));
            }
        }
        for (String key : List.of("password", "PASSWORD", "Password", "pwd", "sslpassword", "trustStorePassword")) {
            Properties properties = new Properties();
            properties.setProperty("user", "app");
            properties.setProperty(key, password);
            forms.add(new Form((prefix == null ? "jdbc:postgresql:" : prefix) + "//db.example/app", properties));
        }
        return forms;
    }

    @Test
    void no_password_shows_in_a_url_shown_or_a_text_quoting_it() {
        Random random = new Random(20261208L);
        for (int run = 0; run < 300; run++) {
            String password = password(random);
            for (Form form : forms(password, null)) {
                Secrets secrets = Secrets.of(form.url(), form.properties());
                String where = "run " + run + ", " + form.url() + " " + form.properties();
                String verbatim = "cannot connect to " + form.url() + " with " + form.properties();
                assertHidden(password, where + ", url", secrets.url());
                assertHidden(password, where + ", a text", secrets.redact(verbatim));
                assertHidden(password, where + ", a failure", everything(secrets.clean(
                        new SQLException(verbatim, "28000", 0, new IllegalStateException(verbatim)))));
                assertTrue(secrets.url().contains(Secrets.MASK) || !form.properties().isEmpty(), where);
                PooledDataSource bean = new PooledDataSource();
                bean.setJdbcUrl(form.url());
                bean.setPassword(password);
                assertHidden(password, where + ", bean", bean + " " + bean.getJdbcUrl());
            }
        }
    }

    @Test
    void no_password_shows_through_a_pool_whose_driver_quotes_it() throws Exception {
        Random random = new Random(8122026L);
        AtomicInteger kind = new AtomicInteger();
        StubDriver.Behaviour quoting = (u, info) -> {
            String text = "login refused for " + u + " with " + info;
            throw kind.incrementAndGet() % 2 == 0 ? new SQLException(text, "28P01", new IllegalStateException(text))
                    : new IllegalArgumentException(text);
        };
        StubDriver.registerForeign("jdbc:oracle:thin:", quoting);
        String prefix = StubDriver.register("fuzz", quoting);
        for (int run = 0; run < 6; run++) {
            String password = password(random);
            for (Form form : forms(password, prefix)) {
                String where = "run " + run + ", " + form.url() + " " + form.properties();
                try (LogCapture log = LogCapture.of("org.patinox.memory")) {
                    PoolConfig config = PoolConfig.builder().name("fuzz" + NAMES.incrementAndGet()).minSize(1).maxSize(1)
                            .acquireTimeout(Duration.ofMillis(50)).build();
                    PooledDataSource db = Fixture.open(form.url(), form.properties(), config);
                    SQLTransientConnectionException e;
                    try {
                        Fixture.eventually("a creation failure counted", () -> db.stats().creationFailures() > 0);
                        e = assertThrows(SQLTransientConnectionException.class, db::getConnection);
                        Fixture.eventually("the failure logged", () -> log.has(Level.WARNING, "creating a connection failed"));
                        Fixture.eventually("the failure reported", () -> Fixture.EVENTS.events().stream().anyMatch(
                                ev -> ev.source().equals(db.name()) && ev.kind() == EventKind.CONNECTION_CREATION_FAILED));
                        assertHidden(password, where + ", toString", db + " " + db.stats() + " " + config
                                + " " + db.pool());
                    } finally {
                        db.close();
                    }
                    assertHidden(password, where + ", failure", everything(e));
                    assertHidden(password, where + ", log", log.text());
                    for (MonitorEvent event : Fixture.EVENTS.events()) {
                        if (event.source().equals(db.name())) {
                            assertHidden(password, where + ", event", event.describe() + " " + event + " "
                                    + event.attributes());
                            event.error().ifPresent(t -> assertHidden(password, where + ", event error", everything(t)));
                        }
                    }
                }
            }
        }
    }
}
