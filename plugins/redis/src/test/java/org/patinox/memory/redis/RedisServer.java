package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis servers of the tests. {@link #sharedUrl()} is the one {@code .ci/redis.sh} started and
 * named in {@code PATINOX_REDIS_URL}; without it the tests that need it are skipped, except under
 * {@code CI=true}, where they fail. A test that restarts a server or needs a password starts one of
 * its own with {@link #start}, on a port of its own, from the {@code redis-server} named by {@code
 * PATINOX_REDIS_SERVER} or found on the {@code PATH}. Only loopback servers are used.
 */
final class RedisServer implements AutoCloseable {

    private final Path binary;
    private final Path dir;
    private final int port;
    private final List<String> extra;
    private Process process;

    private RedisServer(Path binary, Path dir, int port, List<String> extra) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.extra = extra;
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value;
    }

    private static void missing(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true, but there is no Redis server for the tests. " + why);
        }
        Assumptions.abort(why);
    }

    /** @return the shared server's URL; skips the calling test when there is none (fails it under CI=true) */
    static String sharedUrl() {
        String url = env("PATINOX_REDIS_URL");
        if (url == null) {
            missing("PATINOX_REDIS_URL is not set: run the tests through .ci/redis.sh run ./mvnw ...");
        }
        String host = RedisUrl.parse(url).host();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            fail("The tests reach 127.0.0.1 only, but PATINOX_REDIS_URL names host " + host);
        }
        return url;
    }

    /** @return the {@code redis-server} binary; skips the calling test when there is none (fails it under CI=true) */
    static Path binary() {
        String named = env("PATINOX_REDIS_SERVER");
        if (named != null) {
            return Path.of(named);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, "redis-server");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        missing("No redis-server on the PATH and PATINOX_REDIS_SERVER is not set: apt-get install redis-server");
        throw new AssertionError("unreachable");
    }

    /**
     * Starts a throwaway server on a free loopback port, with no persistence.
     *
     * @param extra more arguments, such as {@code --requirepass secret}
     * @return the running server
     */
    static RedisServer start(String... extra) throws IOException, InterruptedException {
        Path binary = binary();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RedisServer server = new RedisServer(binary, Files.createTempDirectory("patinox-redis"), port, List.of(extra));
        server.startAgain();
        return server;
    }

    /** @return a URL of this server, without credentials */
    String url() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Starts the server again on its port (after {@link #stop()}), and waits until it accepts connections. */
    void startAgain() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--dir", dir.toString(), "--logfile", dir.resolve("server.log").toString()));
        command.addAll(extra);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("redis-server exited with " + process.exitValue() + "; see " + dir);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        fail("redis-server did not listen on " + port + " within 30s; see " + dir);
    }

    /** Stops the server at once (SIGKILL: no goodbye to the clients, as a crash), and waits for it. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Stops the server (SIGTERM) and waits for it. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
