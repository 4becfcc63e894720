package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.PoolException;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.tck.LogCapture;
import org.patinox.memory.tck.RecordingMonitor;
import redis.clients.jedis.Jedis;

/**
 * Passwords drawn from a fixed seed over the characters a URL's user info and a mask may stop at,
 * unicode and spaces, given raw and percent-encoded in the URL or in the properties, never show: not
 * in the URL or manager shown, a text or failure that quotes the URL and the properties verbatim, a
 * server's refusal that quotes the password, an event or a log line, on both providers. Each
 * password is framed by {@code ⟨} and {@code ⟩}, found nowhere else, so a mask that stops inside it
 * shows an end.
 */
final class RedisPasswordFuzzTest {

    private static final String ALPHABET = "@/:;&#?=% \t+aZ9._-~ü€ßΩ😀\\'\"{}[],!$*";
    private static final String OPEN = "⟨";
    private static final String CLOSE = "⟩";

    private static String password(Random random) {
        StringBuilder b = new StringBuilder(OPEN);
        int length = 1 + random.nextInt(40);
        int count = ALPHABET.codePointCount(0, ALPHABET.length());
        for (int i = 0; i < length; i++) {
            b.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(count))));
        }
        return b.append(CLOSE).toString();
    }

    private static void assertHidden(String password, String where, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8);
        for (String shown : List.of(password, encoded, encoded.replace("+", "%20"), byteWise(password), OPEN, CLOSE,
                URLEncoder.encode(OPEN, StandardCharsets.UTF_8), URLEncoder.encode(CLOSE, StandardCharsets.UTF_8))) {
            assertFalse(lower.contains(shown.toLowerCase(Locale.ROOT)),
                    () -> "password " + password + " shows in " + where + ": " + text);
        }
    }

    /** The password as a client shows a reply it reads a byte to a char, sign extended, as Jedis does. */
    private static String byteWise(String password) {
        StringBuilder b = new StringBuilder();
        for (byte x : password.getBytes(StandardCharsets.UTF_8)) {
            b.append((char) x);
        }
        return b.toString();
    }

    private static String everything(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** A URL and the properties it goes with; one of them holds the password. */
    record Form(String url, Properties properties) {
    }

    private static List<Form> forms(String password, int port) {
        String host = "127.0.0.1:" + port;
        List<Form> forms = new ArrayList<>();
        // User info takes a + as itself: a space is %20.
        String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20");
        for (String p : List.of(password, encoded)) {
            for (String url : List.of("redis://app:" + p + "@" + host, "redis://:" + p + "@" + host + "/2",
                    "rediss://app:" + p + "@" + host)) {
                forms.add(new Form(url, new Properties()));
            }
        }
        // A password alone, the user info without a colon, holds none.
        forms.add(new Form("redis://" + encoded + "@" + host, new Properties()));
        Properties properties = new Properties();
        properties.setProperty("user", "app");
        properties.setProperty("password", password);
        forms.add(new Form("redis://" + host, properties));
        // Both: the properties' password is the one used, and the URL's must not show either.
        forms.add(new Form("redis://app:" + password + "@" + host, properties));
        Properties other = new Properties();
        other.setProperty("password", "other-password");
        forms.add(new Form("redis://app:" + password + "@" + host, other));
        return forms;
    }

    /** A server that answers every command with a refusal quoting the password: the worst a server may say. */
    private static final class QuotingServer implements AutoCloseable {
        private final ServerSocket socket;
        private volatile String reply = "-WRONGPASS refused\r\n";

        QuotingServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().name("quoting-redis").start(this::serve);
        }

        int port() {
            return socket.getLocalPort();
        }

        void quote(String password) {
            // A reply is one line: a password's own line breaks are none of these.
            reply = "-WRONGPASS invalid password " + password + " ("
                    + URLEncoder.encode(password, StandardCharsets.UTF_8) + ")\r\n";
        }

        private void serve() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    Thread.ofPlatform().daemon().start(() -> answer(s));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void answer(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                byte[] buffer = new byte[8192];
                while (in.read(buffer) > 0) {
                    out.write(reply.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException gone) {
                // the client went away
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void no_password_shows_whatever_it_holds(String provider) throws Exception {
        Random random = new Random(provider.hashCode() * 31L + 20261208L);
        RecordingMonitor monitor = new RecordingMonitor();
        int pools = 0;
        try (QuotingServer server = new QuotingServer();
             MemoryUtilities memory = RedisPoolTest.open(provider, monitor)) {
            for (int run = 0; run < 200; run++) {
                String password = password(random);
                server.quote(password);
                for (Form form : forms(password, server.port())) {
                    String where = "run " + run + ", " + form.url() + " " + form.properties();
                    String verbatim = "cannot connect to " + form.url() + " with " + form.properties();
                    RedisConnectionManager manager;
                    try {
                        manager = RedisConnectionManager.of(form.url(), form.properties());
                    } catch (ConfigException refused) {
                        // A raw % that starts no escape: no URL, and the refusal must not show it either.
                        assertHidden(password, where + ", refused", everything(refused));
                        continue;
                    }
                    Secrets secrets = manager.secrets();
                    assertHidden(password, where + ", shown", manager + " " + manager.url() + " " + manager.url().masked());
                    assertHidden(password, where + ", a text", secrets.redact(verbatim));
                    assertHidden(password, where + ", a failure", everything(secrets.clean(
                            new IllegalStateException(verbatim, new IOException(verbatim)))));
                    // Through a pool, a few per run: each waits for its acquire to time out.
                    if (run % 40 != 0 || !form.properties().isEmpty()) {
                        continue;
                    }
                    String name = "fuzz-" + provider + "-" + pools++;
                    try (LogCapture log = LogCapture.of("org.patinox.memory", Level.ALL)) {
                        List<String> texts = new ArrayList<>();
                        try (Pool<Jedis> pool = memory.pool(form.url(), Jedis.class, PoolConfig.builder().name(name)
                                .minSize(0).maxSize(1).acquireTimeout(Duration.ofMillis(500)).build())) {
                            PoolException e = assertThrows(PoolException.class,
                                    () -> pool.acquire(Duration.ofMillis(500)).close());
                            texts.add(everything(e));
                            texts.add(pool + " " + pool.stats() + " " + pool.config());
                        }
                        for (LogRecord r : log.records()) {
                            texts.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()));
                            if (r.getThrown() != null) {
                                texts.add(everything(r.getThrown()));
                            }
                        }
                        for (MonitorEvent event : monitor.events()) {
                            if (event.source().equals(name)) {
                                texts.add(event.describe() + " " + event + " " + event.attributes());
                                event.error().ifPresent(t -> texts.add(everything(t)));
                            }
                        }
                        for (String text : texts) {
                            assertHidden(password, where + ", pool", text);
                        }
                    }
                }
            }
        }
    }
}
