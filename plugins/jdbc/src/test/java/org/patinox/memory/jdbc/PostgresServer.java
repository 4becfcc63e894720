package org.patinox.memory.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests use, as {@code .ci/postgres.sh} describes it in {@code
 * PATINOX_PG_*} variables. Without them the PostgreSQL tests are skipped, except under {@code
 * CI=true}, where a missing server fails them. Only loopback servers are accepted.
 */
final class PostgresServer {

    private PostgresServer() {
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** Skips the calling test when no server is configured, or fails it under {@code CI=true}. */
    static void require() {
        String url = env("PATINOX_PG_URL");
        if (url == null) {
            String why = "PATINOX_PG_URL is not set: run the tests through .ci/postgres.sh run ./mvnw ...";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true, but there is no PostgreSQL server for the tests. " + why);
            }
            Assumptions.abort(why);
        }
        String host = URI.create(url.substring("jdbc:".length())).getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            fail("The tests reach 127.0.0.1 only, but PATINOX_PG_URL names host " + host);
        }
    }

    /** @return the server's JDBC URL */
    static String url() {
        return env("PATINOX_PG_URL");
    }

    /**
     * @param applicationName the name the connections show in {@code pg_stat_activity}
     * @return properties for the trusted superuser
     */
    static Properties properties(String applicationName) {
        Properties p = new Properties();
        p.setProperty("user", env("PATINOX_PG_USER") == null ? "postgres" : env("PATINOX_PG_USER"));
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "60");
        return p;
    }

    /** @return the role that must log in with a password, or {@code null} */
    static String secretUser() {
        return env("PATINOX_PG_SECRET_USER");
    }

    /** @return that role's password */
    static String secretPassword() {
        return env("PATINOX_PG_SECRET_PASSWORD");
    }

    /** @return a connection outside any pool, to look at the server */
    static Connection direct() throws SQLException {
        return DriverManager.getConnection(url(), properties("patinox-observer"));
    }

    /**
     * @param applicationName as given to {@link #properties}
     * @return how many server processes serve connections of that name
     */
    static int backends(String applicationName) throws SQLException {
        try (Connection c = direct();
             PreparedStatement s = c.prepareStatement("select count(*) from pg_stat_activity where application_name = ?")) {
            s.setString(1, applicationName);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /** Restarts the server with {@code pg_ctl restart -m fast}, as the server's owner, and waits for it. */
    static void restart() throws IOException, InterruptedException {
        String ctl = env("PATINOX_PG_CTL");
        String data = env("PATINOX_PG_DATA");
        if (ctl == null || data == null) {
            fail("PATINOX_PG_CTL and PATINOX_PG_DATA must name pg_ctl and the data directory to restart the server");
        }
        List<String> command = new ArrayList<>();
        String owner = env("PATINOX_PG_OS_USER") == null ? "postgres" : env("PATINOX_PG_OS_USER");
        if (!owner.equals(System.getProperty("user.name"))) {
            command.addAll(List.of("runuser", "-u", owner, "--"));
        }
        command.addAll(List.of(ctl, "-D", data, "-m", "fast", "-w", "-t", "60", "restart"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // The restarted server inherits pg_ctl's output: send it to the server's log, never to a pipe
        // nobody reads.
        String log = env("PATINOX_PG_LOG");
        pb.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(new File(log)));
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("pg_ctl restart did not finish in 90s: " + command);
        }
        if (p.exitValue() != 0) {
            fail("pg_ctl restart failed with status " + p.exitValue() + ": " + command + "; see " + log);
        }
    }
}
