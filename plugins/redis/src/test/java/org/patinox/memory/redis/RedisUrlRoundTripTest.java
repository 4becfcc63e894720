package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A {@link RedisUrl} holding a password, drawn from a fixed seed over odd passwords (percent-encoded,
 * with {@code @ : / %}, white space, non-ASCII), reads its parts back exactly, and its {@code
 * toString()} and {@link RedisUrl#masked()} never show the password, raw or encoded; the masked form
 * parses back to the same URL without its password.
 */
final class RedisUrlRoundTripTest {

    private static final List<String> PARTS = List.of("s3cr3t", "p@ss", "a:b", "sl/ash", "per%cent", "sp ace",
            "ünï-名前", "😀", "#frag", "?q=1", "\\bs", "@@@", "redis://x@y", "*****x");

    @Test
    void a_password_reads_back_and_is_never_shown() {
        Random random = new Random(20261208L);
        for (int run = 0; run < 500; run++) {
            String password = "Pw" + PARTS.get(random.nextInt(PARTS.size())) + PARTS.get(random.nextInt(PARTS.size()));
            String user = random.nextBoolean() ? "" : "user" + random.nextInt(10);
            String host = random.nextBoolean() ? "cache.example" : "[::1]";
            int port = random.nextInt(65_536);
            int database = random.nextInt(16);
            String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20");
            String scheme = random.nextBoolean() ? "redis" : "rediss";
            String text = scheme + "://" + user + ":" + encoded + "@" + host + ":" + port + "/" + database;
            RedisUrl url = RedisUrl.parse(text);
            String what = "run " + run + ": " + url;
            assertEquals(Optional.of(password), url.password(), what);
            assertEquals(user.isEmpty() ? Optional.empty() : Optional.of(user), url.user(), what);
            assertEquals(port, url.port(), what);
            assertEquals(database, url.database(), what);
            for (String shown : List.of(url.toString(), url.masked(), RedisUrl.maskAny(text))) {
                assertFalse(shown.contains(password), what + " shows the password");
                assertFalse(shown.contains(encoded), what + " shows the encoded password");
            }
            RedisUrl masked = RedisUrl.parse(url.masked());
            assertEquals(url.masked(), masked.masked(), what);
            assertEquals(url.host(), masked.host(), what);
            assertEquals(url.tls(), masked.tls(), what);
        }
    }
}
